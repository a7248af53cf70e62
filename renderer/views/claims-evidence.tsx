/**
 * The evidence of one cell of the claims matrix: for each mention of the claim in that article,
 * the passage around it (its text marked), its stance and sources, and a way to open it in the
 * article. The document text comes from `documents.get`, the fragments from `annotations.get`.
 */
import { useEffect, useState, type Ref } from 'react';
import type { Annotation, ClaimMatrixColumn, ClaimMatrixMention } from '../../common/domain.js';
import { useApi } from '../api/api-context.js';
import { messageOf } from '../ui/toasts.js';
import { formatDate } from '../workbench/format.js';
import { StanceChip } from './claims-stance-chip.js';
import { columnName, passageAround, sourceName } from './claims-model.js';

export interface ClaimsEvidenceProps {
  summary: string;
  column: ClaimMatrixColumn;
  mentions: ClaimMatrixMention[];
  onClose: () => void;
  onOpenAnnotation: (documentId: string, annotationId: string) => void;
  /** Reads the claim in its articles side by side, this one first. */
  onSideBySide: () => void;
  headingRef: Ref<HTMLHeadingElement>;
}

interface Loaded {
  key: string;
  text: string;
  annotations: Map<string, Annotation>;
  error: string | null;
}

export function ClaimsEvidence({
  summary,
  column,
  mentions,
  onClose,
  onOpenAnnotation,
  onSideBySide,
  headingRef,
}: ClaimsEvidenceProps) {
  const api = useApi();
  const key = `${column.documentId}:${mentions.map((m) => m.annotationId).join(',')}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let cancelled = false;
    const ids = key
      .slice(key.indexOf(':') + 1)
      .split(',')
      .filter(Boolean);
    Promise.all([
      api.call('documents.get', { id: column.documentId }),
      Promise.all(ids.map((id) => api.call('annotations.get', { id }))),
    ])
      .then(([document, annotations]) => {
        if (cancelled) return;
        setLoaded({ key, text: document.text, annotations: new Map(annotations.map((a) => [a.id, a])), error: null });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoaded({ key, text: '', annotations: new Map(), error: messageOf(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [api, key, column.documentId]);

  const current = loaded?.key === key ? loaded : null;
  const outlet = columnName(column);

  return (
    <aside id="claims-evidence" className="claims-evidence" aria-labelledby="claims-evidence-heading">
      <div className="claims-evidence-head">
        <h3 id="claims-evidence-heading" ref={headingRef} tabIndex={-1}>
          Evidence: {outlet}
        </h3>
        <button
          type="button"
          className="icon-button"
          aria-label="Close the evidence"
          title="Close (Escape)"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <p className="muted small claims-evidence-context">
        “{summary}” in <i>{column.title}</i> ({formatDate(column.publishedAt)})
      </p>
      <p>
        <button type="button" onClick={onSideBySide} title="Read the articles carrying this claim side by side">
          Read side by side
        </button>
      </p>
      {current?.error && <p className="error-message">{current.error}</p>}
      {!current && <p className="muted">Loading the passages…</p>}
      <ol className="claims-evidence-list">
        {mentions.map((mention) => {
          const annotation = current?.annotations.get(mention.annotationId);
          const passage = annotation && current ? passageAround(current.text, annotation.fragments) : null;
          return (
            <li key={mention.annotationId} className="claims-evidence-item">
              <blockquote className="claims-passage">
                {passage ? (
                  <p>
                    {passage.cutBefore && '… '}
                    {passage.parts.map((part, i) =>
                      part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                    )}
                    {passage.cutAfter && ' …'}
                  </p>
                ) : (
                  <p>
                    <mark>{mention.quote}</mark>
                  </p>
                )}
              </blockquote>
              <p className="claims-evidence-meta">
                <StanceChip stance={mention.stance} />
                {mention.sources.length > 0 ? (
                  <span>
                    {' '}
                    attributed to{' '}
                    {mention.sources.map((source, i) => (
                      <span key={source.annotationId}>
                        {i > 0 && '; '}
                        <b>{sourceName(source)}</b>
                        {source.stance && (
                          <>
                            {' '}
                            <StanceChip stance={source.stance} />
                          </>
                        )}
                        {source.cue && <span className="muted"> (“{source.cue}”)</span>}
                      </span>
                    ))}
                  </span>
                ) : (
                  <span className="muted"> no source given</span>
                )}
              </p>
              <button type="button" onClick={() => onOpenAnnotation(column.documentId, mention.annotationId)}>
                Open in the article
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
