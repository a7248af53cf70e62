/**
 * The quote selector's text: an annotation's quote (its fragments' texts joined by a separator)
 * and the context around it, plus the inverse split of a stored quote back into one text per
 * fragment, which re-anchoring needs to search for discontinuous annotations fragment by fragment.
 */
import type { Fragment } from '../domain.js';
import { splitsSurrogatePair } from '../text.js';

/** How many code units of context `contextOf` keeps on each side of a quote. */
export const CONTEXT_LENGTH = 32;

/** Separator between fragment texts in the quote of a discontinuous annotation. */
export const FRAGMENT_SEPARATOR = ' … ';

/** The quote of an annotation: its fragments' texts, joined by {@link FRAGMENT_SEPARATOR}. */
export function quoteOf(text: string, fragments: readonly Fragment[]): string {
  return fragments.map((f) => text.slice(f.start, f.end)).join(FRAGMENT_SEPARATOR);
}

/** Up to `length` code units before the first fragment and after the last, never splitting a pair. */
export function contextOf(
  text: string,
  fragments: readonly Fragment[],
  length = CONTEXT_LENGTH,
): { prefix: string; suffix: string } {
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  if (!first || !last) return { prefix: '', suffix: '' };
  let from = Math.max(0, first.start - length);
  if (splitsSurrogatePair(text, from)) from += 1;
  let to = Math.min(text.length, last.end + length);
  if (splitsSurrogatePair(text, to)) to -= 1;
  return { prefix: text.slice(from, first.start), suffix: text.slice(last.end, to) };
}

/**
 * The text of each fragment inside a stored quote. The stored fragments' lengths say where each
 * text ends, so a fragment whose own text contains the separator splits correctly. Returns null
 * when the quote does not fit those lengths (a record that was not written by `quoteOf`).
 */
export function splitQuote(quote: string, fragments: readonly Fragment[]): string[] | null {
  const parts: string[] = [];
  let at = 0;
  for (const [i, f] of fragments.entries()) {
    if (i > 0) {
      if (!quote.startsWith(FRAGMENT_SEPARATOR, at)) return null;
      at += FRAGMENT_SEPARATOR.length;
    }
    const length = f.end - f.start;
    if (!(length > 0) || at + length > quote.length) return null;
    parts.push(quote.slice(at, at + length));
    at += length;
  }
  return at === quote.length && parts.length > 0 ? parts : null;
}
