/**
 * The corpus: every document with its title, outlet, date and counts of claims, sources and
 * entities, filtered by title or outlet through the API. Opening one shows it in the reader.
 */
import { useState, type Ref } from 'react';
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
      <ul className="document-list" aria-label="Documents">
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
                <span className="count count-entity">{plural(doc.counts.entities, 'entity', 'entities')}</span>
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
