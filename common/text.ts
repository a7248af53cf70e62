/**
 * Pure text logic shared by every layer: canonical text normalisation, paragraphs, fragment
 * validation, quotes with context, word snapping, and conversion between UTF-16 code-unit
 * offsets (what the workspace stores) and Unicode code-point offsets (what W3C Web Annotation
 * and brat count).
 *
 * No Node, no DOM: these functions run in the renderer, the workspace and the tests alike.
 */
import type { Fragment, Paragraph } from './domain.js';

/** How many code units of context `contextOf` keeps on each side of a quote. */
export const CONTEXT_LENGTH = 32;

/** Separator between fragment texts in the quote of a discontinuous annotation. */
export const FRAGMENT_SEPARATOR = ' … ';

/**
 * Canonical form of a document's text: Unicode NFC, line endings `\n` (CRLF and lone CR both),
 * no byte-order mark. Nothing else changes.
 */
export function normalizeText(raw: string): string {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  text = text.replace(/\r\n?/g, '\n');
  return text.normalize('NFC');
}

/**
 * Paragraphs of a canonical text: each line that holds anything but white space, as a range
 * that excludes its line break. Blank lines separate nothing more than they show.
 */
export function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (/\S/.test(text.slice(start, end))) paragraphs.push({ start, end });
    start = end + 1;
  }
  return paragraphs;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** Why a set of fragments does not fit a text, or null when it does. */
export type FragmentProblem =
  | { kind: 'empty'; index: number }
  | { kind: 'out_of_range'; index: number }
  | { kind: 'splits_character'; index: number; offset: number }
  | { kind: 'overlap'; index: number };

/**
 * Sorts fragments and checks them against the text: each non-empty, inside the text, not
 * splitting a surrogate pair, and not overlapping another. Touching fragments are merged, since
 * they select one continuous run of text.
 */
export function normalizeFragments(
  text: string,
  fragments: readonly Fragment[],
): { fragments: Fragment[]; problem: null } | { fragments: null; problem: FragmentProblem } {
  const indexed = fragments.map((f, index) => ({ start: f.start, end: f.end, index }));
  for (const f of indexed) {
    if (!Number.isInteger(f.start) || !Number.isInteger(f.end) || f.start < 0 || f.end > text.length) {
      return { fragments: null, problem: { kind: 'out_of_range', index: f.index } };
    }
    if (f.end <= f.start) return { fragments: null, problem: { kind: 'empty', index: f.index } };
    for (const offset of [f.start, f.end]) {
      if (splitsSurrogatePair(text, offset)) {
        return { fragments: null, problem: { kind: 'splits_character', index: f.index, offset } };
      }
    }
  }
  indexed.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Fragment[] = [];
  for (const f of indexed) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      return { fragments: null, problem: { kind: 'overlap', index: f.index } };
    }
    if (last && f.start === last.end) last.end = f.end;
    else merged.push({ start: f.start, end: f.end });
  }
  return { fragments: merged, problem: null };
}

/** A readable sentence for a fragment problem. */
export function describeFragmentProblem(problem: FragmentProblem, textLength: number): string {
  const which = `fragment ${problem.index}`;
  switch (problem.kind) {
    case 'empty':
      return `${which} is empty: its end must be greater than its start`;
    case 'out_of_range':
      return `${which} lies outside the document text (0 to ${textLength} UTF-16 code units)`;
    case 'splits_character':
      return `${which} cuts a character in half at offset ${problem.offset} (offsets are UTF-16 code units; a character outside the BMP takes two)`;
    case 'overlap':
      return `${which} overlaps another fragment of the same annotation`;
  }
}

/** The quote of an annotation: its fragments' texts, joined by {@link FRAGMENT_SEPARATOR}. */
export function quoteOf(text: string, fragments: readonly Fragment[]): string {
  return fragments.map((f) => text.slice(f.start, f.end)).join(FRAGMENT_SEPARATOR);
}

/** Up to `length` code units before the first fragment and after the last, never splitting a pair. */
export function contextOf(
  text: string,
  fragments: readonly Fragment[],
  length = CONTEXT_LENGTH,
): { prefix: string; suffix: string } {
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  if (!first || !last) return { prefix: '', suffix: '' };
  let from = Math.max(0, first.start - length);
  if (splitsSurrogatePair(text, from)) from += 1;
  let to = Math.min(text.length, last.end + length);
  if (splitsSurrogatePair(text, to)) to -= 1;
  return { prefix: text.slice(from, first.start), suffix: text.slice(last.end, to) };
}

/**
 * Converts between UTF-16 code-unit offsets and code-point offsets of one text. Built once per
 * text (O(n)), then each conversion is O(log k) in the number k of non-BMP characters.
 */
export class OffsetConverter {
  /** UTF-16 offsets of the high surrogate of each non-BMP character, ascending. */
  private readonly astral: number[] = [];
  readonly utf16Length: number;
  readonly codePointLength: number;

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.astral.length;
  }

  /** Number of astral characters starting strictly before UTF-16 offset `offset`. */
  private astralBefore(offset: number): number {
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.astral[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Code-point offset of a UTF-16 offset (which must not split a pair). */
  toCodePoint(utf16: number): number {
    return utf16 - this.astralBefore(utf16);
  }

  /** UTF-16 offset of a code-point offset. */
  toUtf16(codePoint: number): number {
    // Each astral character before the target adds one code unit. Find the smallest k such that
    // the (k+1)-th astral character starts at or after the target in code points.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const astralCodePoint = (this.astral[mid] as number) - mid;
      if (astralCodePoint < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_'’-]/u;

function isWordCharAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const cp = text.codePointAt(index);
  if (cp === undefined) return false;
  // A low surrogate: look at the whole character that starts one unit earlier.
  if (cp >= 0xdc00 && cp <= 0xdfff && index > 0) return isWordCharAt(text, index - 1);
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/**
 * Widens a selection to whole words: a boundary inside a word moves outward to the word's edge;
 * surrounding white space is trimmed; a boundary inside a surrogate pair moves outward. Returns
 * the (pair-safe) input when it holds only white space.
 */
export function snapToWords(text: string, start: number, end: number): Fragment {
  let s = Math.min(start, end);
  let e = Math.max(start, end);
  if (splitsSurrogatePair(text, s)) s--;
  if (splitsSurrogatePair(text, e)) e++;
  const original = { start: s, end: e };
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  if (s === e) return original;
  while (s > 0 && isWordCharAt(text, s) && isWordCharAt(text, s - 1)) s--;
  const selectedEnd = e;
  while (e < text.length && isWordCharAt(text, e - 1) && isWordCharAt(text, e)) e++;
  // A possessive the person did not select stays out: "Moscow" in "Moscow's" is "Moscow".
  const possessive = /['’]s$/u.exec(text.slice(selectedEnd, e));
  if (possessive && e - 2 >= selectedEnd && !isWordCharAt(text, e)) e -= 2;
  if (splitsSurrogatePair(text, s)) s--;
  if (splitsSurrogatePair(text, e)) e++;
  return { start: s, end: e };
}

/** Hex SHA-256 is computed by the workspace (Node); this names the prefix used in hashes. */
export const HASH_PREFIX = 'sha256:';
