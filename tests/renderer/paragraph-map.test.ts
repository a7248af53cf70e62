import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitParagraphs } from '../../common/text.js';
import { ParagraphMap } from '../../renderer/reader/paragraph-map.js';

/** The text a ProseMirror document of these paragraphs holds, by position (null at node tokens). */
function positions(text: string, map: ParagraphMap): Array<{ pos: number; offset: number }> {
  const out: Array<{ pos: number; offset: number }> = [];
  map.paragraphs.forEach((p, i) => {
    for (let k = 0; k <= p.end - p.start; k++) out.push({ pos: map.contentStart(i) + k, offset: p.start + k });
  });
  void text;
  return out;
}

describe('ParagraphMap', () => {
  const text = 'Title\n\nFirst paragraph.\nSecond 😀 one.\n\n\nLast';
  const map = new ParagraphMap(splitParagraphs(text), text.length);

  it('lays paragraphs out as ProseMirror does: one open and one close token each', () => {
    expect(map.count).toBe(4);
    expect(map.contentStart(0)).toBe(1);
    expect(map.contentStart(1)).toBe(1 + 5 + 1 + 1);
    expect(map.size).toBe(map.paragraphs.reduce((n, p) => n + p.end - p.start + 2, 0));
  });

  it('round-trips every offset inside a paragraph, including around a non-BMP character', () => {
    for (const { pos, offset } of positions(text, map)) {
      expect(map.posFromOffset(offset)).toBe(pos);
      expect(map.offsetFromPos(pos)).toBe(offset);
    }
    const emoji = text.indexOf('😀');
    expect(map.offsetFromPos(map.posFromOffset(emoji + 2)) - map.offsetFromPos(map.posFromOffset(emoji))).toBe(2);
  });

  it('snaps offsets between paragraphs to the previous or next paragraph edge', () => {
    const gap = text.indexOf('\n\nFirst') + 1; // the blank line
    expect(map.posFromOffset(gap, 'before')).toBe(map.contentStart(0) + 5);
    expect(map.posFromOffset(gap, 'after')).toBe(map.contentStart(1));
  });

  it('clamps node-boundary positions to the paragraph they open or close', () => {
    expect(map.offsetFromPos(0)).toBe(0);
    expect(map.offsetFromPos(map.contentStart(1) - 1)).toBe(map.paragraphs[1]?.start);
    expect(map.offsetFromPos(map.size)).toBe(text.length);
  });

  it('gives the visible part of a range, or null when it lies in a gap', () => {
    const first = text.indexOf('First');
    expect(map.visibleSpan(first, first + 5)).toEqual({ from: { index: 1, local: 0 }, to: { index: 1, local: 5 } });
    const gapStart = text.indexOf('\n\n\n');
    expect(map.visibleSpan(gapStart, gapStart + 3)).toBeNull();
    // A range from the end of one paragraph to the start of another shows nothing but the break.
    const title = map.paragraphs[0]!;
    const second = map.paragraphs[1]!;
    expect(map.visibleSpan(title.end, second.start)).toBeNull();
    expect(map.visibleSpan(title.end - 2, second.start + 3)).toEqual({
      from: { index: 0, local: 3 },
      to: { index: 1, local: 3 },
    });
  });

  it('handles an empty text with one empty paragraph', () => {
    const empty = new ParagraphMap([], 0);
    expect(empty.count).toBe(1);
    expect(empty.posFromOffset(0)).toBe(1);
    expect(empty.offsetFromPos(1)).toBe(0);
    expect(empty.visibleSpan(0, 0)).toBeNull();
  });

  it('round-trips offsets of random texts with CRLF-free lines, blank lines and astral characters', () => {
    const piece = fc.constantFrom('a', 'b', ' ', '\n', '\n\n', '😀', '𝔸', 'é', '\t');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const t = pieces.join('');
        const m = new ParagraphMap(splitParagraphs(t), t.length);
        for (const { pos, offset } of positions(t, m)) {
          if (m.posFromOffset(offset) !== pos) return false;
          if (m.offsetFromPos(pos) !== offset) return false;
        }
        // Every offset maps to a position that maps back inside [0, length].
        for (let o = 0; o <= t.length; o++) {
          const back = m.offsetFromPos(m.posFromOffset(o));
          if (back < 0 || back > t.length) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
