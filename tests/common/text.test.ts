/**
 * Pure text logic: normalisation, paragraphs, code-point offsets and word snapping. Table-driven
 * cases plus property-based tests with non-BMP characters and CRLF input. Fragment validation,
 * quotes and context are tested with the anchoring module (anchoring*.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OffsetConverter,
  normalizeText,
  snapToWords,
  fragmentToTag,
  splitParagraphs,
  splitsSurrogatePair,
} from '../../common/text.js';

/** Text built from pieces that stress offsets: astral emoji, combining marks, CRLF, RTL. */
const trickyText = fc
  .array(
    fc.constantFrom('a', 'b', ' ', 'Z', '\n', '\r\n', '\r', '😀', '𝔘', 'é', 'e\u0301', 'ש', 'لا', '.', 'IS', '\t'),
    { minLength: 0, maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('normalizeText', () => {
  it.each([
    ['a\r\nb', 'a\nb'],
    ['a\rb', 'a\nb'],
    ['\ufeffhello', 'hello'],
    ['e\u0301', 'é'],
    ['x\r\n\r\ny', 'x\n\ny'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('is idempotent and leaves no CR', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
        expect(once).not.toContain('\r');
      }),
    );
  });
});

describe('splitParagraphs', () => {
  it('gives one range per non-blank line, excluding line breaks', () => {
    const text = 'Title\n\nFirst para.\n  \nSecond\nThird';
    const paragraphs = splitParagraphs(text);
    expect(paragraphs.map((p) => text.slice(p.start, p.end))).toEqual(['Title', 'First para.', 'Second', 'Third']);
  });

  it('covers every non-space character exactly once', () => {
    fc.assert(
      fc.property(trickyText, (raw) => {
        const text = normalizeText(raw);
        const paragraphs = splitParagraphs(text);
        let covered = '';
        for (const p of paragraphs) {
          expect(p.end).toBeGreaterThan(p.start);
          expect(text.slice(p.start, p.end)).not.toContain('\n');
          covered += text.slice(p.start, p.end);
        }
        expect(covered.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });
});

describe('OffsetConverter', () => {
  it('agrees with Array.from on every boundary', () => {
    fc.assert(
      fc.property(trickyText, (raw) => {
        const text = normalizeText(raw);
        const converter = new OffsetConverter(text);
        const codePoints = Array.from(text);
        expect(converter.codePointLength).toBe(codePoints.length);
        let utf16 = 0;
        for (let cp = 0; cp <= codePoints.length; cp++) {
          expect(converter.toCodePoint(utf16)).toBe(cp);
          expect(converter.toUtf16(cp)).toBe(utf16);
          utf16 += codePoints[cp]?.length ?? 0;
        }
      }),
    );
  });

  it('handles a text of astral characters only', () => {
    const text = '😀😀😀';
    const c = new OffsetConverter(text);
    expect(c.toCodePoint(4)).toBe(2);
    expect(c.toUtf16(3)).toBe(6);
  });
});

describe('snapToWords', () => {
  const text = 'Saad al-Hadithi, a spokesman said';
  it.each([
    [2, 9, 'Saad al-Hadithi'],
    [0, 4, 'Saad'],
    [18, 20, 'spokesman'],
    [15, 18, ', a'],
    [3, 5, 'Saad '.trim() === 'Saad' ? 'Saad' : ''],
  ])('(%i, %i) → %j', (start, end, expected) => {
    const snapped = snapToWords(text, start, end);
    expect(text.slice(snapped.start, snapped.end)).toBe(expected);
  });

  it.each([
    ["Moscow's growing role", 0, 4, 'Moscow'],
    ['Moscow’s growing role', 1, 6, 'Moscow'],
    ["Moscow's growing role", 0, 8, "Moscow's"],
    ["Abadi's spokesman", 2, 3, 'Abadi'],
    ["the region's countries", 5, 8, 'region'],
    ["don't stop", 1, 2, "don't"],
  ])('keeps an unselected possessive out: %j (%i, %i) → %j', (text, start, end, expected) => {
    const snapped = snapToWords(text, start, end);
    expect(text.slice(snapped.start, snapped.end)).toBe(expected);
  });

  // What the analyst drags (the marked part of the text) → what is tagged.
  it.each([
    // Letters glued to the selection: a boundary dragged exactly between glued words stays.
    ['the Secretary of StateJohn Kerry said', 'John Kerry', 'John Kerry'],
    ['the Secretary of StateJohn Kerry said', 'ohn Kerry', 'StateJohn Kerry'],
    ['the Secretary of StateJohn Kerry said', 'State', 'State'],
    ['in September2015 the', 'September', 'September'],
    ['in September2015 the', '2015', '2015'],
    ['iPhone users', 'Phone', 'Phone'],
    ['the ISISfighters', 'ISIS', 'ISISfighters'],
    ['McDonald said', 'Donal', 'Donald'],
    // Punctuation is never widened into.
    ['(Russia), said', 'Russia', 'Russia'],
    ['(Russia), said', 'uss', 'Russia'],
    ['"Baghdad." Then', 'Bagh', 'Baghdad'],
    ['Iraq,Syria', 'Syr', 'Syria'],
    // Apostrophes: part of a word, except a possessive left out.
    ["O'Brien said", 'Brie', "O'Brien"],
    ['the group’s leader', 'grou', 'group'],
    ["the group's leader", "group's", "group's"],
    ["the groups' leader", 'group', "groups'"],
    // Hyphens join a word.
    ['Saad al-Hadithi said', 'Hadithi', 'al-Hadithi'],
    ['an anti-IS coalition', 'anti', 'anti-IS'],
    ['a US-led force', 'US-led', 'US-led'],
    // Non-BMP: whole characters, letters outside the BMP are letters.
    ['the 𝐁𝐚𝐠𝐡𝐝𝐚𝐝 centre', '𝐚𝐠𝐡', '𝐁𝐚𝐠𝐡𝐝𝐚𝐝'],
    ['see 𐐨𐐀 here', '𐐀', '𐐀'],
    ['Kerry🙂said', 'Kerr', 'Kerry'],
    ['𠜎𠜱abc def', 'b', '𠜎𠜱abc'],
  ])('in %j, dragging %j tags %j', (text, dragged, expected) => {
    const start = text.indexOf(dragged);
    const snapped = snapToWords(text, start, start + dragged.length);
    expect(text.slice(snapped.start, snapped.end)).toBe(expected);
  });

  it('never splits a surrogate pair and always contains the selection’s non-space text', () => {
    fc.assert(
      fc.property(trickyText, fc.nat(), fc.nat(), (raw, a, b) => {
        const text = normalizeText(raw);
        if (!text.length) return;
        const s = a % text.length;
        const e = b % (text.length + 1);
        const snapped = snapToWords(text, s, e);
        expect(splitsSurrogatePair(text, snapped.start)).toBe(false);
        expect(splitsSurrogatePair(text, snapped.end)).toBe(false);
        const original = text.slice(Math.min(s, e), Math.max(s, e)).trim();
        if (original && !splitsSurrogatePair(text, s) && !splitsSurrogatePair(text, e)) {
          expect(text.slice(snapped.start, snapped.end)).toContain(original);
        }
      }),
    );
  });
});

describe('fragmentToTag', () => {
  const text = 'Secretary of StateJohn Kerry met\u00a0 Lavrov';
  it('is the snapped selection with snapping on, the selection as is with it off', () => {
    const start = text.indexOf('ohn');
    expect(fragmentToTag(text, { start, end: start + 3 }, true)).toEqual({ start: start - 6, end: start + 3 });
    expect(fragmentToTag(text, { start, end: start + 3 }, false)).toEqual({ start, end: start + 3 });
    expect(fragmentToTag(text, { start: start + 3, end: start }, false)).toEqual({ start, end: start + 3 });
  });

  it('is null for a selection with no visible text', () => {
    const gap = text.indexOf('\u00a0');
    expect(fragmentToTag(text, { start: gap, end: gap + 2 }, true)).toBeNull();
    expect(fragmentToTag(text, { start: gap, end: gap + 2 }, false)).toBeNull();
    expect(fragmentToTag(text, { start: 3, end: 3 }, true)).toBeNull();
  });
});
