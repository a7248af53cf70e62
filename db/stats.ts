/**
 * Workspace statistics: counts of everything, per-label counts, versions and the file's size.
 */
import fs from 'node:fs';
import type { WorkspaceStats } from '../common/domain.js';
import { prepare, schemaVersion } from './connection.js';
import { APP_VERSION } from '../common/version.js';
import type { Workspace } from './workspace.js';

type CountedTable = 'document' | 'annotation' | 'entity' | 'claim' | 'relation' | 'label' | 'history';

export function workspaceStats(ws: Workspace): WorkspaceStats {
  const count = (table: CountedTable): number =>
    (prepare(ws.db, `SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const byLabel = prepare(
    ws.db,
    `SELECT l.id AS labelId, l.name, count(a.id) AS count
       FROM label l LEFT JOIN annotation a ON a.label_id = l.id
      GROUP BY l.id ORDER BY l.position, l.name`,
  ).all() as WorkspaceStats['byLabel'];
  return {
    path: ws.path,
    schemaVersion: schemaVersion(ws.db),
    appVersion: APP_VERSION,
    analyst: ws.analyst,
    documents: count('document'),
    annotations: count('annotation'),
    entities: count('entity'),
    claims: count('claim'),
    relations: count('relation'),
    labels: count('label'),
    historyEntries: count('history'),
    byLabel,
  };
}

/** Bytes of the workspace file on disk (0 for in-memory workspaces). */
export function fileSize(ws: Workspace): number {
  try {
    return fs.statSync(ws.path).size;
  } catch {
    return 0;
  }
}
