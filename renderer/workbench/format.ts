/**
 * Small formatting helpers for what the workbench shows: dates, counts, truncated quotes, and
 * the accessible name of an annotation ("Country: Iraq").
 */
import type { Annotation, Label } from '../../common/domain.js';

/** `2015-09-27` as "27 Sep 2015"; null as "undated". */
export function formatDate(date: string | null): string {
  if (!date) return 'undated';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(match[3])} ${months[Number(match[2]) - 1] ?? ''} ${match[1]}`;
}

let timestampFormat: Intl.DateTimeFormat | null = null;

/** How long ago an ISO timestamp was, for people: "just now", "5 min ago", "3 h ago", else the date. */
export function formatRelative(iso: string, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return formatTimestamp(iso);
}

/** An ISO timestamp as a short local date and time. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // One formatter for all: creating one costs milliseconds.
  timestampFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return timestampFormat.format(date);
}

/** "1 entity", "3 entities": the one plural helper, shared with the command line. */
export { plural } from '../../common/plural.js';

/** Collapses white space and cuts to `max` characters with an ellipsis. */
export function truncate(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The accessible name of an annotation: "Country: Iraq". */
export function annotationName(annotation: Annotation, label: Label | undefined, max = 80): string {
  return `${label?.name ?? 'Unknown label'}: ${truncate(annotation.quote, max)}`;
}

/** A relation type for people: `attributed_to` → "attributed to". */
export function relationTypeName(type: string): string {
  return type.replace(/_/g, ' ');
}

/** The entity type a label's annotations create by default (from its subtype). */
export function entityTypeOf(
  label: Label | undefined,
): 'person' | 'organization' | 'country' | 'place' | 'group' | 'outlet' | 'other' {
  const subtype = label?.subtype ?? '';
  const known = ['person', 'organization', 'country', 'place', 'group', 'outlet'] as const;
  return (known as readonly string[]).includes(subtype) ? (subtype as (typeof known)[number]) : 'other';
}
