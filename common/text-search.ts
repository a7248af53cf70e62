/**
 * Finding every occurrence of a search query in a text, exactly: the query language (words,
 * "quoted phrases", `prefix*`, AND / OR / NOT), the case and whole-word rules of each term, and a
 * scanner that reports occurrences as UTF-16 offsets into the text it was given.
 *
 * Case: a term is matched case-insensitively unless told otherwise, except an all-caps term of at
 * most four letters (`IS`, `US`, `RT`), which is case-sensitive and whole-word by default, so `IS`
 * never finds `is`, `this` or `ISIS`. Case-insensitive means ECMAScript's `i` flag without `u`:
 * each character of the term matches one UTF-16 unit of the text, so an occurrence is exactly as
 * long as its term, and an ASCII letter matches only its two ASCII cases (never U+212A KELVIN
 * SIGN or U+017F LONG S).
 *
 * Words: boundaries are those of `Intl.Segmenter` with word granularity (Unicode UAX #29): `-`
 * is a boundary (`anti-IS` holds the word `IS`), `_` is not (`RT_com` is one word). One addition:
 * a possessive `'s` or `’s` after a word ends the word for whole-word matching (`IS's` holds `IS`),
 * as the workbench's word snapping does. Boundaries between plain ASCII characters are decided
 * without the segmenter (they are what UAX #29 says; a test holds them to the segmenter).
 *
 * No Node, no DOM: used by the workspace's corpus search, and usable in the renderer.
 */

/** One term of a query: a literal, and how it matches. */
export interface SearchTerm {
  /** The literal; for a prefix term, the stem. */
  text: string;
  /** `word*`: the stem at the start of a word; the occurrence runs to the end of that word. */
  prefix: boolean;
  caseSensitive: boolean;
  /** Word boundaries at both ends (a prefix term always starts at one). */
  wholeWord: boolean;
}

/**
 * One alternative of a query (the parts between `OR`s): a document matches it when every
 * `include` term occurs and no `exclude` term does. Indices into {@link ParsedQuery.terms}.
 */
export interface SearchGroup {
  include: number[];
  exclude: number[];
}

export interface ParsedQuery {
  /** The distinct terms. */
  terms: SearchTerm[];
  /** The alternatives; a document matches the query when it matches any of them. */
  groups: SearchGroup[];
}

export interface MatchOptions {
  /** Overrides every term's default (see {@link termDefaults}). */
  caseSensitive?: boolean | undefined;
  /** Overrides every term's default. */
  wholeWord?: boolean | undefined;
}

/** An all-caps term of at most four letters: an acronym or a name such as IS, US, RT, ISIL. */
const ACRONYM = /^\p{Lu}{1,4}$/u;

/** How a term matches unless the query says otherwise: acronyms case-sensitive and whole-word. */
export function termDefaults(text: string): { caseSensitive: boolean; wholeWord: boolean } {
  const acronym = ACRONYM.test(text);
  return { caseSensitive: acronym, wholeWord: acronym };
}

const OPERATORS = new Set(['AND', 'OR', 'NOT']);

/**
 * Reads a query: `"quoted phrases"` are literals (an unclosed quote runs to the end), `word*` is
 * a prefix, AND / OR / NOT (upper case) are operators, any other run of non-blank characters is a
 * literal word. Words side by side must all occur (AND); NOT binds tightest and OR loosest, as in
 * SQLite FTS5. Operators with nothing to apply to are dropped. The query is read as Unicode NFC,
 * the form document texts are stored in.
 */
export function parseSearchQuery(input: string, options: MatchOptions = {}): ParsedQuery {
  type Item = { op: string } | { term: SearchTerm };
  const items: Item[] = [];
  const re = /"([^"]*)(?:"|$)|(\S+)/g;
  const text = input.normalize('NFC');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) {
      if (m[1].trim()) items.push({ term: makeTerm(m[1], false, options) });
      continue;
    }
    const word = m[2] as string;
    if (OPERATORS.has(word)) items.push({ op: word });
    else if (word.length > 1 && word.endsWith('*')) items.push({ term: makeTerm(word.slice(0, -1), true, options) });
    else items.push({ term: makeTerm(word, false, options) });
  }

  const terms: SearchTerm[] = [];
  const termIndex = new Map<string, number>();
  const indexOf = (term: SearchTerm) => {
    const key = `${term.prefix ? 'p' : 'l'}${term.caseSensitive ? 'c' : 'i'}${term.wholeWord ? 'w' : 's'}${term.text}`;
    let index = termIndex.get(key);
    if (index === undefined) {
      index = terms.length;
      terms.push(term);
      termIndex.set(key, index);
    }
    return index;
  };

  const groups: SearchGroup[] = [];
  let group: SearchGroup = { include: [], exclude: [] };
  let pending: string | null = null;
  for (const item of items) {
    if ('op' in item) {
      // An operator needs a term before it in its group; a second operator is dropped, except
      // that AND NOT is NOT.
      if (group.include.length === 0) continue;
      if (pending === null || (pending === 'AND' && item.op === 'NOT')) pending = item.op;
      continue;
    }
    if (pending === 'OR') {
      groups.push(group);
      group = { include: [], exclude: [] };
    }
    const index = indexOf(item.term);
    const list = pending === 'NOT' ? group.exclude : group.include;
    if (!list.includes(index)) list.push(index);
    pending = null;
  }
  if (group.include.length) groups.push(group);
  return { terms, groups };
}

function makeTerm(text: string, prefix: boolean, options: MatchOptions): SearchTerm {
  const defaults = termDefaults(text);
  return {
    text,
    prefix,
    caseSensitive: options.caseSensitive ?? defaults.caseSensitive,
    wholeWord: prefix || (options.wholeWord ?? defaults.wholeWord),
  };
}

// ---------------------------------------------------------------------------------------------
// Word boundaries

/** ASCII letters and digits: UAX #29 joins any two of them. */
const WORD = 0;
/** `_ . ' : , ;`: characters that join words or numbers in some contexts. */
const JOINER = 1;
/** Every other ASCII character: a boundary on each side of it next to a letter or digit. */
const PLAIN = 2;
/** Anything beyond ASCII: the segmenter decides. */
const OTHER = 3;

const ASCII_CLASS = new Uint8Array(128).fill(PLAIN);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) ASCII_CLASS[c] = WORD;
  else if ("_.':,;".includes(ch)) ASCII_CLASS[c] = JOINER;
}

function charClass(code: number): number {
  return code < 128 ? (ASCII_CLASS[code] as number) : OTHER;
}

let wordSegmenter: Intl.Segmenter | undefined;

/**
 * Word boundaries of one text. Between plain ASCII characters the answer is computed directly;
 * elsewhere the text is segmented (once, on first need) by `Intl.Segmenter`.
 */
export class WordBoundaries {
  private segments: Intl.Segments | undefined;

  constructor(readonly text: string) {}

  /** Whether a word boundary falls at `offset` (the two ends of the text always are). */
  isBoundary(offset: number): boolean {
    const text = this.text;
    if (offset <= 0 || offset >= text.length) return true;
    const before = charClass(text.charCodeAt(offset - 1));
    const after = charClass(text.charCodeAt(offset));
    if (before === WORD && after === WORD) return false;
    if ((before === WORD && after === PLAIN) || (before === PLAIN && after === WORD)) return true;
    // A joiner (. ' : , ;) next to a letter or digit keeps it in the word only when a letter or
    // digit stands on its far side too (UAX #29 WB6-7, WB11-12: "U.S", "3,000"); `_` always
    // does (WB13a-b). With plain ASCII (or the text's end) beyond it, the boundary is certain.
    if (before === WORD && after === JOINER && text[offset] !== '_' && this.asciiNonWord(offset + 1)) return true;
    if (before === JOINER && after === WORD && text[offset - 1] !== '_' && this.asciiNonWord(offset - 2)) return true;
    return this.segmenterBoundary(offset);
  }

  /** Whether `offset` is outside the text or holds an ASCII character other than a letter or digit. */
  private asciiNonWord(offset: number): boolean {
    if (offset < 0 || offset >= this.text.length) return true;
    const code = this.text.charCodeAt(offset);
    return code < 128 && ASCII_CLASS[code] !== WORD;
  }

  /** What `Intl.Segmenter` says about `offset` (0 < offset < length). */
  segmenterBoundary(offset: number): boolean {
    wordSegmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
    this.segments ??= wordSegmenter.segment(this.text);
    return this.segments.containing(offset)?.index === offset;
  }

  /** Whether a word ends at `offset`, counting a possessive `'s` / `’s` after it as outside the word. */
  endsWord(offset: number): boolean {
    if (this.isBoundary(offset)) return true;
    const text = this.text;
    const apostrophe = text[offset];
    return (
      (apostrophe === "'" || apostrophe === '\u2019') &&
      (text[offset + 1] === 's' || text[offset + 1] === 'S') &&
      this.isBoundary(offset + 2)
    );
  }

  /** The end of the word that holds the unit before `offset` (`offset` itself at a boundary). */
  wordEnd(offset: number): number {
    let end = offset;
    while (!this.isBoundary(end)) end++;
    return end;
  }
}

// ---------------------------------------------------------------------------------------------
// Scanning

const ESCAPE = /[.*+?^${}()|[\]\\/]/g;

const ASCII_WORD = /^[A-Za-z0-9]$/;

/**
 * The regular expression that finds a term's literal (boundaries are checked separately). A term
 * that must start (or end) at a word boundary and starts (ends) with an ASCII letter or digit
 * cannot occur next to another one — between two such characters there is never a boundary —
 * so the expression skips those places itself (`in` inside "information"), and the boundary
 * check only sees the rest.
 */
function literalPattern(term: SearchTerm): RegExp {
  // No `u` flag: each character of the literal matches exactly one UTF-16 unit, so an occurrence
  // is as long as the literal, and an ASCII letter matches only ASCII letters.
  const text = term.text;
  const before = (term.prefix || term.wholeWord) && ASCII_WORD.test(text[0] ?? '') ? '(?<![A-Za-z0-9])' : '';
  const after = term.wholeWord && !term.prefix && ASCII_WORD.test(text[text.length - 1] ?? '') ? '(?![A-Za-z0-9])' : '';
  return new RegExp(before + text.replace(ESCAPE, '\\$&') + after, term.caseSensitive ? 'g' : 'gi');
}

/**
 * A text ready to be searched: scans it for terms, reporting occurrences in order of their start.
 * Occurrences of one term never overlap (the scan resumes after each one).
 */
export class TextScanner {
  readonly words: WordBoundaries;
  private readonly patterns = new Map<SearchTerm, RegExp>();

  constructor(readonly text: string) {
    this.words = new WordBoundaries(text);
  }

  /**
   * Calls `visit(start, end)` for each occurrence of `term`, in order, until it returns false.
   * Returns the number of occurrences visited.
   */
  scan(term: SearchTerm, visit?: (start: number, end: number) => boolean | void): number {
    let pattern = this.patterns.get(term);
    if (!pattern) {
      pattern = literalPattern(term);
      this.patterns.set(term, pattern);
    }
    const text = this.text;
    const length = term.text.length;
    const words = this.words;
    let count = 0;
    pattern.lastIndex = 0;
    // `test` with the `g` flag moves lastIndex past the match without building a match object.
    while (pattern.test(text)) {
      const start = pattern.lastIndex - length;
      let end = pattern.lastIndex;
      if (term.prefix) {
        if (!words.isBoundary(start)) {
          pattern.lastIndex = start + 1;
          continue;
        }
        end = words.wordEnd(end);
      } else if (term.wholeWord && !(words.isBoundary(start) && words.endsWord(end))) {
        pattern.lastIndex = start + 1;
        continue;
      }
      count++;
      if (visit && visit(start, end) === false) break;
      pattern.lastIndex = end;
    }
    return count;
  }

  /** Whether `term` occurs at all. */
  has(term: SearchTerm): boolean {
    return this.scan(term, () => false) > 0;
  }

  /**
   * The occurrences of several terms, merged in order of start then end, the same span once:
   * a flat list `[start0, end0, start1, end1, ...]`.
   */
  occurrences(terms: readonly SearchTerm[]): number[] {
    const lists = terms.map((term) => {
      const spans: number[] = [];
      this.scan(term, (start, end) => {
        spans.push(start, end);
      });
      return spans;
    });
    if (lists.length === 1) return lists[0] as number[];
    const pairs: Array<[number, number]> = [];
    for (const spans of lists) for (let i = 0; i < spans.length; i += 2) pairs.push([spans[i]!, spans[i + 1]!]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: number[] = [];
    for (const [start, end] of pairs) {
      const n = merged.length;
      if (n && merged[n - 2] === start && merged[n - 1] === end) continue;
      merged.push(start, end);
    }
    return merged;
  }
}
