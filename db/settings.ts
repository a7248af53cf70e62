/**
 * Settings: preferences (analyst name, theme, ...) and internal flags (keys starting with `_`).
 * They are written through the kernel's `mutate` so views hear of them, but never enter the undo
 * history: undo is for the annotations, not for preferences.
 */
import { ApiError } from '../common/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../common/json-limits.js';
import { prepare } from './connection.js';
import { defaultSettings } from './defaults.js';
import type { Workspace } from './workspace.js';

/**
 * The largest value a setting may hold, as UTF-8 JSON. Every write reads the settings back, so
 * a large value would slow every write down; documents and notes are the place for long text.
 */
export const MAX_SETTING_BYTES = 64 * 1024;

export function hasSetting(ws: Workspace, key: string): boolean {
  return prepare(ws.db, 'SELECT 1 FROM setting WHERE id = ?').get(key) !== undefined;
}

/** Every public setting, defaults filled in. */
export function getSettings(ws: Workspace): Record<string, unknown> {
  const values: Record<string, unknown> = defaultSettings();
  for (const row of prepare(ws.db, 'SELECT id, value FROM setting').all() as Array<{ id: string; value: string }>) {
    if (!row.id.startsWith('_')) values[row.id] = JSON.parse(row.value);
  }
  return values;
}

/**
 * Sets one public setting after checking its value; returns every setting.
 * @throws ApiError `invalid_params` for an internal key, a wrong value, a value nested more than
 *   {@link MAX_JSON_DEPTH} levels or larger than {@link MAX_SETTING_BYTES} as JSON.
 */
export function setSetting(ws: Workspace, key: string, value: unknown): Record<string, unknown> {
  if (key.startsWith('_')) throw new ApiError('invalid_params', `Setting ${key} is internal.`);
  if (key === 'analyst' && (typeof value !== 'string' || !value.trim() || value.length > 200)) {
    throw new ApiError('invalid_params', 'The analyst name must be a non-empty string of at most 200 characters.');
  }
  if (key === 'theme' && !['light', 'dark', 'system'].includes(value as string)) {
    throw new ApiError('invalid_params', 'theme must be "light", "dark" or "system".');
  }
  if (value === undefined) throw new ApiError('invalid_params', 'A setting needs a value (use null to clear it).');
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new ApiError(
      'invalid_params',
      `The value of ${key} nests more than ${MAX_JSON_DEPTH} levels of arrays or objects; flatten it.`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  if (bytes > MAX_SETTING_BYTES) {
    throw new ApiError(
      'invalid_params',
      `The value of ${key} is ${Math.ceil(bytes / 1024)} KiB as JSON; a setting holds at most ${MAX_SETTING_BYTES / 1024} KiB.`,
    );
  }
  writeSetting(ws, key, value);
  return getSettings(ws);
}

/** Writes a setting (internal ones start with `_`), outside the undo history. */
export function writeSetting(ws: Workspace, key: string, value: unknown): void {
  ws.mutate(
    'settings.set',
    `Set ${key}`,
    (tx) => {
      const json = JSON.stringify(value);
      if (tx.changes.get('setting', key)) tx.changes.update('setting', key, { value: json });
      else tx.changes.insert('setting', { id: key, value: json });
    },
    { log: 'none' },
  );
}
