/**
 * The anchoring module, case by case: describing fragments (validation, merging, quote and context,
 * the one set of messages), scoring quote matches, and resolving stored selectors after the text
 * changed before, after or inside the span, with duplicates, ties and discontinuous annotations.
 */
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_LENGTH,
  anchorFragments,
  describeAnchor,
  matchQuote,
  normalizeFragments,
  quoteOf,
  resolveAnchor,
  splitQuote,
  type Anchor,
} from '../../common/anchoring/index.js';
import type { Fragment } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';

/** The `nth` occurrence of `needle` in `text`, as a fragment. */
function at(text: string, needle: string, nth = 0): Fragment {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`no ${needle} #${nth}`);
  return { start, end: start + needle.length };
}

function anchor(text: string, fragments: Fragment[]): Anchor {
  const described = describeAnchor(text, fragments);
  if (!described.ok) throw new Error(described.message);
  return described.anchor;
}

describe('normalizeFragments', () => {
  const text = 'Russia 😀 and Iraq';
  it.each([
    [[{ start: 7, end: 9 }], null],
    [[{ start: 8, end: 9 }], 'splits_character'],
    [[{ start: 7, end: 8 }], 'splits_character'],
    [[{ start: 3, end: 3 }], 'empty'],
    [[{ start: 5, end: 2 }], 'empty'],
    [[{ start: 0, end: 99 }], 'out_of_range'],
    [[{ start: -1, end: 2 }], 'out_of_range'],
    [[{ start: 0.5, end: 2 }], 'out_of_range'],
    [
      [
        { start: 0, end: 6 },
        { start: 3, end: 7 },
      ],
      'overlap',
    ],
  ])('%j → %s', (fragments, problem) => {
    expect(normalizeFragments(text, fragments).problem?.kind ?? null).toBe(problem);
  });

  it('sorts and merges touching fragments', () => {
    const result = normalizeFragments(text, [
      { start: 14, end: 18 },
      { start: 0, end: 6 },
      { start: 6, end: 7 },
    ]);
    expect(result.fragments).toEqual([
      { start: 0, end: 7 },
      { start: 14, end: 18 },
    ]);
    expect(quoteOf(text, result.fragments ?? [])).toBe('Russia  … Iraq');
  });
});

describe('describeAnchor', () => {
  const text = 'Reuters said Moscow denied it. 😀 Saad al-Hadithi spoke.';

  it('gives the fragments, bounds, quote and context of a span', () => {
    expect(describeAnchor(text, [at(text, 'Moscow')])).toEqual({
      ok: true,
      anchor: {
        fragments: [at(text, 'Moscow')],
        start: 13,
        end: 19,
        quote: 'Moscow',
        prefix: 'Reuters said ',
        suffix: ' denied it. 😀 Saad al-Hadithi s',
      },
    });
  });

  it('sorts a discontinuous span and joins its quote with the separator', () => {
    const result = anchor(text, [at(text, 'al-Hadithi'), at(text, 'Saad')]);
    expect(result.fragments).toEqual([at(text, 'Saad'), at(text, 'al-Hadithi')]);
    expect([result.start, result.end]).toEqual([at(text, 'Saad').start, at(text, 'al-Hadithi').end]);
    expect(result.quote).toBe('Saad … al-Hadithi');
    expect(result.suffix).toBe(' spoke.');
  });

  it.each([
    [[{ start: 4, end: 4 }], 0, 'fragment 0 is empty: its end must be greater than its start'],
    [
      [
        { start: 0, end: 3 },
        { start: 0, end: 999 },
      ],
      1,
      `fragment 1 lies outside the document text (0 to ${text.length} UTF-16 code units)`,
    ],
    [
      [{ start: 32, end: 33 }],
      0,
      'fragment 0 cuts a character in half at offset 32 (offsets are UTF-16 code units; a character outside the BMP takes two)',
    ],
    [
      [
        { start: 10, end: 20 },
        { start: 0, end: 11 },
      ],
      0,
      'fragment 0 overlaps another fragment of the same annotation',
    ],
  ])('refuses %j: fragment %i, “%s”', (fragments, index, message) => {
    expect(describeAnchor(text, fragments)).toMatchObject({ ok: false, index, message });
  });

  it('anchorFragments throws invalid_range naming the field and, when given, the input', () => {
    expect(anchorFragments(text, [at(text, 'Moscow')])).toEqual(anchor(text, [at(text, 'Moscow')]));
    let error: unknown;
    try {
      anchorFragments(
        text,
        [
          { start: 0, end: 3 },
          { start: 5, end: 5 },
        ],
        'spans.jsonl line 12',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).toJSON()).toEqual({
      code: 'invalid_range',
      message: 'spans.jsonl line 12: fragment 1 is empty: its end must be greater than its start',
      details: { field: 'fragments.1' },
    });
  });
});

describe('splitQuote', () => {
  it('splits by the stored lengths, even when a fragment holds the separator', () => {
    const text = 'a … b and c';
    const fragments = [at(text, 'a … b'), at(text, 'c')];
    expect(splitQuote(quoteOf(text, fragments), fragments)).toEqual(['a … b', 'c']);
  });

  it.each([
    ['abc', [{ start: 0, end: 2 }]],
    [
      'ab/c',
      [
        { start: 0, end: 2 },
        { start: 5, end: 6 },
      ],
    ],
    ['', []],
  ])('refuses %j for %j', (quote, fragments) => {
    expect(splitQuote(quote, fragments)).toBeNull();
  });
});

describe('matchQuote', () => {
  it.each([
    ['the only occurrence', 'xx Paris yy', 'Paris', {}, 3],
    ['prefix agreement picks the occurrence', 'in Paris, and at Paris.', 'Paris', { prefix: 'at ' }, 17],
    ['suffix agreement picks the occurrence', 'in Paris, and at Paris.', 'Paris', { suffix: ', and' }, 3],
    ['context beats the hint', 'in Paris, and at Paris.', 'Paris', { prefix: 'at ', hint: 0 }, 17],
    ['the hint breaks a tie', 'ab ab ab ab', 'ab', { hint: 7 }, 6],
    ['the earlier wins an exact tie', 'ab ab ab ab', 'ab', { hint: 4 }, 3],
    ['`from` skips earlier occurrences', 'ab ab ab', 'ab', { from: 1 }, 3],
    ['`to` skips later occurrences', 'ab ab ab', 'ab', { hint: 8, to: 5 }, 3],
  ])('%s', (_what, text, quote, context, start) => {
    expect(matchQuote(text, quote, context)?.start).toBe(start);
  });

  it('scores the stored context at the hint as 1, and less as agreement falls', () => {
    const full = matchQuote('say Paris now', 'Paris', { prefix: 'say ', suffix: ' now', hint: 4 });
    expect(full).toMatchObject({ start: 4, end: 9, score: 1, prefixAgreement: 4, suffixAgreement: 4 });
    const half = matchQuote('Xay Paris Xow', 'Paris', { prefix: 'say ', suffix: ' now', hint: 4 });
    expect(half).toMatchObject({ prefixAgreement: 3, suffixAgreement: 1 });
    expect(half?.score).toBeLessThan(1);
  });

  it('gives null for an absent or empty quote, and never cuts a surrogate pair', () => {
    expect(matchQuote('abc', 'x')).toBeNull();
    expect(matchQuote('abc', '')).toBeNull();
    expect(matchQuote('😀', '\ude00')).toBeNull();
  });
});

const ARTICLE =
  'The minister met Saad in Baghdad on Monday. Later, Saad al-Hadithi told Reuters that the talks in Baghdad went well, and Reuters said more talks would follow.';

/** Resolution cases: an anchor on ARTICLE, an edit, and what resolving on the edited text gives. */
const cases: Array<{
  name: string;
  fragments: Fragment[];
  edit: (text: string) => string;
  expected:
    | { method: 'position' | 'quote'; fragments: (edited: string) => Fragment[] }
    | { code: string; index: number | null };
}> = [
  {
    name: 'unchanged text: the stored position',
    fragments: [at(ARTICLE, 'Reuters')],
    edit: (t) => t,
    expected: { method: 'position', fragments: (t) => [at(t, 'Reuters')] },
  },
  {
    name: 'text inserted before: found by quote, shifted',
    fragments: [at(ARTICLE, 'Reuters')],
    edit: (t) => 'BREAKING: ' + t,
    expected: { method: 'quote', fragments: (t) => [at(t, 'Reuters')] },
  },
  {
    name: 'text inserted after, beyond the context: the stored position',
    fragments: [at(ARTICLE, 'Reuters')],
    edit: (t) => t + ' (Updated.)',
    expected: { method: 'position', fragments: (t) => [at(t, 'Reuters')] },
  },
  {
    name: 'text edited right after the span: the stored position, on the prefix',
    fragments: [at(ARTICLE, 'Reuters')],
    edit: (t) => t.replace('Reuters that', 'Reuters, Tuesday, that'),
    expected: { method: 'position', fragments: (t) => [at(t, 'Reuters')] },
  },
  {
    name: 'text deleted before: found by quote, shifted left',
    fragments: [at(ARTICLE, 'Reuters', 1)],
    edit: (t) => t.replace(' on Monday', ''),
    expected: { method: 'quote', fragments: (t) => [at(t, 'Reuters', 1)] },
  },
  {
    name: 'a duplicate closer to the hint loses to the one beside the stored context',
    fragments: [at(ARTICLE, 'Baghdad', 1)],
    edit: (t) => t.replace('The minister met Saad in Baghdad on Monday.', 'Baghdad:'),
    expected: { method: 'quote', fragments: (t) => [at(t, 'Baghdad', 1)] },
  },
  {
    name: 'the first of two duplicates, after a shift, by its context',
    fragments: [at(ARTICLE, 'Reuters')],
    edit: (t) => 'In Reuters style: ' + t,
    expected: { method: 'quote', fragments: (t) => [at(t, 'Reuters', 1)] },
  },
  {
    name: 'text edited inside the span: the quote is gone',
    fragments: [at(ARTICLE, 'al-Hadithi')],
    edit: (t) => t.replace('al-Hadithi', 'al-Haditha'),
    expected: { code: 'quote_not_found', index: 0 },
  },
  {
    name: 'the quote gone here but present elsewhere, away from its context: no guess',
    fragments: [at(ARTICLE, 'Reuters', 1)],
    edit: (t) => t.replace('and Reuters said more', 'and AFP said more'),
    expected: { code: 'context_mismatch', index: null },
  },
  {
    name: 'discontinuous, unchanged: the stored position',
    fragments: [at(ARTICLE, 'Saad', 1), at(ARTICLE, 'al-Hadithi')],
    edit: (t) => t,
    expected: { method: 'position', fragments: (t) => [at(t, 'Saad', 1), at(t, 'al-Hadithi')] },
  },
  {
    name: 'discontinuous, text inserted before and between the fragments',
    fragments: [at(ARTICLE, 'Saad', 1), at(ARTICLE, 'al-Hadithi')],
    edit: (t) => t.replace('Later, Saad al-Hadithi', 'Much later, Saad Ahmed al-Hadithi'),
    expected: { method: 'quote', fragments: (t) => [at(t, 'Saad', 1), at(t, 'al-Hadithi')] },
  },
  {
    name: 'discontinuous, the second fragment gone',
    fragments: [at(ARTICLE, 'Saad', 1), at(ARTICLE, 'al-Hadithi')],
    edit: (t) => 'Now: ' + t.replace('al-Hadithi', 'Hadithi'),
    expected: { code: 'quote_not_found', index: 1 },
  },
];

describe('resolveAnchor', () => {
  it.each(cases)('$name', ({ fragments, edit, expected }) => {
    const stored = anchor(ARTICLE, fragments);
    const edited = edit(ARTICLE);
    const result = resolveAnchor(edited, stored);
    if ('method' in expected) {
      expect(result).toMatchObject({ ok: true, method: expected.method, fragments: expected.fragments(edited) });
      if (result.ok) expect(quoteOf(edited, result.fragments)).toBe(stored.quote);
    } else {
      expect(result).toMatchObject({ ok: false, code: expected.code, index: expected.index });
    }
  });

  it('scores the unchanged position 1, and a context cut by an edit below 1', () => {
    const stored = anchor(ARTICLE, [at(ARTICLE, 'Reuters')]);
    expect(resolveAnchor(ARTICLE, stored)).toMatchObject({ ok: true, score: 1 });
    const edited = ARTICLE.replace('Reuters that', 'Reuters, Tuesday, that');
    const result = resolveAnchor(edited, stored);
    expect(result.ok && result.score).toBeLessThan(1);
  });

  it('refuses a stored quote that does not fit its fragments', () => {
    const stored = anchor(ARTICLE, [at(ARTICLE, 'Reuters')]);
    expect(resolveAnchor(ARTICLE, { ...stored, quote: 'Reuter' })).toMatchObject({
      ok: false,
      code: 'inconsistent_selectors',
      index: null,
    });
  });

  it('moves fragments together when the text between them is deleted, keeping them apart', () => {
    const text = 'one two three four';
    const stored = anchor(text, [at(text, 'two'), at(text, 'four')]);
    const edited = 'zero one twofour';
    expect(resolveAnchor(edited, stored)).toMatchObject({
      ok: true,
      method: 'quote',
      fragments: [at(edited, 'two'), at(edited, 'four')],
    });
  });

  it('keeps CONTEXT_LENGTH code units of context', () => {
    const stored = anchor(ARTICLE, [at(ARTICLE, 'Reuters')]);
    expect(stored.prefix.length).toBe(CONTEXT_LENGTH);
    expect(stored.suffix.length).toBe(CONTEXT_LENGTH);
  });
});
