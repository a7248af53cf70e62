/**
 * The tooltip over the reader for the annotations under the pointer (up to four, innermost
 * first): label, stance, status, quote and the canonical entity or claim each one is linked to.
 */
import { useClaims, useEntities, useLabels } from '../data/workspace-data.js';
import type { DocumentSession } from '../session/document-session.js';
import { truncate } from './format.js';

/** The annotations under the pointer and where the tooltip goes in its panel. */
export interface HoverState {
  ids: string[];
  left: number;
  top: number;
}

/** The hover state for a pointer at `point` (viewport coordinates) over `panel`. */
export function hoverAt(ids: string[], point: { x: number; y: number }, panel: HTMLElement | null): HoverState {
  const box = panel?.getBoundingClientRect();
  const left = box ? Math.min(point.x - box.left + 12, box.width - 320) : point.x;
  const top = box ? point.y - box.top + 18 : point.y;
  return { ids, left: Math.max(8, left), top };
}

export function AnnotationTooltip({ hover, session }: { hover: HoverState; session: DocumentSession }) {
  const labels = useLabels().byId;
  const entities = useEntities().byId;
  const claims = useClaims().byId;
  const items = hover.ids
    .map((id) => session.get(id))
    .filter((a): a is NonNullable<typeof a> => Boolean(a))
    .slice(0, 4);
  if (!items.length) return null;
  return (
    <div className="annotation-tooltip" role="tooltip" style={{ left: hover.left, top: hover.top }}>
      {items.map((annotation) => {
        const label = labels.get(annotation.labelId);
        const entity = annotation.entityId ? entities.get(annotation.entityId) : undefined;
        const claim = annotation.claimId ? claims.get(annotation.claimId) : undefined;
        return (
          <div key={annotation.id} className="tooltip-item">
            <div className="tooltip-label">
              <span className="swatch" aria-hidden="true" style={{ backgroundColor: label?.color ?? '#888' }} />
              <strong>{label?.name ?? 'Unknown label'}</strong>
              {annotation.attributes.stance && <span className="muted"> · {annotation.attributes.stance}</span>}
              {annotation.status !== 'accepted' && <span className="muted"> · {annotation.status}</span>}
            </div>
            <div className="tooltip-quote">“{truncate(annotation.quote, 90)}”</div>
            {entity && (
              <div className="tooltip-link">
                Entity: {entity.name}
                {entity.aliases.length ? ` (${truncate(entity.aliases.join(', '), 60)})` : ''}
              </div>
            )}
            {claim && <div className="tooltip-link">Claim: {truncate(claim.summary, 90)}</div>}
            {!entity && !claim && label?.kind !== 'claim' && <div className="tooltip-link muted">Not linked</div>}
            {!claim && label?.kind === 'claim' && <div className="tooltip-link muted">Not linked to a claim</div>}
          </div>
        );
      })}
    </div>
  );
}
