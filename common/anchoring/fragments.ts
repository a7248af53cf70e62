/**
 * Fragment validation: the one place that decides whether a set of fragments fits a text, and the
 * one sentence that says why not. Every path that writes an annotation goes through here.
 */
import type { Fragment } from '../domain.js';
import { splitsSurrogatePair } from '../text.js';

/** Why a set of fragments does not fit a text. `index` is the fragment's position in the input. */
export type FragmentProblem =
  | { kind: 'empty'; index: number }
  | { kind: 'out_of_range'; index: number }
  | { kind: 'splits_character'; index: number; offset: number }
  | { kind: 'overlap'; index: number };

/**
 * Sorts fragments and checks them against the text: each non-empty, inside the text, not
 * splitting a surrogate pair, and not overlapping another. Touching fragments are merged, since
 * they select one continuous run of text. Reports the first problem met, never a repaired range.
 */
export function normalizeFragments(
  text: string,
  fragments: readonly Fragment[],
): { fragments: Fragment[]; problem: null } | { fragments: null; problem: FragmentProblem } {
  const indexed = fragments.map((f, index) => ({ start: f.start, end: f.end, index }));
  for (const f of indexed) {
    if (!Number.isInteger(f.start) || !Number.isInteger(f.end) || f.start < 0 || f.end > text.length) {
      return { fragments: null, problem: { kind: 'out_of_range', index: f.index } };
    }
    if (f.end <= f.start) return { fragments: null, problem: { kind: 'empty', index: f.index } };
    for (const offset of [f.start, f.end]) {
      if (splitsSurrogatePair(text, offset)) {
        return { fragments: null, problem: { kind: 'splits_character', index: f.index, offset } };
      }
    }
  }
  indexed.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Fragment[] = [];
  for (const f of indexed) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      return { fragments: null, problem: { kind: 'overlap', index: f.index } };
    }
    if (last && f.start === last.end) last.end = f.end;
    else merged.push({ start: f.start, end: f.end });
  }
  return { fragments: merged, problem: null };
}

/** The readable sentence for a fragment problem; `textLength` is the text's length in code units. */
export function describeFragmentProblem(problem: FragmentProblem, textLength: number): string {
  const which = `fragment ${problem.index}`;
  switch (problem.kind) {
    case 'empty':
      return `${which} is empty: its end must be greater than its start`;
    case 'out_of_range':
      return `${which} lies outside the document text (0 to ${textLength} UTF-16 code units)`;
    case 'splits_character':
      return `${which} cuts a character in half at offset ${problem.offset} (offsets are UTF-16 code units; a character outside the BMP takes two)`;
    case 'overlap':
      return `${which} overlaps another fragment of the same annotation`;
  }
}
