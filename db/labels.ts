/**
 * Labels: the tagset (kind claim | source | entity, optional subtype, colour, keyboard key,
 * attribute definitions). Names and keys are unique; a label in use cannot be deleted. A new
 * workspace starts with the default tagset (db/defaults.ts).
 */
import type { Label } from '../common/domain.js';
import type { ParsedParamsOf } from '../common/contract.js';
import { ApiError } from '../common/errors.js';
import { plural } from '../common/plural.js';
import { hasVisibleCharacter, nameKey, normalizeName } from '../common/text.js';
import type { Row } from './changes.js';
import { prepare } from './connection.js';
import { DEFAULT_LABELS, LABEL_PALETTE } from './defaults.js';
import { newId } from './ids.js';
import { rowToLabel, type LabelRow } from './rows.js';
import { hasSetting } from './settings.js';
import type { Workspace } from './workspace.js';

/** Writes the default tagset into a new workspace (once: a tagset emptied later stays empty). */
export function ensureDefaultLabels(ws: Workspace): void {
  const count = (prepare(ws.db, 'SELECT count(*) AS n FROM label').get() as { n: number }).n;
  if (count > 0 || hasSetting(ws, '_labels_initialised')) return;
  ws.mutate(
    'labels.create',
    'Default tagset',
    (tx) => {
      for (const label of DEFAULT_LABELS) tx.changes.insert('label', { ...label });
      tx.changes.insert('setting', { id: '_labels_initialised', value: 'true' });
    },
    { log: 'permanent' },
  );
}

export function listLabels(ws: Workspace): Label[] {
  return (prepare(ws.db, 'SELECT * FROM label ORDER BY position, name').all() as LabelRow[]).map(rowToLabel);
}

/** @throws ApiError `not_found` */
export function getLabel(ws: Workspace, id: string): Label {
  const row = prepare(ws.db, 'SELECT * FROM label WHERE id = ?').get(id) as LabelRow | undefined;
  if (!row) throw new ApiError('not_found', `No label with id ${id}.`);
  return rowToLabel(row);
}

/**
 * A label name in canonical form (NFC, trimmed), as the contract parses it; checked again here
 * for callers that do not come through the dispatcher.
 * @throws ApiError `invalid_params` for a name with nothing visible in it.
 */
function labelName(raw: string): string {
  const name = normalizeName(raw);
  if (!name || name.length > 100 || !hasVisibleCharacter(name)) {
    throw new ApiError(
      'invalid_params',
      'A label name needs 1 to 100 characters, at least one of them visible (not only spaces or zero-width characters).',
    );
  }
  return name;
}

function checkLabelUnique(
  ws: Workspace,
  name: string | undefined,
  key: string | null | undefined,
  exceptId = '',
): void {
  if (name !== undefined) {
    // Compared by canonical form and case in JavaScript: SQLite's NOCASE folds ASCII only and
    // knows nothing of NFC, and names written before normalisation may be decomposed.
    const wanted = nameKey(name);
    const rows = prepare(ws.db, 'SELECT id, name FROM label WHERE id != ?').all(exceptId) as Array<{
      id: string;
      name: string;
    }>;
    const clash = rows.find((row) => nameKey(row.name) === wanted);
    if (clash) throw new ApiError('conflict', `A label named “${clash.name}” already exists.`);
  }
  if (key) {
    const clash = prepare(ws.db, 'SELECT name FROM label WHERE key = ? AND id != ?').get(key, exceptId) as
      { name: string } | undefined;
    if (clash) throw new ApiError('conflict', `The key “${key}” already applies the label “${clash.name}”.`);
  }
}

export function createLabel(ws: Workspace, given: ParsedParamsOf<'labels.create'>): Label {
  const params = { ...given, name: labelName(given.name) };
  checkLabelUnique(ws, params.name, params.key);
  const labels = listLabels(ws);
  const position = labels.length ? Math.max(...labels.map((l) => l.position)) + 1 : 0;
  const base =
    params.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'label';
  const id = labels.some((l) => l.id === base) ? newId('label') : base;
  return ws.mutate('labels.create', `Created label “${params.name}”`, (tx) =>
    rowToLabel(
      tx.changes.insert('label', {
        id,
        name: params.name,
        kind: params.kind,
        subtype: params.subtype ?? null,
        color: params.color ?? (LABEL_PALETTE[labels.length % LABEL_PALETTE.length] as string),
        key: params.key ?? null,
        attributes: JSON.stringify(params.attributes ?? []),
        position,
      }) as unknown as LabelRow,
    ),
  );
}

export function updateLabel(ws: Workspace, given: ParsedParamsOf<'labels.update'>): Label {
  const params = given.name === undefined ? given : { ...given, name: labelName(given.name) };
  const label = getLabel(ws, params.id);
  checkLabelUnique(ws, params.name, params.key, params.id);
  const patch: Row = {};
  if (params.name !== undefined) patch.name = params.name;
  if (params.subtype !== undefined) patch.subtype = params.subtype;
  if (params.color !== undefined) patch.color = params.color;
  if (params.key !== undefined) patch.key = params.key;
  if (params.attributes !== undefined) patch.attributes = JSON.stringify(params.attributes);
  if (params.position !== undefined) patch.position = params.position;
  return ws.mutate('labels.update', `Changed label “${label.name}”`, (tx) =>
    rowToLabel(tx.changes.update('label', params.id, patch) as unknown as LabelRow),
  );
}

/** @throws ApiError `conflict` while annotations use the label. */
export function deleteLabel(ws: Workspace, id: string): { deleted: true } {
  const label = getLabel(ws, id);
  const used = (prepare(ws.db, 'SELECT count(*) AS n FROM annotation WHERE label_id = ?').get(id) as { n: number }).n;
  if (used > 0) {
    throw new ApiError(
      'conflict',
      `The label “${label.name}” is used by ${plural(used, 'annotation')}; relabel or delete them first.`,
    );
  }
  ws.mutate('labels.delete', `Deleted label “${label.name}”`, (tx) => tx.changes.delete('label', id));
  return { deleted: true };
}
