/**
 * The text-only floor of the renderer benchmark (served with floor.html, bundled by esbuild):
 * no React, no ProseMirror, no highlights. A click fetches the document through the same API
 * as the workbench (`documents.get` over `POST /api/call` with the page's token) and renders its
 * paragraphs as `<p>` elements in a column as wide as the reader's; then marks `floor:rendered`.
 * The key g then adds the text selection to a CSS Custom Highlight (no API call): the browser's
 * own cost of painting one new highlight on this document.
 */
import type { Document } from '../../common/domain.js';

const params = new URLSearchParams(window.location.search);
const token = params.get('token') ?? '';
const documentId = params.get('doc') ?? '';
const width = Number(params.get('width') ?? '0');
const text = document.getElementById('text') as HTMLElement;
if (width > 0) text.style.width = `${width}px`;

(document.getElementById('open') as HTMLButtonElement).addEventListener('click', () => {
  void (async () => {
    const response = await fetch('/api/call', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'documents.get', params: { id: documentId } }),
    });
    const reply = (await response.json()) as { ok: boolean; result: Document };
    if (!reply.ok) throw new Error('documents.get failed');
    const doc = reply.result;
    const fragment = document.createDocumentFragment();
    for (const p of doc.paragraphs) {
      const element = document.createElement('p');
      element.textContent = doc.text.slice(p.start, p.end);
      fragment.append(element);
    }
    text.replaceChildren(fragment);
    performance.mark('floor:rendered');
  })();
});

const tags = new Highlight();
CSS.highlights.set('tri-l-floor', tags);
document.addEventListener('keydown', (event) => {
  const selection = window.getSelection();
  if (event.key !== 'g' || !selection || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  tags.add(
    new StaticRange({
      startContainer: range.startContainer,
      startOffset: range.startOffset,
      endContainer: range.endContainer,
      endOffset: range.endOffset,
    }),
  );
});
