/**
 * Stances across the claims matrix, for the Claims view's chart and the comparison report's:
 * the stance keys (the Claim label's vocabulary, then "no stance"), a column's outlet name, and
 * per outlet the claims it carries by stance. Pure and isomorphic: the renderer and the report
 * builder share it, so the view and the report always count alike.
 */
import { CLAIM_STANCES, type ClaimMatrix, type ClaimMatrixColumn } from './domain.js';
import { plural } from './plural.js';

/** The stances a cell can show: the Claim label's vocabulary, then "no stance". */
export const STANCE_KEYS = [...CLAIM_STANCES, 'none'] as const;
export type StanceKey = (typeof STANCE_KEYS)[number];

/** A mention's (or source's) stance as a key of {@link STANCE_KEYS} (anything else is "none"). */
export function stanceKey(stance: string | null): StanceKey {
  return (CLAIM_STANCES as readonly string[]).includes(stance ?? '') ? (stance as StanceKey) : 'none';
}

/** The name a column goes by: its outlet, else its title. */
export function columnName(column: Pick<ClaimMatrixColumn, 'outlet' | 'title'>): string {
  return column.outlet?.trim() || column.title;
}

/** One bar: an outlet and how many claims it carries with each stance. */
export interface OutletStanceCounts {
  outlet: string;
  counts: Record<StanceKey, number>;
  total: number;
}

/**
 * Per outlet (columns sharing an outlet count together), the claims it carries by stance. A
 * claim counts once per outlet, under the stance of its first mention there.
 */
export function stanceCountsByOutlet(matrix: ClaimMatrix): OutletStanceCounts[] {
  const byOutlet = new Map<string, Map<string, StanceKey>>();
  for (const column of matrix.columns) byOutlet.set(columnName(column), byOutlet.get(columnName(column)) ?? new Map());
  for (const row of matrix.rows) {
    row.cells.forEach((cell, i) => {
      const column = matrix.columns[i];
      const first = cell.mentions[0];
      if (!column || !first) return;
      const claims = byOutlet.get(columnName(column));
      if (claims && !claims.has(row.claim.id)) claims.set(row.claim.id, stanceKey(first.stance));
    });
  }
  return [...byOutlet].map(([outlet, claims]) => {
    const counts = Object.fromEntries(STANCE_KEYS.map((k) => [k, 0])) as Record<StanceKey, number>;
    for (const stance of claims.values()) counts[stance] += 1;
    return { outlet, counts, total: claims.size };
  });
}

/**
 * The stance chart in one sentence, for its accessible name: "Claims carried per outlet, by
 * stance. RT: 2 claims (1 asserted, 1 denied); …". Null when there is no outlet (each chart
 * says that in its own words).
 */
export function stanceCountsSentence(bars: readonly OutletStanceCounts[]): string | null {
  if (!bars.length) return null;
  const parts = bars.map((bar) => {
    const detail = STANCE_KEYS.filter((k) => bar.counts[k] > 0)
      .map((k) => `${bar.counts[k]} ${k === 'none' ? 'with no stance' : k}`)
      .join(', ');
    return `${bar.outlet}: ${plural(bar.total, 'claim')}${detail ? ` (${detail})` : ''}`;
  });
  return `Claims carried per outlet, by stance. ${parts.join('; ')}.`;
}
