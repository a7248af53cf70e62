/**
 * How a W3C target selects text. Export writes two selectors for each fragment: a
 * TextQuoteSelector (the text with its context) and a TextPositionSelector (Unicode code points,
 * as the model requires). Import reads either back: a position, checked against the quote when
 * both are given, or else a quote, which must occur once in the text or be singled out by its
 * prefix and suffix.
 */
import type { Fragment } from '../../../common/domain.js';
import { contextOf } from '../../../common/anchoring/index.js';
import type { OffsetConverter } from '../../../common/text.js';
import { at, expectString } from '../field-checks.js';
import { excerpt, invalidFile, invalidRange, type Where } from '../model.js';
import type { CodePoints } from '../text-map.js';
import { list, typesOf } from './w3c-json-ld.js';

/** The TextQuoteSelector and TextPositionSelector of fragment `f` of `text`. */
export function textSelectors(text: string, cp: OffsetConverter, f: Fragment): unknown[] {
  const { prefix, suffix } = contextOf(text, [f]);
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(f.start, f.end),
      ...(prefix ? { prefix } : {}),
      ...(suffix ? { suffix } : {}),
    },
    { type: 'TextPositionSelector', start: cp.toCodePoint(f.start), end: cp.toCodePoint(f.end) },
  ];
}

/**
 * Where a quote (with optional context) occurs in a text: its one occurrence, or the one its
 * prefix and suffix fit.
 * @throws ApiError `invalid_range` for an empty, missing or ambiguous quote.
 */
export function anchorQuote(
  text: string,
  exact: string,
  prefix: string | undefined,
  suffix: string | undefined,
  where: Where,
): Fragment {
  if (!exact) throw invalidRange(where, 'the TextQuoteSelector has an empty "exact".');
  const all: number[] = [];
  for (let i = text.indexOf(exact); i >= 0; i = text.indexOf(exact, i + 1)) all.push(i);
  if (all.length === 0) throw invalidRange(where, `the quote ${excerpt(exact)} does not occur in the document.`);
  const fits = all.filter(
    (i) =>
      (!prefix || text.slice(0, i).endsWith(prefix)) && (!suffix || text.slice(i + exact.length).startsWith(suffix)),
  );
  const chosen = fits.length === 1 ? fits : all.length === 1 ? all : fits;
  if (chosen.length !== 1) {
    throw invalidRange(
      where,
      `the quote ${excerpt(exact)} occurs ${fits.length || all.length} times and its prefix/suffix do not single one out; expected a TextPositionSelector.`,
    );
  }
  const start = chosen[0] as number;
  return { start, end: start + exact.length };
}

/**
 * The fragment a target selects: by TextPositionSelector (checked against its quote), or by quote.
 * @throws ApiError `invalid_file` for no usable selector, `invalid_range` for a position outside
 *   the text, a quote that disagrees with it, or a quote that is missing or ambiguous.
 */
export function selectFragment(text: string, cp: CodePoints, target: unknown, where: Where): Fragment {
  const selectors = list(
    typeof target === 'object' && target !== null ? (target as { selector?: unknown }).selector : undefined,
  ).filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
  const position = selectors.find((s) => typesOf(s).includes('TextPositionSelector'));
  const quote = selectors.find((s) => typesOf(s).includes('TextQuoteSelector'));
  const w = at(where, 'selector');
  if (position) {
    const s = position.start;
    const e = position.end;
    if (typeof s !== 'number' || typeof e !== 'number' || !Number.isInteger(s) || !Number.isInteger(e) || e <= s) {
      throw invalidFile(w, 'expected a TextPositionSelector with whole-number start < end.');
    }
    const start = cp.toUtf16(s);
    const end = cp.toUtf16(e);
    if (start < 0 || end < 0) {
      throw invalidRange(w, `the range [${s}, ${e}) lies outside the text (0 to ${cp.length} code points).`);
    }
    if (quote && typeof quote.exact === 'string' && text.slice(start, end) !== quote.exact) {
      throw invalidRange(
        w,
        `the text at [${s}, ${e}) is ${excerpt(text.slice(start, end))} but the TextQuoteSelector says ${excerpt(quote.exact)}.`,
      );
    }
    return { start, end };
  }
  if (quote) {
    return anchorQuote(
      text,
      expectString(quote.exact, at(w, 'exact')),
      typeof quote.prefix === 'string' ? quote.prefix : undefined,
      typeof quote.suffix === 'string' ? quote.suffix : undefined,
      w,
    );
  }
  throw invalidFile(w, 'expected a TextPositionSelector or a TextQuoteSelector.');
}
