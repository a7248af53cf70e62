/**
 * The source's own stance on the claim and the cue that attributes it ("said", "denied"), on an
 * `attributed_to` relation: the claim mention keeps the outlet's framing, each source its own
 * ("reported — Fox News; denied — Peskov"). Each change is one `relations.update`, undoable.
 */
import { useState } from 'react';
import type { Relation } from '../../common/domain.js';
import { SOURCE_STANCES } from '../../common/domain.js';
import { RELATION_CUE_MAX } from '../../common/relation-attributes.js';
import { useApi } from '../api/api-context.js';
import { useNotifier } from '../ui/toasts.js';

export function AttributionFields({ relation, sourceName }: { relation: Relation; sourceName: string }) {
  const api = useApi();
  const notifier = useNotifier();
  const stored = relation.attributes.cue ?? '';
  // The cue being typed; null while it equals the stored one (a change elsewhere then shows).
  const [typed, setTyped] = useState<string | null>(null);
  const cue = typed ?? stored;

  const save = (changes: { stance?: string; cue?: string }) => {
    const attributes = { ...relation.attributes, ...changes };
    for (const name of ['stance', 'cue'] as const) if (!attributes[name]) delete attributes[name];
    api
      .call('relations.update', { id: relation.id, attributes })
      .catch((error: unknown) => notifier.error(error))
      .finally(() => setTyped(null));
  };
  const saveCue = () => {
    if (typed === null) return;
    const value = typed.replace(/\s+/g, ' ').trim();
    if (value === stored) setTyped(null);
    else save({ cue: value });
  };

  return (
    <span className="attribution-fields">
      <label className="field-inline small">
        <span>Source’s stance</span>
        <select
          aria-label={`Stance of ${sourceName}`}
          value={relation.attributes.stance ?? ''}
          onChange={(e) => save({ stance: e.target.value })}
        >
          <option value="">not given</option>
          {SOURCE_STANCES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline small">
        <span>Cue</span>
        <input
          type="text"
          aria-label={`Cue for ${sourceName}`}
          placeholder="said, denied…"
          maxLength={RELATION_CUE_MAX}
          value={cue}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={saveCue}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveCue();
            } else if (e.key === 'Escape' && typed !== null) {
              e.preventDefault();
              e.stopPropagation();
              setTyped(null);
            }
          }}
        />
      </label>
    </span>
  );
}
