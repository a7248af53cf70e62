/**
 * Pure text logic shared by every layer: canonical text normalisation, paragraphs, surrogate
 * pairs, word snapping, and conversion between UTF-16 code-unit offsets (what the workspace
 * stores) and Unicode code-point offsets (what W3C Web Annotation and brat count). Fragment
 * validation, quotes and context live in `./anchoring/`.
 *
 * No Node, no DOM: these functions run in the renderer, the workspace and the tests alike.
 */
import type { Fragment, Paragraph } from './domain.js';

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
 * Canonical form of a name a person gives (a label): Unicode NFC, trimmed. Two names that look
 * the same, composed (`é`) or decomposed (`e` + U+0301), become the same string.
 */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').trim();
}

/**
 * Characters that render as nothing although Unicode calls them letters or symbols: the Hangul
 * fillers and the blank Braille pattern.
 */
const BLANK_LOOKALIKES = /[\u115f\u1160\u3164\uffa0\u2800]/gu;

/**
 * True when `name` shows at least one character: a letter, digit, punctuation or symbol. A name
 * made only of spaces, zero-width characters (U+200B, U+200D, U+FEFF, ...), combining marks or
 * fillers would look empty wherever it is shown.
 */
export function hasVisibleCharacter(name: string): boolean {
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(name.replace(BLANK_LOOKALIKES, ''));
}

/**
 * The key two names are compared by for uniqueness: canonical form, case folded. `Person`,
 * `person` and `PERSON` are one name, as are the NFC and NFD spellings of `Émigré`.
 */
export function nameKey(name: string): string {
  return normalizeName(name).toLowerCase();
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

/** An unpaired UTF-16 surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The UTF-16 offset of the first unpaired surrogate in `text`, or -1 when there is none. Valid
 * UTF-8 cannot encode one, but a JSON `\ud800` escape or a string handed over the API can; stored,
 * it would be read back as U+FFFD and shift every later offset, so every way in refuses it.
 */
export function loneSurrogateAt(text: string): number {
  const match = LONE_SURROGATE.exec(text);
  return match ? match.index : -1;
}

/** True when `text` holds an unpaired UTF-16 surrogate (see {@link loneSurrogateAt}). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * The path (`spans[0].label`; `… (a key)` for an object's key) of the first string in a JSON-like value
 * that holds an unpaired surrogate, or null when none does. Iterative: safe on any depth.
 */
export function findLoneSurrogate(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, where] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (hasLoneSurrogate(current)) return where;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], where ? `${where}[${i}]` : `[${i}]`]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        if (hasLoneSurrogate(key)) return where ? `${where} (a key)` : '(a key)';
        stack.push([child, where ? `${where}.${key}` : key]);
      }
    }
  }
  return null;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
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

/** The character (whole code point) that ends at `index`, or '' at the start. */
function charBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const cp = text.codePointAt(splitsSurrogatePair(text, index - 1) ? index - 2 : index - 1);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** The character (whole code point) that starts at `index`, or '' at the end. */
function charAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/**
 * Whether `index` sits where two words are glued together without a space: a lowercase letter
 * then an uppercase one ("State|John", from text extracted out of a page layout), or a letter
 * beside a digit ("2015|Russia", "F|16"). A selection boundary placed exactly there is kept.
 */
function isGluedWordBoundary(text: string, index: number): boolean {
  if (splitsSurrogatePair(text, index)) return false;
  const before = charBefore(text, index);
  const after = charAt(text, index);
  if (!before || !after) return false;
  if (/\p{Ll}/u.test(before) && /\p{Lu}/u.test(after)) return true;
  return (/\p{L}/u.test(before) && /\p{N}/u.test(after)) || (/\p{N}/u.test(before) && /\p{L}/u.test(after));
}

/**
 * Widens a selection to whole words: a boundary inside a word moves outward to the word's edge;
 * surrounding white space is trimmed; a boundary inside a surrogate pair moves outward. Returns
 * the (pair-safe) input when it holds only white space.
 *
 * What counts as inside a word: between two letters, digits, marks, `_`, apostrophes or hyphens
 * ("al-Hadithi" and "O'Brien" are one word). Two exceptions keep what the person dragged: a
 * boundary placed exactly between glued words ("John Kerry" dragged in "StateJohn Kerry" stays
 * "John Kerry"; see {@link isGluedWordBoundary}), and a possessive `'s` left out of the
 * selection stays out.
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
  if (!isGluedWordBoundary(text, s)) while (s > 0 && isWordCharAt(text, s) && isWordCharAt(text, s - 1)) s--;
  const selectedEnd = e;
  if (!isGluedWordBoundary(text, e)) {
    while (e < text.length && isWordCharAt(text, e - 1) && isWordCharAt(text, e)) e++;
  }
  // A possessive the person did not select stays out: "Moscow" in "Moscow's" is "Moscow".
  const possessive = /['’]s$/u.exec(text.slice(selectedEnd, e));
  if (possessive && e - 2 >= selectedEnd && !isWordCharAt(text, e)) e -= 2;
  if (splitsSurrogatePair(text, s)) s--;
  if (splitsSurrogatePair(text, e)) e++;
  return { start: s, end: e };
}

/**
 * The fragment a label key tags for a text selection: the selection snapped to whole words when
 * `wordSnapping` is on ({@link snapToWords}), else as is; null when it holds no visible text. The
 * workbench's "Selected: …" hint and the tag it saves both come from here, so the hint shows
 * exactly what is saved.
 */
export function fragmentToTag(text: string, selection: Fragment, wordSnapping: boolean): Fragment | null {
  const fragment = wordSnapping
    ? snapToWords(text, selection.start, selection.end)
    : { start: Math.min(selection.start, selection.end), end: Math.max(selection.start, selection.end) };
  if (fragment.end <= fragment.start || !/\S/.test(text.slice(fragment.start, fragment.end))) return null;
  return fragment;
}

/** Hex SHA-256 is computed by the workspace (Node); this names the prefix used in hashes. */
export const HASH_PREFIX = 'sha256:';
