/**
 * The pure logic of the Entities view: mentions of an entity counted by outlet (the chart and
 * its table), the one-sentence summary a screen reader hears for the chart, the entities the
 * "Merge into…" box offers, a mention's context, and where the arrow keys move in a list.
 */
import type { EntityIndexEntry } from '../../common/domain.js';
import { plural } from '../../common/plural.js';

/** One bar of the chart: an outlet (or, for an article without one, its title) and its mentions. */
export interface OutletBar {
  outlet: string;
  count: number;
  /** The articles of that outlet mentioning the entity. */
  documents: number;
}

/** What an article is called in the chart: its outlet, else its title. */
export function outletName(document: { outlet: string | null; title: string }): string {
  return document.outlet?.trim() || document.title;
}

/** Mentions per outlet, most first, then by name (an outlet's articles added up). */
export function outletBars(entry: Pick<EntityIndexEntry, 'documents'>): OutletBar[] {
  const bars = new Map<string, OutletBar>();
  for (const document of entry.documents) {
    const outlet = outletName(document);
    const bar = bars.get(outlet) ?? { outlet, count: 0, documents: 0 };
    bar.count += document.count;
    bar.documents += 1;
    bars.set(outlet, bar);
  }
  return [...bars.values()].sort((a, b) => b.count - a.count || a.outlet.localeCompare(b.outlet));
}

/** How many outlets mention the entity. */
export function outletCount(entry: Pick<EntityIndexEntry, 'documents'>): number {
  return new Set(entry.documents.map(outletName)).size;
}

/** "Islamic State: 3 mentions in 2 outlets — UPI 2, Arutz Sheva 1." */
export function chartSummary(name: string, bars: readonly OutletBar[]): string {
  const total = bars.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return `${name} is not mentioned in any article.`;
  const mentions = plural(total, 'mention');
  const outlets = plural(bars.length, 'outlet');
  return `${name}: ${mentions} in ${outlets} — ${bars.map((b) => `${b.outlet} ${b.count}`).join(', ')}.`;
}

/**
 * The entities "Merge into…" offers for `text`: every other entity whose name or an alias
 * contains it (case-insensitive), names starting with it first, then the most mentioned.
 */
export function mergeCandidates(
  entries: readonly EntityIndexEntry[],
  excludeId: string,
  text: string,
  max = 8,
): EntityIndexEntry[] {
  const query = text.trim().toLocaleLowerCase();
  const rank = (entry: EntityIndexEntry): number => {
    if (!query) return 0;
    const names = [entry.entity.name, ...entry.entity.aliases].map((n) => n.toLocaleLowerCase());
    if (names.some((n) => n.startsWith(query))) return 0;
    return names.some((n) => n.includes(query)) ? 1 : -1;
  };
  return entries
    .filter((e) => e.entity.id !== excludeId)
    .map((entry) => ({ entry, rank: rank(entry) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank || b.entry.mentionCount - a.entry.mentionCount)
    .slice(0, max)
    .map((r) => r.entry);
}

/** Where a key moves the active row of a list of `length` rows (null: the key does not move it). */
export function moveInList(current: number, key: string, length: number, page = 10): number | null {
  if (length === 0) return null;
  const last = length - 1;
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(current + 1, last);
    case 'ArrowUp':
      return current < 0 ? last : Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(Math.max(current, 0) + page, last);
    case 'PageUp':
      return Math.max(current - page, 0);
    default:
      return null;
  }
}

/**
 * Stored context (an annotation's prefix and suffix, a few dozen characters) this long was cut
 * from the text, likely inside a word; shorter, it reaches the start or end of the text.
 */
const CUT_CONTEXT = 24;

/** The end of the text before a mention, from a word start, at most `max` characters: "…told RT that ". */
export function contextBefore(prefix: string, max = 40): string {
  const flat = prefix.replace(/\s+/g, ' ');
  if (flat.length < CUT_CONTEXT) return flat;
  const cut = flat.slice(-max);
  const space = cut.indexOf(' ');
  return `…${space >= 0 && space < cut.length - 1 ? cut.slice(space + 1) : cut}`;
}

/** The start of the text after a mention, to a word end, at most `max` characters: " claimed the…". */
export function contextAfter(suffix: string, max = 40): string {
  const flat = suffix.replace(/\s+/g, ' ');
  if (flat.length < CUT_CONTEXT) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > 0 ? cut.slice(0, space) : cut}…`;
}
