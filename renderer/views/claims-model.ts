/**
 * The Claims view's pure logic over a `claims.matrix` answer: sorting and filtering the rows,
 * what a cell says in words, the per-outlet stance counts of the chart, the CSV export, the
 * passage around a mention, and the contrast ratio that the stance colours are checked with.
 */
import {
  columnName,
  STANCE_KEYS,
  stanceCountsByOutlet,
  stanceCountsSentence,
  stanceKey,
  type OutletStanceCounts,
  type StanceKey,
} from '../../common/claim-stances.js';
import type {
  ClaimMatrix,
  ClaimMatrixColumn,
  ClaimMatrixMention,
  ClaimMatrixRow,
  ClaimMatrixSource,
  Fragment,
} from '../../common/domain.js';

export { columnName, STANCE_KEYS, stanceCountsByOutlet, stanceKey, type OutletStanceCounts, type StanceKey };

export type ClaimSort = 'claim' | 'outlets' | 'first';

export const CLAIM_SORTS: ReadonlyArray<{ value: ClaimSort; label: string }> = [
  { value: 'claim', label: 'Claim' },
  { value: 'outlets', label: 'Number of outlets' },
  { value: 'first', label: 'First appearance' },
];

export interface ClaimFilters {
  /** Only claims carried by a single outlet. */
  oneOutlet: boolean;
  /** Only claims whose mentions differ in stance. */
  contested: boolean;
}

/** A stance for people: the value itself, or "no stance". */
export function stanceText(stance: string | null): string {
  return stance && stance.trim() ? stance : 'no stance';
}

/** How a source is named: its entity's name, else its quote. */
export function sourceName(source: ClaimMatrixSource): string {
  return source.entityName?.trim() || source.quote;
}

/** "Peskov (denied)", or "Peskov" when the attribution carries no stance. */
export function sourceText(source: ClaimMatrixSource): string {
  return source.stance ? `${sourceName(source)} (${source.stance})` : sourceName(source);
}

/** One mention in words: "reported: Peskov (denied); Fox News". */
export function mentionText(mention: ClaimMatrixMention): string {
  const stance = stanceText(mention.stance);
  return mention.sources.length ? `${stance}: ${mention.sources.map(sourceText).join('; ')}` : stance;
}

/** A cell in words: its mentions joined by " | "; empty for an empty cell. */
export function cellText(mentions: readonly ClaimMatrixMention[]): string {
  return mentions.map(mentionText).join(' | ');
}

/** The distinct outlets (column names) whose cells in the row hold a mention. */
export function outletsCarrying(row: ClaimMatrixRow, columns: readonly ClaimMatrixColumn[]): string[] {
  const names = new Set<string>();
  row.cells.forEach((cell, i) => {
    const column = columns[i];
    if (cell.mentions.length && column) names.add(columnName(column));
  });
  return [...names];
}

/** True when the row's mentions take more than one stance (a mention without one counts as one). */
export function isContested(row: ClaimMatrixRow): boolean {
  const stances = new Set(row.cells.flatMap((cell) => cell.mentions.map((m) => stanceKey(m.stance))));
  return stances.size > 1;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The rows to show, filtered then sorted (a new array; ties fall back to the summary, so the
 * order is stable). "First appearance" puts undated claims last.
 */
export function arrangeRows(matrix: ClaimMatrix, sort: ClaimSort, filters: ClaimFilters): ClaimMatrixRow[] {
  const outlets = new Map(matrix.rows.map((row) => [row, outletsCarrying(row, matrix.columns).length]));
  const rows = matrix.rows.filter(
    (row) => (!filters.oneOutlet || outlets.get(row) === 1) && (!filters.contested || isContested(row)),
  );
  const bySummary = (a: ClaimMatrixRow, b: ClaimMatrixRow) => collator.compare(a.claim.summary, b.claim.summary);
  return rows.sort((a, b) => {
    if (sort === 'outlets') return (outlets.get(b) ?? 0) - (outlets.get(a) ?? 0) || bySummary(a, b);
    if (sort === 'first') {
      const da = a.firstAppearance?.publishedAt ?? null;
      const db = b.firstAppearance?.publishedAt ?? null;
      if (da !== db) {
        if (da === null) return 1;
        if (db === null) return -1;
        return da < db ? -1 : 1;
      }
    }
    return bySummary(a, b);
  });
}

/** A sentence summarising the chart, for its accessible name. */
export function chartSummary(bars: readonly OutletStanceCounts[]): string {
  return stanceCountsSentence(bars) ?? 'No outlets.';
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A field starting with = + - @ (or a tab or carriage return) is prefixed with `'` so
 * a spreadsheet shows it as text instead of running it as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of fields as CSV text, lines ending in CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The matrix as CSV: a header row ("Claim", "First appearance", then one column per document
 * named by its outlet), then one line per row given, each cell in words ({@link cellText}).
 */
export function matrixCsv(columns: readonly ClaimMatrixColumn[], rows: readonly ClaimMatrixRow[]): string {
  const names = new Map(columns.map((c) => [c.documentId, columnName(c)]));
  const header = ['Claim', 'First appearance', ...columns.map(columnName)];
  const lines = rows.map((row) => [
    row.claim.summary,
    row.firstAppearance
      ? `${names.get(row.firstAppearance.documentId) ?? ''} ${row.firstAppearance.publishedAt}`.trim()
      : '',
    ...row.cells.map((cell) => cellText(cell.mentions)),
  ]);
  return toCsv([header, ...lines]);
}

// ---------------------------------------------------------------------------------------------
// The passage around a mention

export interface PassagePart {
  text: string;
  /** True for the mention's own text. */
  mark: boolean;
}

export interface Passage {
  parts: PassagePart[];
  /** True when text was cut before or after. */
  cutBefore: boolean;
  cutAfter: boolean;
}

/**
 * The text around `fragments` (sorted, non-overlapping, UTF-16 offsets): `context` characters
 * either side, widened to whole words, with the fragments marked.
 */
export function passageAround(text: string, fragments: readonly Fragment[], context = 200): Passage {
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  if (!first || !last) return { parts: [], cutBefore: false, cutAfter: false };
  let from = Math.max(0, first.start - context);
  let to = Math.min(text.length, last.end + context);
  // Widen to whole words (at most 30 characters more), so the passage does not start mid-word.
  for (let n = 0; from > 0 && n < 30 && /\S/.test(text[from - 1] ?? ''); n++) from--;
  for (let n = 0; to < text.length && n < 30 && /\S/.test(text[to] ?? ''); n++) to++;
  const parts: PassagePart[] = [];
  let at = from;
  for (const f of fragments) {
    const start = Math.max(f.start, from);
    const end = Math.min(f.end, to);
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    if (end > start) parts.push({ text: text.slice(start, end), mark: true });
    at = Math.max(at, end);
  }
  if (to > at) parts.push({ text: text.slice(at, to), mark: false });
  return { parts, cutBefore: from > 0, cutAfter: to < text.length };
}

// ---------------------------------------------------------------------------------------------
// Colour contrast (WCAG 2)

/** The relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((h) => {
    const v = parseInt(h, 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
