/**
 * The relations of the selected annotation (e.g. claim "attributed to" source), both directions,
 * each with a button to go to the other end and one to remove it; and the start of "pick a
 * target" mode to add one.
 */
import { useState } from 'react';
import type { Annotation, Label, Relation } from '../../common/domain.js';
import { RELATION_TYPES } from '../../common/domain.js';
import { touches, useApi, useLiveQuery } from '../api/api-context.js';
import { useDocumentSummaries, useLabels } from '../data/workspace-data.js';
import { useNotifier } from '../ui/toasts.js';
import { AttributionFields } from './attribution-fields.js';
import { annotationName, relationTypeName } from './format.js';

export interface RelationsSectionProps {
  annotation: Annotation;
  label: Label | undefined;
  onGo: (documentId: string, annotationId: string) => void;
  onStartPick: (type: string) => void;
}

function defaultType(label: Label | undefined): string {
  if (label?.kind === 'claim') return 'attributed_to';
  if (label?.kind === 'source') return 'cites';
  return 'same_as';
}

export function RelationsSection(props: RelationsSectionProps) {
  const { annotation } = props;
  const [type, setType] = useState(() => defaultType(props.label));
  const relations = useLiveQuery(
    'relations.list',
    { annotationId: annotation.id },
    (change) => touches(change.records, ['relation', 'annotation']),
    { keepPrevious: false },
  );
  const list = relations.data ?? [];

  return (
    <section className="inspector-section" aria-labelledby="relations-heading">
      <h3 id="relations-heading">Relations</h3>
      {list.length === 0 && <p className="muted small">No relations yet.</p>}
      <ul className="relation-list">
        {list.map((relation) => (
          <RelationItem key={relation.id} relation={relation} self={annotation.id} {...props} />
        ))}
      </ul>
      <div className="relation-add">
        <label className="field-inline">
          <span>New relation</span>
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {RELATION_TYPES.map((t) => (
              <option key={t} value={t}>
                {relationTypeName(t)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => props.onStartPick(type)}>
          {type === 'attributed_to' ? 'Pick source' : 'Pick target'}
        </button>
      </div>
    </section>
  );
}

function RelationItem({ relation, self, onGo }: RelationsSectionProps & { relation: Relation; self: string }) {
  const api = useApi();
  const labelsById = useLabels().byId;
  const documentsById = useDocumentSummaries().byId;
  const notifier = useNotifier();
  const outgoing = relation.fromId === self;
  const otherId = outgoing ? relation.toId : relation.fromId;
  const other = useLiveQuery('annotations.get', { id: otherId }, (change) =>
    change.records.some((r) => r.id === otherId),
  );
  const otherAnnotation = other.data;
  const name = otherAnnotation
    ? annotationName(otherAnnotation, labelsById.get(otherAnnotation.labelId), 60)
    : 'an annotation';
  const document = otherAnnotation ? documentsById.get(otherAnnotation.documentId) : undefined;
  const description = outgoing
    ? `${relationTypeName(relation.type)} ${name}`
    : `${name} is ${relationTypeName(relation.type)} this`;

  return (
    <li className="relation-item">
      <span className="relation-arrow" aria-hidden="true">
        {outgoing ? '→' : '←'}
      </span>
      <span className="relation-text">
        <span className="relation-type">
          {outgoing ? relationTypeName(relation.type) : `${relationTypeName(relation.type)} (from)`}
        </span>{' '}
        {otherAnnotation ? (
          <button
            type="button"
            className="link-button"
            onClick={() => onGo(otherAnnotation.documentId, otherAnnotation.id)}
          >
            {name}
          </button>
        ) : (
          <span className="muted">loading…</span>
        )}
        {document && <span className="muted small"> · {document.outlet ?? document.title}</span>}
        {relation.type === 'attributed_to' && (
          <AttributionFields relation={relation} sourceName={outgoing ? name : 'this source'} />
        )}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove relation: ${description}`}
        onClick={() =>
          api.call('relations.delete', { id: relation.id }).catch((error: unknown) => notifier.error(error))
        }
      >
        ×
      </button>
    </li>
  );
}
