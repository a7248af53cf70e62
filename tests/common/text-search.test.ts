/**
 * The query language and the exact scanner of corpus search: terms, operators and defaults
 * (acronyms such as IS case-sensitive and whole-word), word boundaries held to Intl.Segmenter on
 * text mixing ASCII, accents, CJK, emoji, Hebrew and combining marks, and every occurrence found
 * (checked against a slow scan that segments the whole text).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TextScanner,
  WordBoundaries,
  parseSearchQuery,
  termDefaults,
  type SearchTerm,
} from '../../common/text-search.js';

const term = (text: string, options: Partial<SearchTerm> = {}): SearchTerm => ({
  text,
  prefix: false,
  caseSensitive: false,
  wholeWord: false,
  ...options,
});

function spans(text: string, t: SearchTerm): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  new TextScanner(text).scan(t, (start, end) => {
    out.push([start, end]);
  });
  return out;
}

const found = (text: string, t: SearchTerm) => spans(text, t).map(([s, e]) => text.slice(s, e));

describe('parseSearchQuery', () => {
  it('reads words, quoted phrases and prefixes as literal terms that must all occur', () => {
    const q = parseSearchQuery('Saad "information center" al-Hadithi, Iraq*');
    expect(q.terms.map((t) => [t.text, t.prefix])).toEqual([
      ['Saad', false],
      ['information center', false],
      ['al-Hadithi,', false],
      ['Iraq', true],
    ]);
    expect(q.groups).toEqual([{ include: [0, 1, 2, 3], exclude: [] }]);
  });

  it('gives OR the loosest and NOT the tightest binding, dropping operators with nothing to apply to', () => {
    const q = parseSearchQuery('OR a b NOT c OR d AND NOT e NOT');
    const name = (i: number) => q.terms[i]!.text;
    expect(q.groups.map((g) => [g.include.map(name), g.exclude.map(name)])).toEqual([
      [['a', 'b'], ['c']],
      [['d'], ['e']],
    ]);
    expect(parseSearchQuery('AND OR NOT').groups).toEqual([]);
    expect(parseSearchQuery('""').groups).toEqual([]);
  });

  it('treats quoted operators as words and an unclosed quote as a phrase to the end', () => {
    expect(parseSearchQuery('"AND"').terms.map((t) => t.text)).toEqual(['AND']);
    expect(parseSearchQuery('"information center').terms.map((t) => t.text)).toEqual(['information center']);
  });

  it('makes all-caps terms of up to four letters case-sensitive and whole-word by default', () => {
    expect(termDefaults('IS')).toEqual({ caseSensitive: true, wholeWord: true });
    expect(termDefaults('ISIL')).toEqual({ caseSensitive: true, wholeWord: true });
    expect(termDefaults('ÉU')).toEqual({ caseSensitive: true, wholeWord: true });
    for (const text of ['is', 'Is', 'DAESH', 'U.S.', 'IS2', 'Kerry']) {
      expect(termDefaults(text)).toEqual({ caseSensitive: false, wholeWord: false });
    }
    const [is, kerry] = parseSearchQuery('IS Kerry').terms;
    expect(is).toMatchObject({ caseSensitive: true, wholeWord: true });
    expect(kerry).toMatchObject({ caseSensitive: false, wholeWord: false });
    const forced = parseSearchQuery('IS Kerry', { caseSensitive: false, wholeWord: true }).terms;
    expect(forced.map((t) => [t.caseSensitive, t.wholeWord])).toEqual([
      [false, true],
      [false, true],
    ]);
  });

  it('reads the query as NFC, the form texts are stored in', () => {
    expect(parseSearchQuery('Re\u0301sume\u0301').terms[0]!.text).toBe('Résumé');
  });
});

describe('TextScanner', () => {
  const is = parseSearchQuery('IS').terms[0]!;

  it('finds IS the group, never is, this, ISIS or IS inside a word', () => {
    const text = 'This is ISIS, IS fighters; anti-IS forces (IS) and IS’s allies; ISIS_IS RT_IS IS2 IS.';
    expect(spans(text, is).map(([s]) => s)).toEqual([
      text.indexOf('IS fighters'),
      text.indexOf('IS forces'),
      text.indexOf('IS)'),
      text.indexOf('IS’s'),
      text.lastIndexOf('IS.'),
    ]);
    expect(found(text, term('is')).length).toBe(14);
  });

  it('matches case-insensitively without touching non-ASCII look-alikes', () => {
    expect(found('Kerry KERRY kerry McKerry', term('kerry'))).toEqual(['Kerry', 'KERRY', 'kerry', 'Kerry']);
    // U+212A KELVIN SIGN and U+017F LONG S fold to k and s under Unicode case folding; not here.
    expect(found('\u212Aerry Kerry', term('kerry'))).toEqual(['Kerry']);
    expect(found('Élysée élysée', term('élysée'))).toEqual(['Élysée', 'élysée']);
    expect(found('Kerry KERRY', term('Kerry', { caseSensitive: true }))).toEqual(['Kerry']);
  });

  it('reports UTF-16 offsets that slice to the occurrence after non-BMP characters', () => {
    const text = '😀 🇺🇦 𝒳 Kerry, 👩‍💻Kerry';
    const result = spans(text, term('Kerry'));
    expect(result).toHaveLength(2);
    for (const [s, e] of result) expect(text.slice(s, e)).toBe('Kerry');
    expect(result[0]![0]).toBe(text.indexOf('Kerry'));
  });

  it('matches phrases literally, and whole words at their two ends only', () => {
    const text = 'the Information Center; an information\ncenter; disinformation centers';
    expect(found(text, term('information center'))).toEqual(['Information Center', 'information center']);
    expect(found(text, term('information center', { wholeWord: true }))).toEqual(['Information Center']);
    expect(found('form information formal', term('form', { wholeWord: true }))).toEqual(['form']);
  });

  it('extends a prefix to the end of its word, starting only at a word start', () => {
    expect(
      found('Iraq, Iraqi forces; antiIraq Iraq’s IRAQIS', term('Iraq', { prefix: true, wholeWord: true })),
    ).toEqual(['Iraq', 'Iraqi', 'Iraq’s', 'IRAQIS']);
  });

  it('does not let a failed whole-word candidate hide an overlapping one', () => {
    expect(spans('xa-a-a', term('a-a', { wholeWord: true }))).toEqual([[3, 6]]);
  });

  it('merges the occurrences of several terms in order, each span once', () => {
    const scanner = new TextScanner('Iraq and Iraqi');
    expect(scanner.occurrences([term('Iraqi'), term('Iraq'), term('Iraq', { prefix: true, wholeWord: true })])).toEqual(
      [0, 4, 9, 13, 9, 14],
    );
  });

  it('counts without visiting, and stops when the visitor says so', () => {
    const scanner = new TextScanner('a a a a');
    expect(scanner.scan(term('a'))).toBe(4);
    expect(scanner.scan(term('a'), () => false)).toBe(1);
    expect(scanner.has(term('b'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties against Intl.Segmenter

const PIECES = [
  'a', 'B', 'z', '0', '7', ' ', '  ', '\n', '\t', '-', '_', '.', "'", ',', ';', ':', '"', '(', ')', '@', '#',
  '/', '’', 'é', 'É', '中', 'カ', 'ש', 'ก', '\u0301', '\u200d', '😀', '🇺', '🇦', '½', '\u00ad',
  'IS', 'is', 'ISIS', 'ab', 'a.b', "it's",
]; // prettier-ignore
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

function segmenterBoundaries(s: string): Set<number> {
  const boundaries = new Set<number>([0, s.length]);
  for (const segment of segmenter.segment(s)) boundaries.add(segment.index);
  return boundaries;
}

/** The slow oracle: every position, compared unit by unit, boundaries from segmenting the whole text. */
function slowScan(s: string, t: SearchTerm): Array<[number, number]> {
  const boundaries = segmenterBoundaries(s);
  const canonical = (c: string) => {
    if (t.caseSensitive) return c;
    const upper = c.toUpperCase();
    return upper.length === 1 && !(c.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128) ? upper : c;
  };
  const endsWord = (p: number) => boundaries.has(p) || (/^['’][sS]$/.test(s.slice(p, p + 2)) && boundaries.has(p + 2));
  const out: Array<[number, number]> = [];
  for (let i = 0; i + t.text.length <= s.length;) {
    let same = true;
    for (let k = 0; k < t.text.length && same; k++) same = canonical(s[i + k]!) === canonical(t.text[k]!);
    let end = i + t.text.length;
    if (same && t.prefix) {
      same = boundaries.has(i);
      while (!boundaries.has(end)) end++;
    } else if (same && t.wholeWord) same = boundaries.has(i) && endsWord(end);
    if (same) {
      out.push([i, end]);
      i = end;
    } else i++;
  }
  return out;
}

describe('word boundaries and occurrences, against Intl.Segmenter', () => {
  it('puts a boundary exactly where the segmenter does', () => {
    fc.assert(
      fc.property(text, (s) => {
        const words = new WordBoundaries(s);
        const expected = segmenterBoundaries(s);
        for (let p = 0; p <= s.length; p++)
          expect(words.isBoundary(p), `${JSON.stringify(s)} at ${p}`).toBe(expected.has(p));
      }),
      { numRuns: 500 },
    );
  });

  it('finds every occurrence the slow scan finds, whatever the options', () => {
    const needle = fc.constantFrom('a', 'is', 'IS', 'ab', 'a b', 'a-b', 'é', '中', '😀', 'a.b', "'s", 'b ', 'ISIS');
    const options = fc.record({ caseSensitive: fc.boolean(), wholeWord: fc.boolean(), prefix: fc.boolean() });
    fc.assert(
      fc.property(text, needle, options, (s, n, o) => {
        const t = term(n, { ...o, wholeWord: o.wholeWord || o.prefix });
        expect(spans(s, t)).toEqual(slowScan(s, t));
      }),
      { numRuns: 1000 },
    );
  });
});
