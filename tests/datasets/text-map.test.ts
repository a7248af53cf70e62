/**
 * The pure pieces under the formats: raw → canonical offset mapping, tokens and sentences for
 * CoNLL, label tags and relation-type names. Table-driven, plus a property for the mapping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelTags, relationTypeOf } from '../../db/datasets/model.js';
import { CodePoints, canonicalize } from '../../db/datasets/text-map.js';
import { sentenceStarts, tokenRange, tokenize } from '../../db/datasets/tokenize.js';
import { normalizeText } from '../../common/text.js';

describe('canonicalize', () => {
  it.each([
    ['already canonical', 'a\nb', [0, 1, 2, 3], [0, 1, 2, 3]],
    ['CRLF', 'a\r\nb', [0, 1, 2, 3, 4], [0, 1, 1, 2, 3]],
    ['lone CR', 'a\rb', [0, 1, 2, 3], [0, 1, 2, 3]],
    ['byte-order mark', '\ufeffab', [0, 1, 2, 3], [0, 0, 1, 2]],
    ['decomposed é', 'cafe\u0301!', [0, 3, 4, 5, 6, 7], [0, 3, -1, 4, 5, -1]],
    ['emoji and CRLF', '😀\r\nx', [0, 2, 3, 4, 5], [0, 2, 2, 3, 4]],
  ])('%s', (_name, raw, offsets, expected) => {
    const c = canonicalize(raw);
    expect(c.text).toBe(normalizeText(raw));
    expect(offsets.map((o) => c.toCanonical(o))).toEqual(expected);
  });

  it('maps every code-point boundary of a raw text to the same characters in the canonical text', () => {
    const piece = fc.constantFrom('a', ' ', '\r\n', '\r', '\n', '😀', 'é', 'e\u0301', 'بغداد', '𝒞', '\ufeff');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const raw = pieces.join('');
        const c = canonicalize(raw);
        // Between two pieces that survive unchanged, the text in between maps to its canonical form.
        let offset = 0;
        const bounds = [0];
        for (const p of pieces) bounds.push((offset += p.length));
        for (let i = 0; i < bounds.length; i++) {
          for (let j = i; j < bounds.length; j++) {
            const a = c.toCanonical(bounds[i] as number);
            const b = c.toCanonical(bounds[j] as number);
            if (a < 0 || b < 0) continue;
            const between = raw.slice(bounds[i], bounds[j]);
            // A CR at the end of the slice may pair with an LF just after it.
            if (between.endsWith('\r') && raw[bounds[j] as number] === '\n') continue;
            // Only a leading byte-order mark of the whole text is dropped.
            const expected = i === 0 ? normalizeText(between) : normalizeText('x' + between).slice(1);
            if (i === 0 || !raw.slice(0, bounds[i]).endsWith('\r') || raw[bounds[i] as number] !== '\n') {
              expect(c.text.slice(a, b)).toBe(expected);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('converts code points to UTF-16 offsets, refusing offsets outside the text', () => {
    const cp = new CodePoints('a😀b');
    expect([0, 1, 2, 3].map((o) => cp.toUtf16(o))).toEqual([0, 1, 3, 4]);
    expect(cp.toUtf16(4)).toBe(-1);
    expect(cp.toUtf16(-1)).toBe(-1);
    expect(cp.toUtf16(1.5)).toBe(-1);
    expect(cp.slice(1, 2)).toBe('😀');
  });
});

describe('tokens and sentences', () => {
  const words = (text: string, cuts: number[] = []) => tokenize(text, cuts).map((t) => text.slice(t.start, t.end));

  it.each([
    ['words and punctuation', 'Iraq, Iran (and) Syria.', ['Iraq', ',', 'Iran', '(', 'and', ')', 'Syria', '.']],
    ['marks and non-BMP', 'café 😀 𝒞enter', ['café', '😀', '𝒞enter']],
    ['right to left', 'قال المتحدث', ['قال', 'المتحدث']],
    ['apostrophes split', "ISIS's", ['ISIS', "'", 's']],
  ])('%s', (_name, text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('cuts tokens at span boundaries', () => {
    expect(words('Russian', [4])).toEqual(['Russ', 'ian']);
    expect(words('Russian forces', [2, 4, 10])).toEqual(['Ru', 'ss', 'ian', 'fo', 'rces']);
  });

  it('finds the tokens a fragment covers, or none for white space', () => {
    const text = 'a  bc d';
    const tokens = tokenize(text, []);
    expect(tokenRange(tokens, { start: 0, end: 5 })).toEqual([0, 1]);
    expect(tokenRange(tokens, { start: 1, end: 3 })).toBeNull();
  });

  it('never ends a sentence inside a span that must stay whole', () => {
    const text = 'One here. Two there. Three.';
    const tokens = tokenize(text, []);
    expect(sentenceStarts(text, tokens, [])).toEqual([0, 3, 6]);
    expect(sentenceStarts(text, tokens, [[1, 4]])).toEqual([0, 6]);
  });
});

describe('names', () => {
  it('makes label names single unique tokens', () => {
    expect(labelTags(['Claim', 'Armed group', 'Armed_group', '2nd wave', 'Über-Gruppe'])).toEqual([
      'Claim',
      'Armed_group',
      'Armed_group_2',
      'L_2nd_wave',
      'Über-Gruppe',
    ]);
  });

  it.each([
    ['foundedAt', 'founded_at'],
    ['Pos-Reg', 'pos_reg'],
    ['Org-Arg2', 'org_arg2'],
    ['Theme', 'theme'],
    ['2nd', 'r_2nd'],
    ['—', 'r'],
  ])('relation type of %s is %s', (label, type) => {
    expect(relationTypeOf(label)).toBe(type);
  });
});
