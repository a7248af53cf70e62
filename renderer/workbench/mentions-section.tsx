/**
 * Every mention of the linked entity or claim across the corpus (`entities.mentions` /
 * `claims.mentions`), each a click away: it opens that document and selects that annotation.
 */
import type { Mention } from '../../common/domain.js';
import { touches, useLiveQuery } from '../api/api-context.js';
import { plural, truncate } from './format.js';

export interface MentionsSectionProps {
  kind: 'entity' | 'claim';
  id: string;
  currentId: string;
  onOpen: (documentId: string, annotationId: string) => void;
}

export function MentionsSection({ kind, id, currentId, onOpen }: MentionsSectionProps) {
  const refetchOn = (change: { records: Parameters<typeof touches>[0] }) =>
    touches(change.records, ['annotation', 'entity', 'claim', 'document']);
  const entityMentions = useLiveQuery('entities.mentions', kind === 'entity' ? { id } : null, refetchOn, {
    keepPrevious: true,
  });
  const claimMentions = useLiveQuery('claims.mentions', kind === 'claim' ? { id } : null, refetchOn, {
    keepPrevious: true,
  });
  const mentions: Mention[] = (kind === 'entity' ? entityMentions.data : claimMentions.data) ?? [];
  const documents = new Set(mentions.map((m) => m.documentId)).size;

  return (
    <section className="inspector-section" aria-labelledby="mentions-heading">
      <h3 id="mentions-heading">
        Mentions across the corpus{' '}
        <span className="muted small">
          {mentions.length ? `${plural(mentions.length, 'mention')} in ${plural(documents, 'document')}` : ''}
        </span>
      </h3>
      <ul className="mention-list">
        {mentions.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className="link-button mention"
              aria-current={m.id === currentId ? 'true' : undefined}
              onClick={() => onOpen(m.documentId, m.id)}
            >
              <span className="mention-outlet">{m.documentOutlet ?? truncate(m.documentTitle, 40)}:</span>{' '}
              <span className="mention-quote">“{truncate(m.quote, 70)}”</span>
              {m.attributes.stance && <span className="mention-stance">{m.attributes.stance}</span>}
              {m.id === currentId && <span className="muted small"> (this one)</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
