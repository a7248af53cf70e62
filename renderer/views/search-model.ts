/**
 * The Search view's pure logic: what the toggles show by default for a query, the hits grouped
 * by article, a hit's snippet cut into plain and emphasised parts, the selection's keys, the
 * items `annotations.createMany` gets, and the sentences the view says.
 */
import type { SearchHit } from '../../common/domain.js';
import { parseSearchQuery } from '../../common/text-search.js';
import { plural } from '../workbench/format.js';

/** One occurrence's identity: its document and offsets. */
export function hitKey(hit: Pick<SearchHit, 'documentId' | 'start' | 'end'>): string {
  return `${hit.documentId}:${hit.start}:${hit.end}`;
}

/**
 * What the server does with the query's terms when the person says nothing: an all-caps term of
 * up to four letters (IS, US) matches case and whole words. The toggles show a default as ticked
 * when every term of the query has it.
 */
export function queryDefaults(query: string): { caseSensitive: boolean; wholeWord: boolean } {
  const { terms } = parseSearchQuery(query);
  if (terms.length === 0) return { caseSensitive: false, wholeWord: false };
  return {
    caseSensitive: terms.every((t) => t.caseSensitive),
    wholeWord: terms.every((t) => t.wholeWord),
  };
}

export interface HitGroup {
  documentId: string;
  title: string;
  outlet: string | null;
  /** The hits of this article, with their index in the flat list (for keyboard moves). */
  hits: Array<{ hit: SearchHit; index: number }>;
}

/** The hits by article, in the order they came (the server orders by document then offset). */
export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const groups: HitGroup[] = [];
  const byId = new Map<string, HitGroup>();
  hits.forEach((hit, index) => {
    let group = byId.get(hit.documentId);
    if (!group) {
      group = { documentId: hit.documentId, title: hit.title, outlet: hit.outlet, hits: [] };
      byId.set(hit.documentId, group);
      groups.push(group);
    }
    group.hits.push({ hit, index });
  });
  return groups;
}

/** A snippet's parts: the hits (wrapped in `[` `]` by the server) are marked. */
export function snippetParts(snippet: string): Array<{ text: string; mark: boolean }> {
  const parts: Array<{ text: string; mark: boolean }> = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), mark: false });
    parts.push({ text: m[1] as string, mark: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), mark: false });
  return parts;
}

/** The selection with `key` toggled (a new set). */
export function toggleKey(selection: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selection);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** The index a key moves the active hit to, or null for a key that does not move it. */
export function moveIndex(key: string, active: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, active + 1);
    case 'ArrowUp':
      return Math.max(0, active - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export interface TagItem {
  documentId: string;
  labelId: string;
  fragments: Array<{ start: number; end: number }>;
  entityId?: string;
}

/** One annotation per distinct hit, with the label and (if any) the entity. */
export function buildItems(hits: readonly SearchHit[], labelId: string, entityId: string | null): TagItem[] {
  const seen = new Set<string>();
  const items: TagItem[] = [];
  for (const hit of hits) {
    const key = hitKey(hit);
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({
      documentId: hit.documentId,
      labelId,
      fragments: [{ start: hit.start, end: hit.end }],
      ...(entityId ? { entityId } : {}),
    });
  }
  return items;
}

/** "33 places in 5 articles" (of the whole corpus: `total` counts every page). */
export function summaryText(total: number, articles: number, complete: boolean): string {
  if (total === 0) return 'No places found';
  const where = complete ? ` in ${plural(articles, 'article')}` : '';
  return `${plural(total, 'place')}${where}`;
}

/** The status line after tagging. */
export function taggedText(query: string, labelName: string, created: number, skipped: number): string {
  let text = `Tagged ${plural(created, 'mention')} of “${query}” as ${labelName}`;
  if (skipped > 0) text += `; ${skipped} already tagged ${skipped === 1 ? 'was' : 'were'} skipped`;
  return `${text}.`;
}
