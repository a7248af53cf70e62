/**
 * The corpus: every document with its title, outlet, date and counts of claims, sources and
 * entities, filtered by title or outlet through the API. Opening one shows it in the reader; the
 * open document's row is scrolled into view whenever the open document changes, however it was
 * opened (a click here, a jump from a view across the articles, the last session restored).
 */
import { useEffect, useRef, useState, type Ref } from 'react';
import type { DocumentSummary } from '../../common/domain.js';
import { touches, useLiveQuery } from '../api/api-context.js';
import { formatDate, plural } from './format.js';

export interface CorpusPanelProps {
  openId: string | null;
  onOpen: (id: string) => void;
  filterRef?: Ref<HTMLInputElement>;
}

export function CorpusPanel({ openId, onOpen, filterRef }: CorpusPanelProps) {
  const [filter, setFilter] = useState('');
  const query = filter.trim();
  const documents = useLiveQuery(
    'documents.list',
    query ? { query } : {},
    (change) => touches(change.records, ['document', 'annotation', 'label']),
    { keepPrevious: true, debounceMs: 120 },
  );
  const list: DocumentSummary[] = documents.data ?? [];
  const listRef = useRef<HTMLUListElement>(null);
  const openListed = openId !== null && list.some((doc) => doc.id === openId);

  // Also when the row first appears (the list loads after the last session's document opens),
  // but not on every refresh of the counts: the person may have scrolled the list since.
  useEffect(() => {
    const listElement = listRef.current;
    const row = listElement?.querySelector<HTMLElement>('[aria-current="page"]');
    if (openListed && listElement && row) scrollIntoViewWithin(listElement, row);
  }, [openId, openListed]);

  return (
    <nav className="panel corpus" aria-labelledby="corpus-heading">
      <div className="panel-header">
        <h2 id="corpus-heading">Documents</h2>
        <span className="muted small" aria-live="polite">
          {documents.data ? plural(list.length, 'document') : 'Loading…'}
        </span>
      </div>
      <div className="corpus-filter">
        <input
          ref={filterRef}
          type="search"
          aria-label="Filter documents"
          placeholder="Filter by title or outlet"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <ul ref={listRef} className="document-list" aria-label="Documents">
        {list.map((doc) => (
          <li key={doc.id}>
            <button
              type="button"
              className="document-item"
              aria-current={doc.id === openId ? 'page' : undefined}
              onClick={() => onOpen(doc.id)}
            >
              <span className="document-title">{doc.title}</span>
              <span className="document-meta">
                {doc.outlet ?? 'Unknown outlet'} · {formatDate(doc.publishedAt)}
              </span>
              <span className="document-counts">
                <span className="count count-claim">{plural(doc.counts.claims, 'claim')}</span>
                <span className="count count-source">{plural(doc.counts.sources, 'source')}</span>
                <span className="count count-entity">{plural(doc.counts.entities, 'entity')}</span>
              </span>
            </button>
          </li>
        ))}
        {documents.data && list.length === 0 && (
          <li className="empty-note">{query ? `No document matches “${query}”.` : 'No documents yet: import some.'}</li>
        )}
      </ul>
    </nav>
  );
}

/**
 * Scrolls `container`, and only it, by the least distance that brings `element` into view (as
 * `scrollIntoView({ block: 'nearest' })` would, without also scrolling the page when the columns
 * are stacked in a narrow window).
 */
function scrollIntoViewWithin(container: HTMLElement, element: HTMLElement): void {
  const outer = container.getBoundingClientRect();
  const inner = element.getBoundingClientRect();
  // Whole pixels, rounded away from the element: a fraction short would leave a sliver hidden.
  if (inner.top < outer.top) container.scrollTop -= Math.ceil(outer.top - inner.top);
  else if (inner.bottom > outer.bottom) {
    container.scrollTop += Math.ceil(Math.min(inner.bottom - outer.bottom, inner.top - outer.top));
  }
}
