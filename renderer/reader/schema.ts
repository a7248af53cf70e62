/**
 * The reader's ProseMirror schema: a document is a sequence of paragraphs of plain text, one per
 * `document.paragraphs` range. No marks: annotations are painted with the CSS Custom Highlight
 * API, never as nodes or marks, so the DOM stays one text node per paragraph.
 */
import { Schema, type Node as PMNode } from 'prosemirror-model';
import type { Document } from '../../common/domain.js';
import type { ParagraphMap } from './paragraph-map.js';

export const readerSchema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: {
      content: 'text*',
      /** `title`: the line repeats the document's title (shown as a heading, still plain text). */
      attrs: { role: { default: null } },
      parseDOM: [{ tag: 'p' }],
      toDOM: (node) => ['p', node.attrs.role === 'title' ? { class: 'title-line' } : {}, 0],
    },
    text: {},
  },
  marks: {},
});

/** True when the text's first paragraph is the document's title (most imported articles). */
export function firstParagraphIsTitle(text: string, map: ParagraphMap, title: string): boolean {
  const first = map.paragraphs[0];
  return Boolean(first && title.trim() && text.slice(first.start, first.end).trim() === title.trim());
}

/**
 * Whether a document's first paragraph is its title (most articles repeat it as their first
 * line): the panels then show that line as the heading, and keep their own heading for screen
 * readers only.
 */
export function documentStartsWithTitle(document: Pick<Document, 'text' | 'paragraphs' | 'title'>): boolean {
  const first = document.paragraphs[0];
  return Boolean(first && document.text.slice(first.start, first.end).trim() === document.title.trim());
}

/** The ProseMirror document of a text laid out by `map`. */
export function buildReaderDoc(text: string, map: ParagraphMap, options: { titleFirst?: boolean } = {}): PMNode {
  const { paragraph } = readerSchema.nodes as { paragraph: NonNullable<(typeof readerSchema.nodes)['paragraph']> };
  const nodes = map.paragraphs.map((p, i) =>
    paragraph.create(
      i === 0 && options.titleFirst ? { role: 'title' } : null,
      p.end > p.start ? readerSchema.text(text.slice(p.start, p.end)) : null,
    ),
  );
  return (readerSchema.nodes.doc as NonNullable<(typeof readerSchema.nodes)['doc']>).create(null, nodes);
}
