/**
 * From stored selectors back to fragments of the current text (re-anchoring after a text changed,
 * checking suggestions and review bundles against their document). The chain: the stored position,
 * accepted only when its text equals the stored quote and enough context agrees; otherwise a search
 * for the quote, fragment by fragment, with the old position as the hint. The answer's fragments
 * always hold exactly the stored quote, or the answer is a coded failure: never a shifted guess.
 */
import type { Fragment } from '../domain.js';
import { normalizeFragments } from './fragments.js';
import { matchQuote, scoreMatch, type QuoteMatch } from './match-quote.js';
import { FRAGMENT_SEPARATOR, quoteOf, splitQuote } from './quote.js';
import type { Resolution, ResolveFailureCode, Selectors } from './types.js';

/**
 * How much stored context must agree beside a match for it to be trusted: the agreeing share of
 * the prefix plus that of the suffix (see `QuoteMatch.contextSupport`). A quarter is 8 code units
 * of a full 32-unit side. Below it, an occurrence of the quote is as likely another mention of the
 * same words as the annotated one, and the answer is a failure, not a guess.
 */
export const MIN_CONTEXT_SUPPORT = 0.25;

/** True when the context beside the first and last fragments is enough to trust them. */
function contextAgrees(first: QuoteMatch, last: QuoteMatch): boolean {
  const support = first === last ? first.contextSupport : first.contextSupport + last.contextSupport;
  return support >= MIN_CONTEXT_SUPPORT;
}

function excerpt(quote: string): string {
  const chars = Array.from(quote);
  return chars.length > 40 ? chars.slice(0, 39).join('') + '…' : quote;
}

function failure(code: ResolveFailureCode, index: number | null, message: string): Resolution {
  return { ok: false, code, index, message };
}

/** The stored position, if its text is still the stored quote with enough of its context. */
function atPosition(text: string, stored: Selectors): Resolution | null {
  const fragments = stored.fragments;
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  if (!first || !last || normalizeFragments(text, fragments).problem) return null;
  if (quoteOf(text, fragments) !== stored.quote) return null;
  const single = fragments.length === 1;
  const before = scoreMatch(text, first.start, first.end, {
    prefix: stored.prefix,
    ...(single ? { suffix: stored.suffix } : {}),
    hint: first.start,
  });
  const after = single ? before : scoreMatch(text, last.start, last.end, { suffix: stored.suffix, hint: last.start });
  if (!contextAgrees(before, after)) return null;
  const score = Math.min(before.score, after.score);
  return { ok: true, fragments: fragments.map((f) => ({ start: f.start, end: f.end })), method: 'position', score };
}

/**
 * Finds stored selectors in `text`. `stored` is what an annotation keeps (a domain `Annotation`
 * will do): fragments as written, their quote joined by `FRAGMENT_SEPARATOR`, and the context.
 *
 * Contract: on success, `quoteOf(text, result.fragments) === stored.quote`, fragment by fragment,
 * and the fragments are in order without overlap. `method` is 'position' when the stored offsets
 * still hold the quote beside its context; 'quote' when they had to be searched for. A discontinuous
 * annotation is searched fragment by fragment, each after the previous one, its hint the previous
 * fragment's new end plus the old gap; the prefix guides the first, the suffix the last.
 * Failures: 'inconsistent_selectors', 'quote_not_found' (with the fragment's index) and
 * 'context_mismatch' (the quote occurs, but not beside its context).
 */
export function resolveAnchor(text: string, stored: Selectors): Resolution {
  const quotes = splitQuote(stored.quote, stored.fragments);
  if (!quotes) {
    return failure(
      'inconsistent_selectors',
      null,
      `the stored quote does not fit the stored fragments (their lengths and the “${FRAGMENT_SEPARATOR.trim()}” separators), so it cannot be checked against the text; describe the annotation again from its fragments`,
    );
  }
  const positioned = atPosition(text, stored);
  if (positioned) return positioned;

  const matches: QuoteMatch[] = [];
  let previousOld: Fragment | null = null;
  for (const [i, old] of stored.fragments.entries()) {
    const previous = matches[matches.length - 1];
    const from = previous ? previous.end : 0;
    const hint = previous && previousOld ? previous.end + Math.max(0, old.start - previousOld.end) : old.start;
    const match = matchQuote(text, quotes[i] as string, {
      ...(i === 0 ? { prefix: stored.prefix } : {}),
      ...(i === quotes.length - 1 ? { suffix: stored.suffix } : {}),
      hint,
      from,
    });
    if (!match) {
      const where = i === 0 ? '' : ` after fragment ${i - 1}`;
      return failure(
        'quote_not_found',
        i,
        `the text of fragment ${i}, “${excerpt(quotes[i] as string)}”, no longer occurs in the document${where}; the annotation needs to be placed again`,
      );
    }
    matches.push(match);
    previousOld = old;
  }
  const first = matches[0] as QuoteMatch;
  const last = matches[matches.length - 1] as QuoteMatch;
  if (!contextAgrees(first, last)) {
    return failure(
      'context_mismatch',
      null,
      'the quoted text still occurs in the document, but nowhere beside its stored context; the annotation needs to be placed again rather than moved to a guess',
    );
  }
  return {
    ok: true,
    fragments: matches.map((m) => ({ start: m.start, end: m.end })),
    method: 'quote',
    score: Math.min(...matches.map((m) => m.score)),
  };
}
