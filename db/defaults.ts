/**
 * What a new workspace starts with: the default tagset and the default settings.
 */
import os from 'node:os';
import { CLAIM_STANCES } from '../common/domain.js';
import type { LabelRow } from './rows.js';

const STANCE = JSON.stringify([{ name: 'stance', values: [...CLAIM_STANCES], default: 'asserted' }]);

/** The default tagset. Ids are stable so that exports from different workspaces agree. */
export const DEFAULT_LABELS: readonly LabelRow[] = [
  {
    id: 'claim',
    name: 'Claim',
    kind: 'claim',
    subtype: null,
    color: '#d62728',
    key: 'c',
    attributes: STANCE,
    position: 0,
  },
  {
    id: 'source',
    name: 'Source',
    kind: 'source',
    subtype: null,
    color: '#1f77b4',
    key: 's',
    attributes: '[]',
    position: 1,
  },
  {
    id: 'person',
    name: 'Person',
    kind: 'entity',
    subtype: 'person',
    color: '#2ca02c',
    key: 'p',
    attributes: '[]',
    position: 2,
  },
  {
    id: 'organization',
    name: 'Organization',
    kind: 'entity',
    subtype: 'organization',
    color: '#9467bd',
    key: 'o',
    attributes: '[]',
    position: 3,
  },
  {
    id: 'country',
    name: 'Country',
    kind: 'entity',
    subtype: 'country',
    color: '#ff7f0e',
    key: 'g',
    attributes: '[]',
    position: 4,
  },
  {
    id: 'place',
    name: 'Place',
    kind: 'entity',
    subtype: 'place',
    color: '#8c564b',
    key: 'l',
    attributes: '[]',
    position: 5,
  },
  {
    id: 'armed-group',
    name: 'Armed group',
    kind: 'entity',
    subtype: 'group',
    color: '#e377c2',
    key: 'a',
    attributes: '[]',
    position: 6,
  },
  {
    id: 'media-outlet',
    name: 'Media outlet',
    kind: 'entity',
    subtype: 'outlet',
    color: '#17becf',
    key: 'm',
    attributes: '[]',
    position: 7,
  },
];

/** Palette for labels created without a colour, picked in turn. */
export const LABEL_PALETTE = ['#bcbd22', '#7f7f7f', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];

/** The operating-system user name, or "analyst" where it cannot be read. */
export function osUserName(): string {
  try {
    return os.userInfo().username || 'analyst';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'analyst';
  }
}

/** Settings every workspace answers, before the person changes any. */
export function defaultSettings(): Record<string, unknown> {
  return { analyst: osUserName(), theme: 'system', wordSnapping: true };
}
