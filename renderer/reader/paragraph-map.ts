/**
 * Maps between document text offsets (UTF-16 code units, what the workspace stores) and
 * ProseMirror positions in the reader's document, which holds one paragraph node per
 * `document.paragraphs` range and nothing else.
 *
 * ProseMirror counts positions in UTF-16 code units too, plus one token for entering and one for
 * leaving each paragraph node, so within a paragraph the mapping is a shift; the text between
 * paragraphs (line breaks, blank lines) has no position of its own and maps to the nearest
 * paragraph edge. Pure: no DOM, no ProseMirror import, unit-tested in tests/renderer.
 */
import type { Paragraph } from '../../common/domain.js';

/** Which paragraph edge an offset that falls between two paragraphs goes to. */
export type GapBias = 'before' | 'after';

export class ParagraphMap {
  /** The paragraph ranges the reader shows (never empty: an empty text has one empty paragraph). */
  readonly paragraphs: readonly Paragraph[];
  /** ProseMirror position of the first character of each paragraph. */
  private readonly contentStarts: number[];
  /** Size of the ProseMirror document content. */
  readonly size: number;
  readonly textLength: number;

  constructor(paragraphs: readonly Paragraph[], textLength: number) {
    this.paragraphs = paragraphs.length > 0 ? paragraphs : [{ start: 0, end: 0 }];
    this.textLength = textLength;
    this.contentStarts = new Array<number>(this.paragraphs.length);
    let pos = 0;
    for (let i = 0; i < this.paragraphs.length; i++) {
      const p = this.paragraphs[i] as Paragraph;
      this.contentStarts[i] = pos + 1;
      pos += p.end - p.start + 2;
    }
    this.size = pos;
  }

  get count(): number {
    return this.paragraphs.length;
  }

  /** ProseMirror position where paragraph `index`'s text starts. */
  contentStart(index: number): number {
    return this.contentStarts[index] as number;
  }

  /**
   * Index of the paragraph holding `offset`. An offset at a paragraph's end belongs to it; one in
   * the gap between two paragraphs goes to the previous (`before`) or the next (`after`) one.
   */
  paragraphIndexAt(offset: number, bias: GapBias = 'after'): number {
    const ps = this.paragraphs;
    // Last paragraph whose start <= offset.
    let lo = 0;
    let hi = ps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((ps[mid] as Paragraph).start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return 0;
    const p = ps[found] as Paragraph;
    if (offset <= p.end) return found;
    // In the gap after paragraph `found`.
    if (bias === 'before' || found === ps.length - 1) return found;
    return found + 1;
  }

  /** The ProseMirror position of a text offset (offsets between paragraphs snap by `bias`). */
  posFromOffset(offset: number, bias: GapBias = 'after'): number {
    const index = this.paragraphIndexAt(offset, bias);
    const p = this.paragraphs[index] as Paragraph;
    const clamped = Math.min(Math.max(offset, p.start), p.end);
    return (this.contentStarts[index] as number) + (clamped - p.start);
  }

  /** Index of the paragraph whose node holds ProseMirror position `pos` (clamped to the document). */
  paragraphIndexAtPos(pos: number): number {
    const starts = this.contentStarts;
    let lo = 0;
    let hi = starts.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      // The node of paragraph `mid` opens one position before its content.
      if ((starts[mid] as number) - 1 <= pos) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The text offset of a ProseMirror position; positions on node boundaries clamp to the paragraph. */
  offsetFromPos(pos: number): number {
    const index = this.paragraphIndexAtPos(pos);
    const p = this.paragraphs[index] as Paragraph;
    const local = pos - (this.contentStarts[index] as number);
    return p.start + Math.min(Math.max(local, 0), p.end - p.start);
  }

  /**
   * The part of `[start, end)` that the reader shows, as (paragraph index, local offset) pairs:
   * the start snaps forward out of a gap, the end backward. Null when the range shows nothing.
   */
  visibleSpan(
    start: number,
    end: number,
  ): { from: { index: number; local: number }; to: { index: number; local: number } } | null {
    let fromIndex = this.paragraphIndexAt(start, 'after');
    let toIndex = this.paragraphIndexAt(end, 'before');
    let fp = this.paragraphs[fromIndex] as Paragraph;
    let tp = this.paragraphs[toIndex] as Paragraph;
    let s = Math.max(start, fp.start);
    let e = Math.min(end, tp.end);
    // A range that starts at a paragraph's very end or ends at one's very start shows nothing there.
    if (s === fp.end && fromIndex < toIndex) {
      fromIndex++;
      fp = this.paragraphs[fromIndex] as Paragraph;
      s = fp.start;
    }
    if (e === tp.start && toIndex > fromIndex) {
      toIndex--;
      tp = this.paragraphs[toIndex] as Paragraph;
      e = tp.end;
    }
    if (fromIndex > toIndex || (fromIndex === toIndex && s >= e)) return null;
    return { from: { index: fromIndex, local: s - fp.start }, to: { index: toIndex, local: e - tp.start } };
  }
}
