/**
 * Settings: preferences (analyst name, theme, ...) and internal flags (keys starting with `_`).
 * They are written through the kernel's `mutate` so views hear of them, but never enter the undo
 * history: undo is for the annotations, not for preferences.
 */
import { ApiError } from '../common/errors.js';
import { prepare } from './connection.js';
import { defaultSettings } from './defaults.js';
import type { Workspace } from './workspace.js';

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

/** Sets one public setting after checking its value; returns every setting. */
export function setSetting(ws: Workspace, key: string, value: unknown): Record<string, unknown> {
  if (key.startsWith('_')) throw new ApiError('invalid_params', `Setting ${key} is internal.`);
  if (key === 'analyst' && (typeof value !== 'string' || !value.trim() || value.length > 200)) {
    throw new ApiError('invalid_params', 'The analyst name must be a non-empty string of at most 200 characters.');
  }
  if (key === 'theme' && !['light', 'dark', 'system'].includes(value as string)) {
    throw new ApiError('invalid_params', 'theme must be "light", "dark" or "system".');
  }
  if (value === undefined) throw new ApiError('invalid_params', 'A setting needs a value (use null to clear it).');
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
