/**
 * Text anchoring: the one module through which every path that writes or re-finds an annotation
 * ties it to a document's text (the API, bulk loads, dataset imports, suggestions, review bundles,
 * re-anchoring). Describe: fragments → a checked {@link Anchor} (position and quote selectors).
 * Resolve: stored selectors + current text → fragments, by position checked against the quote,
 * else by a scored quote search; never a span whose text differs from the stored quote.
 *
 * Isomorphic: no Node, no DOM. Offsets are UTF-16 code units of the canonical text.
 */
export type {
  Anchor,
  PositionSelector,
  QuoteSelector,
  Resolution,
  ResolveFailureCode,
  ResolveMethod,
  Selectors,
} from './types.js';
export { describeFragmentProblem, normalizeFragments, type FragmentProblem } from './fragments.js';
export { CONTEXT_LENGTH, FRAGMENT_SEPARATOR, contextOf, quoteOf, splitQuote } from './quote.js';
export { anchorFragments, describeAnchor, type DescribeResult } from './describe.js';
export { matchQuote, scoreMatch, type QuoteContext, type QuoteMatch } from './match-quote.js';
export { MIN_CONTEXT_SUPPORT, resolveAnchor } from './resolve.js';
