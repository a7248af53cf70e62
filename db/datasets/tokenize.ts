/**
 * Tokens and sentences for the CoNLL export. Pure functions over a canonical text and the
 * fragments annotated in it.
 *
 * - A token is a run of letters, digits, marks and connector punctuation, or any other single
 *   non-space character; tokens are further cut at every fragment boundary, so that every
 *   annotated span is exactly a run of whole tokens (its white space aside).
 * - A sentence ends at a line break, or after `.`, `!`, `?` or `…` (and any closing quotes or
 *   brackets) followed by a token that starts with an uppercase letter, a digit or an opening
 *   quote, unless the full stop ends a common abbreviation or an initial. No sentence ends
 *   inside an annotation: a span is never cut in two by a sentence break.
 */
import type { Fragment } from '../../common/domain.js';

export interface Token {
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{N}\p{M}\p{Pc}]+|\S/gu;
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof st gen col lt sgt capt cmdr maj adm sen rep gov pres jr sr inc ltd co corp vs etc ' +
    'no jan feb mar apr jun jul aug sep sept oct nov dec approx dept est fig univ'
  ).split(' '),
);

/** Tokens of a text, cut at the given boundaries (UTF-16 offsets, sorted or not). */
export function tokenize(text: string, cuts: Iterable<number>): Token[] {
  const sortedCuts = [...new Set(cuts)].sort((a, b) => a - b);
  const tokens: Token[] = [];
  let c = 0;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    while (c < sortedCuts.length && (sortedCuts[c] as number) <= start) c++;
    let s = start;
    for (let k = c; k < sortedCuts.length && (sortedCuts[k] as number) < end; k++) {
      tokens.push({ start: s, end: sortedCuts[k] as number });
      s = sortedCuts[k] as number;
    }
    tokens.push({ start: s, end });
  }
  return tokens;
}

const SENTENCE_END = /^[.!?…]$/;
const CLOSERS = /^["'”’»)\]]$/;
const OPENERS = /^[\p{Lu}\p{N}"'“‘«([]/u;

/**
 * Sentence starts: the indices of the tokens that begin a sentence (always including 0 when
 * there are tokens). `keep` lists token ranges `[first, last]` that must stay in one sentence.
 */
export function sentenceStarts(
  text: string,
  tokens: readonly Token[],
  keep: ReadonlyArray<[number, number]>,
): number[] {
  const n = tokens.length;
  if (n === 0) return [];
  // blocked[i] > 0: no sentence may start at token i.
  const blocked = new Int32Array(n + 1);
  for (const [first, last] of keep) {
    if (last <= first) continue;
    (blocked[first + 1] as number) += 1;
    (blocked[last + 1] as number) -= 1;
  }
  for (let i = 1; i <= n; i++) blocked[i] = (blocked[i] as number) + (blocked[i - 1] as number);

  const starts = [0];
  for (let i = 1; i < n; i++) {
    const prev = tokens[i - 1] as Token;
    const tok = tokens[i] as Token;
    let boundary = text.slice(prev.end, tok.start).includes('\n');
    if (!boundary && tok.start > prev.end) {
      // Walk back over closing quotes/brackets to the punctuation that ends the sentence.
      let k = i - 1;
      while (k > 0 && CLOSERS.test(text.slice((tokens[k] as Token).start, (tokens[k] as Token).end))) k--;
      const end = tokens[k] as Token;
      if (SENTENCE_END.test(text.slice(end.start, end.end)) && OPENERS.test(text.slice(tok.start, tok.end))) {
        const before = k > 0 ? (tokens[k - 1] as Token) : null;
        const word = before && before.end === end.start ? text.slice(before.start, before.end) : '';
        const abbreviation =
          text.slice(end.start, end.end) === '.' && (ABBREVIATIONS.has(word.toLowerCase()) || /^\p{L}$/u.test(word));
        boundary = !abbreviation;
      }
    }
    if (boundary && (blocked[i] as number) === 0) starts.push(i);
  }
  return starts;
}

/** Index of the first token that ends after `offset`, by binary search. */
function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tokens `[first, last]` a fragment covers, or null when it covers none (white space only). */
export function tokenRange(tokens: readonly Token[], fragment: Fragment): [number, number] | null {
  const first = tokenAt(tokens, fragment.start);
  let last = first - 1;
  for (let i = first; i < tokens.length && (tokens[i] as Token).start < fragment.end; i++) last = i;
  return last >= first ? [first, last] : null;
}
