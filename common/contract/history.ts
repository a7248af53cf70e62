/**
 * The `history.*` methods of the API contract: the audit log, and undo and redo over it.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../domain.js';
import { empty, method } from './schema.js';

/** The `history.*` methods: wire name → params schema, description and result type. */
export const historyMethods = {
  'history.list': method<HistoryEntry[]>()(
    z.strictObject({ limit: z.number().int().min(1).max(10000).optional() }),
    'The audit log, newest first: who did what when, and what can be undone or redone.',
  ),
  'history.undo': method<{ entry: HistoryEntry }>()(
    empty,
    'Undoes the latest operation that is not undone yet (works across restarts).',
  ),
  'history.redo': method<{ entry: HistoryEntry }>()(
    empty,
    'Redoes the latest undone operation, unless a new operation came since.',
  ),
};
