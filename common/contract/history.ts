/**
 * The `history.*` methods of the API contract: the audit log, and undo and redo over it.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../domain.js';
import { method } from './schema.js';

/**
 * Params of `history.undo` / `history.redo`: nothing (the caller's own latest), or the id of the
 * entry to act on, as `history.list` shows it and a `not_own` conflict names it.
 */
export const historyChoice = z.strictObject({
  entryId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** The `history.*` methods: wire name → params schema, description and result type. */
export const historyMethods = {
  'history.list': method<HistoryEntry[]>()(
    z.strictObject({ limit: z.number().int().min(1).max(10000).optional() }),
    'The audit log, newest first: who did what when, in which running program (session: own or another, ' +
      'desktop app, browser host, command line), where it acts (documents, annotations), and what you can undo or redo (own).',
  ),
  'history.undo': method<{ entry: HistoryEntry }>()(
    historyChoice,
    'Undoes your latest change in this session (this analyst in this running program; works across restarts ' +
      'with an explicit choice). With {entryId}: undoes exactly that entry, anyone’s, if its rows are as it left ' +
      'them. When you have nothing to undo but someone else has, refuses with conflict (details: entryId, analyst, ' +
      'session, where) instead of undoing their change.',
  ),
  'history.redo': method<{ entry: HistoryEntry }>()(
    historyChoice,
    'Redoes what you last undid in this session, unless you made a new change since. With {entryId}: redoes ' +
      'exactly that undone entry. When you have nothing to redo but the newest step is someone else’s undo, ' +
      'refuses with conflict.',
  ),
};
