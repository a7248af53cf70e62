/**
 * From a point on screen to the text offset of the character under it: the browser's caret
 * position at the point, then a check that the point lies on the character after (or before)
 * that caret position, so the margin beside a line hits nothing.
 */
import type { EditorView } from 'prosemirror-view';
import type { ParagraphMap } from './paragraph-map.js';

function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  const doc = document as Document & {
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = doc.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function contains(rects: DOMRectList, x: number, y: number): boolean {
  for (const r of rects) if (x >= r.left - 0.5 && x <= r.right + 0.5 && y >= r.top && y <= r.bottom) return true;
  return false;
}

/** Text offset of the character at (x, y) in the reader, or null when the point is on no character. */
export function characterOffsetAt(view: EditorView, map: ParagraphMap, x: number, y: number): number | null {
  const caret = caretAt(x, y);
  if (!caret || caret.node.nodeType !== Node.TEXT_NODE || !view.dom.contains(caret.node)) return null;
  const text = caret.node as Text;
  const range = document.createRange();
  const tryChar = (start: number): number | null => {
    if (start < 0 || start >= text.length) return null;
    let s = start;
    if (s > 0 && isHighSurrogate(text.data.charCodeAt(s - 1))) s -= 1;
    const e = isHighSurrogate(text.data.charCodeAt(s)) ? s + 2 : s + 1;
    range.setStart(text, s);
    range.setEnd(text, Math.min(e, text.length));
    return contains(range.getClientRects(), x, y) ? s : null;
  };
  const local = tryChar(caret.offset) ?? tryChar(caret.offset - 1);
  if (local === null) return null;
  let pos: number;
  try {
    pos = view.posAtDOM(text, local);
  } catch {
    return null;
  }
  return map.offsetFromPos(pos);
}

/** Text offset of a DOM point inside the reader (e.g. a selection end), or null. */
export function offsetOfDomPoint(view: EditorView, map: ParagraphMap, node: Node, offset: number): number | null {
  if (!view.dom.contains(node)) return null;
  try {
    return map.offsetFromPos(view.posAtDOM(node, offset));
  } catch {
    return null;
  }
}
