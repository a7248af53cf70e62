/**
 * From a text and a person's (or a file's) fragments to an {@link Anchor}: the fragments checked,
 * sorted and merged, with the quote and context that let the annotation be found again later.
 * `describeAnchor` reports a problem as data; `anchorFragments` throws it as the API error every
 * writing path (API, bulk loads, dataset imports) reports.
 */
import type { Fragment } from '../domain.js';
import { ApiError } from '../errors.js';
import { describeFragmentProblem, normalizeFragments, type FragmentProblem } from './fragments.js';
import { contextOf, quoteOf } from './quote.js';
import type { Anchor } from './types.js';

/** An anchor, or the first problem of the fragments with its readable sentence. */
export type DescribeResult =
  { ok: true; anchor: Anchor } | { ok: false; problem: FragmentProblem; index: number; message: string };

/**
 * Describes fragments of `text` as an anchor. Never repairs a range: fragments that are empty,
 * outside the text, overlapping or cutting a surrogate pair give a problem naming the input index
 * of the bad fragment and the sentence of {@link describeFragmentProblem}.
 */
export function describeAnchor(text: string, fragments: readonly Fragment[]): DescribeResult {
  const normalized = normalizeFragments(text, fragments);
  if (normalized.problem) {
    const { problem } = normalized;
    return { ok: false, problem, index: problem.index, message: describeFragmentProblem(problem, text.length) };
  }
  const merged = normalized.fragments;
  const first = merged[0];
  const last = merged[merged.length - 1];
  if (!first || !last) {
    // Unreachable through the API, whose schema asks for at least one fragment.
    const problem: FragmentProblem = { kind: 'empty', index: 0 };
    return { ok: false, problem, index: 0, message: 'an annotation needs at least one fragment' };
  }
  const { prefix, suffix } = contextOf(text, merged);
  return {
    ok: true,
    anchor: { fragments: merged, start: first.start, end: last.end, quote: quoteOf(text, merged), prefix, suffix },
  };
}

/**
 * Like {@link describeAnchor}, but throws `ApiError('invalid_range', message, { field:
 * 'fragments.N' })`. `where`, when given, names the input in the message: `where: message`
 * (e.g. "spans.jsonl line 12: fragment 0 is empty: …").
 */
export function anchorFragments(text: string, fragments: readonly Fragment[], where?: string): Anchor {
  const described = describeAnchor(text, fragments);
  if (described.ok) return described.anchor;
  const message = where === undefined ? described.message : `${where}: ${described.message}`;
  throw new ApiError('invalid_range', message, { field: `fragments.${described.index}` });
}
