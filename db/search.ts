/**
 * Full-text search over the corpus with FTS5: a person's query turned into a safe FTS5
 * expression, documents ranked by bm25, and each matched occurrence located in the text as
 * UTF-16 offsets (via FTS5's own tokenizer, through `highlight()` markers) with a snippet.
 *
 * The markers are chosen per document among characters its text does not contain, so a text
 * holding the usual marker characters (U+0001, U+0002 are legal in a document) cannot shift
 * an offset.
 */
import type { SearchHit } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { prepare, type Db } from './connection.js';

const SNIPPET_CONTEXT = 60;

/**
 * Turns what a person types into an FTS5 query: `"quoted phrases"` stay phrases, `word*` is a
 * prefix search, AND / OR / NOT (upper case) are operators, anything else becomes a quoted
 * term, so punctuation such as `al-Hadithi` never raises a syntax error.
 */
export function toFtsQuery(input: string): string {
  const parts: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    if (m[1] !== undefined) {
      if (m[1].trim()) parts.push(`"${m[1].replace(/"/g, '""')}"`);
      continue;
    }
    const word = m[2] as string;
    if (word === 'AND' || word === 'OR' || word === 'NOT') {
      parts.push(word);
      continue;
    }
    const prefix = word.endsWith('*') && word.length > 1;
    const body = (prefix ? word.slice(0, -1) : word).replace(/"/g, '""');
    if (!/[\p{L}\p{N}]/u.test(body)) continue;
    parts.push(`"${body}"${prefix ? '*' : ''}`);
  }
  // Drop operators left dangling at either end or doubled.
  const cleaned: string[] = [];
  for (const part of parts) {
    const isOp = part === 'AND' || part === 'OR' || part === 'NOT';
    const prevOp = cleaned.length === 0 || ['AND', 'OR', 'NOT'].includes(cleaned[cleaned.length - 1] as string);
    if (isOp && prevOp) continue;
    cleaned.push(part);
  }
  while (cleaned.length && ['AND', 'OR', 'NOT'].includes(cleaned[cleaned.length - 1] as string)) cleaned.pop();
  return cleaned.join(' ');
}

interface DocumentRow {
  id: string;
  title: string;
  outlet: string | null;
  text: string;
}

/** Highlight markers: two characters that do not occur in `text`. */
export interface Markers {
  open: string;
  close: string;
}

/**
 * Two characters absent from `text`, to mark matches with: U+0001 and U+0002 when the text has
 * neither (almost always), else the first absent ones among the other control characters and the
 * private use area. A text holding all 6,400 of those would be needed to exhaust the choice.
 */
export function markersFor(text: string): Markers {
  const found: string[] = [];
  const consider = (code: number) => {
    const c = String.fromCharCode(code);
    if (!text.includes(c)) found.push(c);
    return found.length === 2;
  };
  for (let code = 0x01; code <= 0x08; code++) if (consider(code)) break;
  for (let code = 0xe000; found.length < 2 && code <= 0xf8ff; code++) if (consider(code)) break;
  if (found.length < 2) throw new ApiError('internal', 'No character is left to mark search matches with.');
  return { open: found[0] as string, close: found[1] as string };
}

/**
 * Locates the marked occurrences in a highlight() result: offsets into the unmarked text. The
 * markers must not occur in the text itself (see {@link markersFor}).
 */
export function markedRanges(
  marked: string,
  { open: OPEN, close: CLOSE }: Markers,
): { text: string; ranges: Array<[number, number]> } {
  const ranges: Array<[number, number]> = [];
  let text = '';
  let last = 0;
  let open = -1;
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i];
    if (c !== OPEN && c !== CLOSE) continue;
    text += marked.slice(last, i);
    last = i + 1;
    if (c === OPEN) open = text.length;
    else if (open >= 0) {
      ranges.push([open, text.length]);
      open = -1;
    }
  }
  text += marked.slice(last);
  return { text, ranges };
}

function snippetAround(text: string, ranges: Array<[number, number]>, index: number): string {
  const [start, end] = ranges[index] as [number, number];
  let from = Math.max(0, start - SNIPPET_CONTEXT);
  let to = Math.min(text.length, end + SNIPPET_CONTEXT);
  // Prefer word boundaries for the cut.
  const space = text.lastIndexOf(' ', start - SNIPPET_CONTEXT / 2);
  if (space > from && space < start) from = space + 1;
  const spaceAfter = text.indexOf(' ', end + SNIPPET_CONTEXT / 2);
  if (spaceAfter > 0 && spaceAfter < to) to = spaceAfter;
  let out = '';
  let cursor = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    out += text.slice(cursor, Math.max(cursor, s)) + '[' + text.slice(Math.max(s, cursor), e) + ']';
    cursor = e;
  }
  out += text.slice(cursor, to);
  out = out.replace(/\s+/g, ' ').trim();
  return (from > 0 ? '…' : '') + out + (to < text.length ? '…' : '');
}

/** Runs a search; hits are ordered by document rank, then by position in the document. */
export function searchCorpus(
  db: Db,
  query: string,
  options: { limit?: number; documentIds?: string[] } = {},
): SearchHit[] {
  const fts = toFtsQuery(query);
  if (!fts) throw new ApiError('invalid_params', 'The search has no words to look for.');
  const limit = options.limit ?? 100;
  const filter = options.documentIds ? new Set(options.documentIds) : null;
  // Phase 1 ranks documents with FTS5's fast path (ORDER BY rank LIMIT), one page at a time;
  // phase 2 runs highlight() only on the documents whose hits are returned.
  const ranked = prepare(
    db,
    'SELECT rowid FROM document_fts WHERE document_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?',
  );
  const documentRow = prepare(db, 'SELECT id, title, outlet, text FROM document WHERE rowid = ?');
  const marked = prepare(
    db,
    'SELECT highlight(document_fts, 1, @open, @close) AS marked FROM document_fts WHERE document_fts MATCH @fts AND rowid = @rowid',
  );
  const hits: SearchHit[] = [];
  const page = Math.max(20, Math.min(limit, 200));
  try {
    for (let offset = 0; hits.length < limit; offset += page) {
      const rowids = ranked.all(fts, page, offset) as Array<{ rowid: number }>;
      for (const { rowid } of rowids) {
        const row = documentRow.get(rowid) as DocumentRow | undefined;
        if (!row || (filter && !filter.has(row.id))) continue;
        const markers = markersFor(row.text);
        // A JS number binds as REAL, which an FTS5 rowid constraint silently ignores: pass a BigInt.
        const match = marked.get({ ...markers, fts, rowid: BigInt(rowid) }) as { marked: string } | undefined;
        if (!match) continue;
        const { text, ranges } = markedRanges(match.marked, markers);
        for (let i = 0; i < ranges.length && hits.length < limit; i++) {
          const [start, end] = ranges[i] as [number, number];
          hits.push({
            documentId: row.id,
            title: row.title,
            outlet: row.outlet,
            start,
            end,
            snippet: snippetAround(text, ranges, i),
          });
        }
        if (hits.length >= limit) break;
      }
      if (rowids.length < page) break;
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('invalid_params', `The search could not be understood: ${(error as Error).message}`);
  }
  return hits;
}

/** `search.query` on a workspace: the params as the API takes them. */
export function searchWorkspace(
  ws: { db: Db },
  params: { query: string; limit?: number | undefined; documentIds?: string[] | undefined },
): SearchHit[] {
  return searchCorpus(ws.db, params.query, {
    ...(params.limit !== undefined ? { limit: params.limit } : {}),
    ...(params.documentIds !== undefined ? { documentIds: params.documentIds } : {}),
  });
}
