/**
 * Properties of anchoring on text that stresses offsets: non-BMP characters, ZWJ emoji sequences,
 * combining marks, CRLF and lone CR, right-to-left script. Describe then resolve on the same text
 * gives the same fragments by position; after text is inserted away from a span, the span is found
 * by its quote at the shifted offsets; and whatever the edit, a resolved span holds exactly the
 * stored quote.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_LENGTH,
  contextOf,
  describeAnchor,
  quoteOf,
  resolveAnchor,
  splitQuote,
  type Anchor,
} from '../../common/anchoring/index.js';
import type { Fragment } from '../../common/domain.js';
import { splitsSurrogatePair } from '../../common/text.js';

const PIECES = ['a', 'b', ' ', 'Z', '\n', '\r\n', '\r', '😀', '𝔘', '👩‍💻', '🏳️‍🌈', 'é', 'e\u0301', 'ש', 'لا', '.'];
const piece = fc.constantFrom(...PIECES);

/** Text from the pieces alone: repetitive on purpose. */
const trickyText = fc.array(piece, { minLength: 1, maxLength: 80 }).map((parts) => parts.join(''));

/**
 * Text whose every stretch of context holds a unique marker `[n]`, so that a span and its context
 * occur once: with repetitive text, "where the span moved" has no single answer.
 */
const markedText = fc
  .array(fc.array(piece, { maxLength: 2 }), { minLength: 12, maxLength: 40 })
  .map((segments) => segments.map((s, i) => s.join('') + `[${i}]`).join(''));

/** An offset of `text` from a natural number, moved back off the second half of a surrogate pair. */
function offsetIn(text: string, n: number): number {
  const offset = n % (text.length + 1);
  return splitsSurrogatePair(text, offset) ? offset - 1 : offset;
}

/** One to three non-touching fragments of `text` from natural numbers, or null when too few differ. */
function fragmentsIn(text: string, seeds: number[]): Fragment[] | null {
  const cuts = [...new Set(seeds.map((n) => offsetIn(text, n)))].sort((a, b) => a - b);
  const fragments: Fragment[] = [];
  for (let i = 0; i + 1 < cuts.length; i += 2) fragments.push({ start: cuts[i] as number, end: cuts[i + 1] as number });
  return fragments.length > 0 ? fragments : null;
}

function describeOrFail(text: string, fragments: Fragment[]): Anchor {
  const described = describeAnchor(text, fragments);
  if (!described.ok) throw new Error(described.message);
  return described.anchor;
}

const seeds = fc.array(fc.nat(), { minLength: 2, maxLength: 6 });
const inserted = fc.array(piece, { minLength: 1, maxLength: 20 }).map((parts) => parts.join(''));

describe('anchoring properties', () => {
  it('contextOf never cuts a surrogate pair and sits right beside the span', () => {
    fc.assert(
      fc.property(trickyText, seeds, fc.integer({ min: 1, max: 40 }), (text, s, length) => {
        const fragments = fragmentsIn(text, s);
        fc.pre(fragments !== null);
        const { prefix, suffix } = contextOf(text, fragments as Fragment[], length);
        const first = (fragments as Fragment[])[0] as Fragment;
        const last = (fragments as Fragment[]).at(-1) as Fragment;
        expect(text.slice(0, first.start).endsWith(prefix)).toBe(true);
        expect(text.slice(last.end).startsWith(suffix)).toBe(true);
        expect(prefix.length).toBeLessThanOrEqual(length);
        const lone = /(?:[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/;
        expect(lone.test(prefix) || lone.test(suffix)).toBe(false);
      }),
    );
  });

  it('describe then resolve on the unchanged text round-trips exactly, by position', () => {
    fc.assert(
      fc.property(trickyText, seeds, (text, s) => {
        const fragments = fragmentsIn(text, s);
        fc.pre(fragments !== null);
        const anchor = describeOrFail(text, fragments as Fragment[]);
        expect(anchor.fragments).toEqual(fragments);
        expect(splitQuote(anchor.quote, anchor.fragments)).toEqual(
          anchor.fragments.map((f) => text.slice(f.start, f.end)),
        );
        expect(resolveAnchor(text, anchor)).toEqual({ ok: true, fragments, method: 'position', score: 1 });
      }),
      { numRuns: 500 },
    );
  });

  it('after text is inserted away from the span, finds it by quote at the shifted offsets', () => {
    fc.assert(
      fc.property(markedText, seeds, fc.nat(), inserted, (text, s, p, insert) => {
        const fragments = fragmentsIn(text, s);
        fc.pre(fragments !== null);
        const anchor = describeOrFail(text, fragments as Fragment[]);
        // Before the prefix's first code unit or after the suffix's last: the context stays whole.
        const at = offsetIn(text, p);
        const before = at <= anchor.start - CONTEXT_LENGTH;
        fc.pre(before || at >= anchor.end + CONTEXT_LENGTH);
        const edited = text.slice(0, at) + insert + text.slice(at);
        const shift = before ? insert.length : 0;
        expect(resolveAnchor(edited, anchor)).toEqual({
          ok: true,
          fragments: anchor.fragments.map((f) => ({ start: f.start + shift, end: f.end + shift })),
          method: before ? 'quote' : 'position',
          score: expect.any(Number),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('after text is inserted anywhere outside the fragments, still finds a span holding the quote', () => {
    fc.assert(
      fc.property(trickyText, seeds, fc.nat(), inserted, (text, s, p, insert) => {
        const fragments = fragmentsIn(text, s);
        fc.pre(fragments !== null);
        const anchor = describeOrFail(text, fragments as Fragment[]);
        const at = offsetIn(text, p);
        fc.pre(anchor.fragments.every((f) => at <= f.start || at >= f.end));
        const edited = text.slice(0, at) + insert + text.slice(at);
        const result = resolveAnchor(edited, anchor);
        // The untouched side of a single span always agrees in full, so it is never refused.
        if (anchor.fragments.length === 1) expect(result.ok).toBe(true);
        if (result.ok) expect(quoteOf(edited, result.fragments)).toBe(anchor.quote);
      }),
      { numRuns: 500 },
    );
  });

  it('whatever the edit, never returns a span whose text differs from the stored quote', () => {
    fc.assert(
      fc.property(trickyText, seeds, fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), (text, s, a, b, insert) => {
        const fragments = fragmentsIn(text, s);
        fc.pre(fragments !== null);
        const anchor = describeOrFail(text, fragments as Fragment[]);
        const from = offsetIn(text, Math.min(a, b));
        const to = Math.max(from, offsetIn(text, Math.max(a, b)));
        const edited = text.slice(0, from) + insert + text.slice(to);
        const result = resolveAnchor(edited, anchor);
        if (!result.ok) return;
        const parts = splitQuote(anchor.quote, anchor.fragments) as string[];
        expect(result.fragments.map((f) => edited.slice(f.start, f.end))).toEqual(parts);
        result.fragments.forEach((f, i) => {
          expect(f.end).toBeGreaterThan(f.start);
          if (i > 0) expect(f.start).toBeGreaterThanOrEqual((result.fragments[i - 1] as Fragment).end);
          expect(splitsSurrogatePair(edited, f.start) || splitsSurrogatePair(edited, f.end)).toBe(false);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
