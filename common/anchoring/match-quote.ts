/**
 * Finding a quote again in a text that may have changed: every exact occurrence of the quote is a
 * candidate, scored by how much of the stored context sits right beside it and by its distance to
 * where the quote used to be. A pure function with named weights, so that a test can say why one
 * occurrence beats another.
 *
 * Context agreement is counted outward from the candidate, code unit by code unit, and stops at
 * the first difference: the text nearest to a span is the best evidence that it is the same span,
 * and an edit in the context only costs the part of the context beyond it.
 */
import { splitsSurrogatePair } from '../text.js';
import { CONTEXT_LENGTH } from './quote.js';

/** Every candidate is an exact occurrence and earns this in full; it keeps the score a similarity of the whole. */
const QUOTE_WEIGHT = 40;
/** Agreement of the text before the candidate with the stored prefix (as a share of the prefix). */
const PREFIX_WEIGHT = 20;
/** Agreement of the text after the candidate with the stored suffix (as a share of the suffix). */
const SUFFIX_WEIGHT = 20;
/**
 * Closeness to the hint, as a share of the text's length. Kept below the worth of one code unit of
 * context (20 / 32 with the default context length) so that it only breaks ties.
 */
const HINT_WEIGHT = 0.5;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + HINT_WEIGHT;

/** What is known about where a quote used to be. */
export interface QuoteContext {
  /**
   * Text expected right before the quote, as `contextOf` stored it; undefined when unknown. One
   * shorter than `CONTEXT_LENGTH - 1` reached the start of the text, which then counts as one more
   * code unit of context: `''` means "at the very start".
   */
  prefix?: string;
  /** Text expected right after the quote, likewise (`''`: at the very end); undefined when unknown. */
  suffix?: string;
  /** Expected start offset of the quote (its old position). */
  hint?: number;
  /** Only occurrences starting at or after this offset count (default 0). */
  from?: number;
  /** Only occurrences ending at or before this offset count (default: the text's end). */
  to?: number;
}

/** One occurrence of a quote, with its score. */
export interface QuoteMatch {
  start: number;
  end: number;
  /** In (0, 1]: 1 for the full stored context on both sides at the hinted offset. */
  score: number;
  /** Code units of the stored prefix that equal the text right before `start`. */
  prefixAgreement: number;
  /** Code units of the stored suffix that equal the text right after `end`. */
  suffixAgreement: number;
  /** Share of the known prefix that agrees plus share of the known suffix (0 to 2; 0 when neither is known). */
  contextSupport: number;
}

/** How many code units end both `text` before `at` and `prefix`. */
function agreementBefore(text: string, at: number, prefix: string): number {
  let n = 0;
  while (n < prefix.length && n < at && text.charCodeAt(at - 1 - n) === prefix.charCodeAt(prefix.length - 1 - n)) n++;
  return n;
}

/** How many code units start both `text` after `at` and `suffix`. */
function agreementAfter(text: string, at: number, suffix: string): number {
  let n = 0;
  while (n < suffix.length && at + n < text.length && text.charCodeAt(at + n) === suffix.charCodeAt(n)) n++;
  return n;
}

/**
 * The agreeing share (0 to 1) of one side's stored context. A side that `contextOf` cut short
 * reached the text's edge (it gives up at most one code unit to keep a surrogate pair whole), and
 * the edge is evidence too: it counts as one more unit, earned when the match reaches it as well.
 */
function share(stored: string, agreement: number, reachesEdge: boolean): number {
  if (stored.length >= CONTEXT_LENGTH - 1) return agreement / stored.length;
  const edge = agreement === stored.length && reachesEdge ? 1 : 0;
  return (agreement + edge) / (stored.length + 1);
}

/**
 * Scores the span `[start, end)` of `text` against a quote's context (the span is assumed to hold
 * the quote). An unknown side agrees fully in the score (nothing there can disagree) and adds
 * nothing to `contextSupport`.
 */
export function scoreMatch(text: string, start: number, end: number, context: QuoteContext = {}): QuoteMatch {
  const { prefix, suffix } = context;
  const prefixAgreement = prefix === undefined ? 0 : agreementBefore(text, start, prefix);
  const suffixAgreement = suffix === undefined ? 0 : agreementAfter(text, end, suffix);
  const prefixShare = prefix === undefined ? null : share(prefix, prefixAgreement, start - prefixAgreement === 0);
  const suffixShare =
    suffix === undefined ? null : share(suffix, suffixAgreement, end + suffixAgreement === text.length);
  const hintShare = context.hint === undefined ? 1 : 1 - Math.abs(start - context.hint) / Math.max(1, text.length);
  const raw =
    QUOTE_WEIGHT +
    PREFIX_WEIGHT * (prefixShare ?? 1) +
    SUFFIX_WEIGHT * (suffixShare ?? 1) +
    HINT_WEIGHT * Math.max(0, hintShare);
  return {
    start,
    end,
    score: raw / TOTAL_WEIGHT,
    prefixAgreement,
    suffixAgreement,
    contextSupport: (prefixShare ?? 0) + (suffixShare ?? 0),
  };
}

/**
 * The best exact occurrence of `quote` in `text` (between `from` and `to`), or null when there is
 * none or the quote is empty. Occurrences that would cut a surrogate pair are not candidates. On
 * equal scores the earlier occurrence wins. Cost: one scan of the text plus O(context) per
 * occurrence.
 */
export function matchQuote(text: string, quote: string, context: QuoteContext = {}): QuoteMatch | null {
  if (quote.length === 0) return null;
  const from = Math.max(0, context.from ?? 0);
  const to = Math.min(text.length, context.to ?? text.length);
  let best: QuoteMatch | null = null;
  for (let at = text.indexOf(quote, from); at >= 0 && at + quote.length <= to; at = text.indexOf(quote, at + 1)) {
    const end = at + quote.length;
    if (splitsSurrogatePair(text, at) || splitsSurrogatePair(text, end)) continue;
    const candidate = scoreMatch(text, at, end, context);
    if (!best || candidate.score > best.score) best = candidate;
  }
  return best;
}
