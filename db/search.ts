/**
 * Corpus search: every occurrence of a query in the documents' texts, exactly, one page at a
 * time. The query language and the matching (case, whole words, phrases, prefixes) are
 * common/text-search.ts; this file finds the documents to scan, scans them in order and builds
 * the page.
 *
 * FTS5 only narrows: its tokens are case- and accent-folded, so it cannot say where a literal
 * occurs, but it can say which documents cannot hold one. Each term's runs of ASCII letters and
 * digits must appear inside FTS tokens: a run bounded by ASCII punctuation or space within the
 * term is a whole token (`"run"`), one bounded on its left a token's start (`"run"*`), any other
 * one lies somewhere inside a token, found in the index's vocabulary (kept in memory until the
 * index changes). Documents outside that set cannot hold the term; the ones inside are scanned.
 * A term with no such run (all non-ASCII, or punctuation) narrows nothing, and every document is
 * scanned: slower, never wrong.
 *
 * Work is bounded by the page: every candidate document is scanned to count its occurrences, but
 * only the documents that the page reaches have their occurrences listed, and only the page's
 * hits get snippets.
 *
 * The texts come from the workspace's text cache (db/workspace.ts, TEXT_CACHE_BYTES): at 10,000
 * documents, reading every text out of SQLite takes several times as long as scanning them all,
 * so the first search after opening pays it and the later ones do not.
 */
import type { ParsedParamsOf } from '../common/contract.js';
import { SEARCH_PAGE } from '../common/contract/search.js';
import type { SearchHit, SearchResult } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { splitsSurrogatePair } from '../common/text.js';
import { TextScanner, parseSearchQuery, type ParsedQuery, type SearchTerm } from '../common/text-search.js';
import { prepare, type Db } from './connection.js';
import type { Workspace } from './workspace.js';

const SNIPPET_CONTEXT = 60;
/** Index terms one run of a term may stand for in the narrowing expression; past it, the run narrows nothing. */
const TERMS_PER_RUN = 200;
/** Index terms the whole narrowing expression may name. */
const TERMS_PER_QUERY = 600;

// ---------------------------------------------------------------------------------------------
// The index's vocabulary

interface Vocabulary {
  /** FTS5's structure record: it changes whenever the index does (every document write). */
  key: Buffer;
  /** Every index term, each between line feeds (tokens never hold one): "\nterm\nterm\n". */
  terms: string;
}

const vocabularies = new WeakMap<Db, Vocabulary>();
const VOCABULARY_TABLE = 'temp.triangulate_search_vocabulary';

/** The index's terms (folded to lower case, accents removed), read again only after the index changed. */
function vocabulary(db: Db): Vocabulary {
  // The structure record (rowid 10 of the %_data table, per the FTS5 documentation) carries a
  // cookie that FTS5 itself bumps on every write, to tell other connections their cache is stale.
  const row = prepare(db, 'SELECT block FROM document_fts_data WHERE id = 10').get() as { block: Buffer } | undefined;
  const key = row?.block ?? Buffer.alloc(0);
  const cached = vocabularies.get(db);
  if (cached && cached.key.equals(key)) return cached;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${VOCABULARY_TABLE} USING fts5vocab(main, document_fts, row)`);
  const rows = prepare(db, `SELECT term FROM ${VOCABULARY_TABLE}`).all() as Array<{ term: string }>;
  const vocabulary = { key: Buffer.from(key), terms: `\n${rows.map((r) => r.term).join('\n')}\n` };
  vocabularies.set(db, vocabulary);
  return vocabulary;
}

/** The index terms that hold `run` (lower-case ASCII), at most `max`; null when there are more. */
function termsHolding(vocabulary: Vocabulary, run: string, max: number): string[] | null {
  const found: string[] = [];
  const all = vocabulary.terms;
  for (let at = all.indexOf(run); at >= 0;) {
    const start = all.lastIndexOf('\n', at) + 1;
    const end = all.indexOf('\n', at + run.length);
    if (found.length === max) return null;
    found.push(all.slice(start, end));
    at = all.indexOf(run, end);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Narrowing with FTS5

/** The runs of ASCII letters and digits of a literal, and whether ASCII non-word characters bound each within it. */
function asciiRuns(term: SearchTerm): Array<{ run: string; left: boolean; right: boolean }> {
  const text = term.text;
  const runs: Array<{ run: string; left: boolean; right: boolean }> = [];
  for (const m of text.matchAll(/[A-Za-z0-9]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    // Next to a run, an ASCII character is a non-word one: an FTS5 separator.
    const left = start > 0 && text.charCodeAt(start - 1) < 128;
    const right = end < text.length && text.charCodeAt(end) < 128;
    runs.push({ run: m[0].toLowerCase(), left, right });
  }
  return runs;
}

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/**
 * An FTS5 expression every document holding `term` satisfies; null when none is worth building;
 * false when no document can hold it.
 */
function termExpression(
  term: SearchTerm,
  vocabulary: () => Vocabulary,
  budget: { terms: number },
): string | null | false {
  const parts: string[] = [];
  for (const { run, left, right } of asciiRuns(term)) {
    if (left && right) parts.push(quote(run));
    else if (left) parts.push(`${quote(run)}*`);
    else {
      const tokens = termsHolding(vocabulary(), run, Math.min(TERMS_PER_RUN, budget.terms));
      if (tokens === null) continue;
      if (tokens.length === 0) return false;
      budget.terms -= tokens.length;
      parts.push(tokens.length === 1 ? quote(tokens[0] as string) : `(${tokens.map(quote).join(' OR ')})`);
    }
  }
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * The FTS5 MATCH expression that every document matching the query satisfies; null when it would
 * narrow nothing (scan every document); false when no document can match.
 */
export function narrowingExpression(db: Db, query: ParsedQuery): string | null | false {
  const budget = { terms: TERMS_PER_QUERY };
  const lazyVocabulary = () => vocabulary(db);
  const expressions = new Map<number, string | null | false>();
  const expressionOf = (index: number) => {
    if (!expressions.has(index)) {
      expressions.set(index, termExpression(query.terms[index] as SearchTerm, lazyVocabulary, budget));
    }
    return expressions.get(index) as string | null | false;
  };
  const groups: string[] = [];
  for (const group of query.groups) {
    const parts = group.include.map(expressionOf);
    if (parts.includes(false)) continue;
    const constraints = parts.filter((p): p is string => typeof p === 'string');
    if (constraints.length === 0) return null;
    groups.push(constraints.length === 1 ? (constraints[0] as string) : `(${constraints.join(' AND ')})`);
  }
  if (groups.length === 0) return false;
  return `text : (${groups.join(' OR ')})`;
}

// ---------------------------------------------------------------------------------------------
// Scanning and the page

interface DocumentRow {
  id: string;
  title: string;
  outlet: string | null;
}

const ORDER = 'ORDER BY d.published_at IS NULL, d.published_at, d.title, d.id';

/** The documents to scan, in hit order: publication date (undated last), title, id. */
function candidateDocuments(db: Db, expression: string | null): DocumentRow[] {
  if (expression === null) {
    return prepare(db, `SELECT d.id, d.title, d.outlet FROM document d ${ORDER}`).all() as DocumentRow[];
  }
  // `+d.rowid`: read the documents from the covering index document_by_date and keep the
  // matched ones, rather than look each matched rowid up in the table, whose rows (one page
  // each, with their text) are three times slower to visit when most documents match.
  return prepare(
    db,
    `SELECT d.id, d.title, d.outlet FROM document d
      WHERE +d.rowid IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?) ${ORDER}`,
  ).all(expression) as DocumentRow[];
}

/** The terms whose occurrences are hits in a text: those of the alternatives it matches. */
function hitTerms(query: ParsedQuery, scanner: TextScanner): SearchTerm[] {
  const group = query.groups[0];
  // The common case, one alternative of one term: its occurrences, counted by the caller.
  if (query.groups.length === 1 && group && group.include.length === 1 && group.exclude.length === 0) {
    return [query.terms[group.include[0] as number] as SearchTerm];
  }
  const present = new Map<number, boolean>();
  const has = (index: number) => {
    let answer = present.get(index);
    if (answer === undefined) {
      answer = scanner.has(query.terms[index] as SearchTerm);
      present.set(index, answer);
    }
    return answer;
  };
  const indices = new Set<number>();
  for (const g of query.groups) {
    if (g.include.every(has) && !g.exclude.some(has)) for (const index of g.include) indices.add(index);
  }
  return [...indices].sort((a, b) => a - b).map((index) => query.terms[index] as SearchTerm);
}

/**
 * The text around hit `index` of a flat span list `[start, end, ...]` (sorted by start), with that
 * hit and the others in view wrapped in `[` `]`; cut at spaces where it can, never inside a
 * surrogate pair.
 */
export function snippetAround(text: string, spans: readonly number[], index: number): string {
  const start = spans[2 * index] as number;
  const end = spans[2 * index + 1] as number;
  let from = Math.max(0, start - SNIPPET_CONTEXT);
  let to = Math.min(text.length, end + SNIPPET_CONTEXT);
  const space = text.lastIndexOf(' ', start - SNIPPET_CONTEXT / 2);
  if (space > from && space < start) from = space + 1;
  const spaceAfter = text.indexOf(' ', end + SNIPPET_CONTEXT / 2);
  if (spaceAfter > 0 && spaceAfter < to) to = spaceAfter;
  if (splitsSurrogatePair(text, from)) from++;
  if (splitsSurrogatePair(text, to)) to--;
  // The hits in view: back from this one while they could still reach into the window.
  let first = index;
  while (first > 0 && (spans[2 * (first - 1)] as number) > from - 4 * SNIPPET_CONTEXT) first--;
  let out = '';
  let cursor = from;
  for (let i = first; 2 * i < spans.length; i++) {
    const s = spans[2 * i] as number;
    const e = spans[2 * i + 1] as number;
    if (s >= to) break;
    if (e <= cursor) continue;
    out += text.slice(cursor, Math.max(cursor, s)) + '[' + text.slice(Math.max(s, cursor), e) + ']';
    cursor = e;
  }
  to = Math.max(to, cursor);
  out += text.slice(cursor, to);
  out = out.replace(/\s+/g, ' ').trim();
  return (from > 0 ? '…' : '') + out + (to < text.length ? '…' : '');
}

export interface SearchOptions {
  caseSensitive?: boolean | undefined;
  wholeWord?: boolean | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  documentIds?: readonly string[] | undefined;
}

/**
 * Every occurrence of `query` in the corpus, ordered by document (publication date, title) then
 * offset; the page `[offset, offset + limit)` of them, with the total.
 * @throws ApiError `invalid_params` for a query with nothing to look for
 */
export function searchCorpus(ws: Workspace, query: string, options: SearchOptions = {}): SearchResult {
  const parsed = parseSearchQuery(query, options);
  if (parsed.groups.length === 0) throw new ApiError('invalid_params', 'The search has nothing to look for.');
  const limit = options.limit ?? SEARCH_PAGE.default;
  const offset = options.offset ?? 0;
  const filter = options.documentIds ? new Set(options.documentIds) : null;
  const db = ws.db;
  // One read transaction: the vocabulary, the candidates and the texts come from one snapshot.
  return db.transaction((): SearchResult => {
    const expression = narrowingExpression(db, parsed);
    const hits: SearchHit[] = [];
    let total = 0;
    if (expression === false) return { hits, total, nextOffset: null };
    for (const doc of candidateDocuments(db, expression)) {
      if (filter && !filter.has(doc.id)) continue;
      // Kept in the workspace's text cache: reading 10,000 texts out of SQLite costs more than
      // scanning them (see the module comment).
      const text = ws.documentText(doc.id);
      const scanner = new TextScanner(text);
      const terms = hitTerms(parsed, scanner);
      if (terms.length === 0) continue;
      let spans: number[] | null = null;
      const count =
        terms.length === 1 ? scanner.scan(terms[0] as SearchTerm) : (spans = scanner.occurrences(terms)).length / 2;
      const from = Math.max(offset - total, 0);
      const to = Math.min(offset + limit - total, count);
      if (from < to) {
        spans ??= scanner.occurrences(terms);
        for (let i = from; i < to; i++) {
          hits.push({
            documentId: doc.id,
            title: doc.title,
            outlet: doc.outlet,
            start: spans[2 * i] as number,
            end: spans[2 * i + 1] as number,
            snippet: snippetAround(text, spans, i),
          });
        }
      }
      total += count;
    }
    return { hits, total, nextOffset: offset + limit < total ? offset + limit : null };
  })();
}

/** `search.query` on a workspace: the params as the API takes them. */
export function searchWorkspace(ws: Workspace, params: ParsedParamsOf<'search.query'>): SearchResult {
  return searchCorpus(ws, params.query, params);
}
