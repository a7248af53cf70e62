/**
 * A stance as a small chip: its colour and, always, its word, so colour is never the only
 * carrier of meaning.
 */
import { stanceKey, stanceText } from './claims-model.js';

export function StanceChip({ stance }: { stance: string | null }) {
  return <span className={`stance-chip stance-${stanceKey(stance)}`}>{stanceText(stance)}</span>;
}
