/**
 * The data of text anchoring: what an annotation keeps to find its text again, and what the
 * anchoring functions answer. Plain data only, so that it can be stored, sent over IPC and
 * compared in tests. Offsets are UTF-16 code units into the document's canonical text.
 */
import type { Fragment } from '../domain.js';

/** Where the annotated text lies: its fragments, sorted, non-empty, non-overlapping. */
export interface PositionSelector {
  fragments: readonly Fragment[];
}

/**
 * What the annotated text says: the fragments' texts joined by `FRAGMENT_SEPARATOR`, with up to
 * `CONTEXT_LENGTH` code units of the text before the first fragment and after the last.
 */
export interface QuoteSelector {
  quote: string;
  prefix: string;
  suffix: string;
}

/** Both selectors, as an annotation stores them (a domain `Annotation` is one). */
export type Selectors = PositionSelector & QuoteSelector;

/** Fragments checked against a text and described by both selectors. */
export interface Anchor extends Selectors {
  /** Sorted, merged where they touched, non-empty, inside the text, not splitting a character. */
  fragments: Fragment[];
  /** Start of the first fragment. */
  start: number;
  /** End of the last fragment. */
  end: number;
}

/** How a resolution found the text: at its stored position, or by searching for its quote. */
export type ResolveMethod = 'position' | 'quote';

/** Why stored selectors could not be resolved against a text. Codes are stable. */
export type ResolveFailureCode =
  /** The stored quote does not fit the stored fragments (lengths or separators differ). */
  | 'inconsistent_selectors'
  /** A fragment's text occurs nowhere (where it may lie) in the current text. */
  | 'quote_not_found'
  /** The quote occurs, but nowhere beside enough of its stored context to be trusted. */
  | 'context_mismatch';

/** The answer of `resolveAnchor`: fragments whose text equals the stored quote, or a failure. */
export type Resolution =
  | {
      ok: true;
      /** In order, non-empty, non-overlapping; they touch only where the text between them was deleted. */
      fragments: Fragment[];
      method: ResolveMethod;
      /** 1 for the stored position with its context intact; lower as the context agrees less. */
      score: number;
    }
  | {
      ok: false;
      code: ResolveFailureCode;
      /** The fragment that failed, or null when the failure concerns the whole annotation. */
      index: number | null;
      message: string;
    };
