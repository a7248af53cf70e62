/**
 * The side-by-side view's model, pure: which articles are open in its columns (two or three)
 * and which claim or entity is highlighted across them, and the mentions of that claim or
 * entity in one article, in reading order.
 */
import type { Annotation } from '../../common/domain.js';

/** Columns the view shows at most: three articles still leave each a readable measure. */
export const MAX_COLUMNS = 3;

/** The claim or entity whose mentions are highlighted in every column. */
export interface CompareFocus {
  kind: 'claim' | 'entity';
  id: string;
}

export interface CompareState {
  /** The documents in the columns, left to right (no document twice). */
  documentIds: string[];
  focus: CompareFocus | null;
}

export const initialCompareState: CompareState = { documentIds: [], focus: null };

/**
 * The columns to show: the wanted ones that still exist, once each, at most {@link MAX_COLUMNS};
 * when fewer than two are left, filled up with the open document and then the corpus order, so
 * the view always compares (a corpus of one document shows one column).
 */
export function resolveColumns(
  wanted: readonly string[],
  existing: readonly string[],
  openDocumentId: string | null,
): string[] {
  const known = new Set(existing);
  const out: string[] = [];
  const add = (id: string | null | undefined) => {
    if (id && known.has(id) && !out.includes(id) && out.length < MAX_COLUMNS) out.push(id);
  };
  for (const id of wanted) add(id);
  if (out.length >= 2) return out;
  add(openDocumentId);
  for (const id of existing) {
    if (out.length >= 2) break;
    add(id);
  }
  return out;
}

/** The annotations of `annotations` that mention the focus, in reading order. */
export function focusMentions(annotations: Iterable<Annotation>, focus: CompareFocus | null): Annotation[] {
  if (!focus) return [];
  const out: Annotation[] = [];
  for (const a of annotations) {
    if ((focus.kind === 'claim' ? a.claimId : a.entityId) === focus.id) out.push(a);
  }
  return out.sort((a, b) => (a.fragments[0]?.start ?? 0) - (b.fragments[0]?.start ?? 0) || a.id.localeCompare(b.id));
}

/**
 * The focus a click on these annotations (innermost first) asks for: the first one linked to a
 * claim or an entity (a claim mention's claim before its entity link), or null.
 */
export function focusOfClick(annotations: readonly (Annotation | undefined)[]): CompareFocus | null {
  for (const a of annotations) {
    if (!a) continue;
    if (a.claimId) return { kind: 'claim', id: a.claimId };
    if (a.entityId) return { kind: 'entity', id: a.entityId };
  }
  return null;
}

/** The index of the mention to move to from `current` (-1: none yet), wrapping round. */
export function stepMention(count: number, current: number, direction: 'next' | 'previous'): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 'next' ? 0 : count - 1;
  return direction === 'next' ? (current + 1) % count : (current - 1 + count) % count;
}

/** `claim:ID` / `entity:ID` for a select's value, and back. */
export function focusKey(focus: CompareFocus | null): string {
  return focus ? `${focus.kind}:${focus.id}` : '';
}

export function parseFocusKey(key: string): CompareFocus | null {
  const at = key.indexOf(':');
  if (at < 0) return null;
  const kind = key.slice(0, at);
  const id = key.slice(at + 1);
  return (kind === 'claim' || kind === 'entity') && id ? { kind, id } : null;
}
