/**
 * Notes: free text attached to a record (document, annotation, entity, claim) or to the
 * workspace (target null). A note lives and dies with its target: every delete rule calls
 * `deleteNotesOf`, and merges move notes with `moveNotes`, so no note is ever orphaned.
 */
import type { Note } from '../common/domain.js';
import type { ParsedParamsOf } from '../common/contract.js';
import { ApiError } from '../common/errors.js';
import { prepare } from './connection.js';
import { newId } from './ids.js';
import { rowToNote, type NoteRow } from './rows.js';
import type { Tx, Workspace } from './workspace.js';

/** Every note, or those of one target (`null`: the workspace's own notes). */
export function listNotes(ws: Workspace, targetId?: string | null): Note[] {
  const rows = (
    targetId === undefined
      ? prepare(ws.db, 'SELECT * FROM note ORDER BY created_at, id').all()
      : prepare(ws.db, 'SELECT * FROM note WHERE target_id IS ? ORDER BY created_at, id').all(targetId)
  ) as NoteRow[];
  return rows.map(rowToNote);
}

export function createNote(ws: Workspace, params: ParsedParamsOf<'notes.create'>): Note {
  return ws.mutate('notes.create', 'Added a note', (tx) =>
    rowToNote(
      tx.changes.insert('note', {
        id: newId('note'),
        target_id: params.targetId ?? null,
        body: params.body,
        author: tx.author,
        created_at: tx.now,
        updated_at: tx.now,
      }) as unknown as NoteRow,
    ),
  );
}

function requireNote(ws: Workspace, id: string): void {
  if (!prepare(ws.db, 'SELECT 1 FROM note WHERE id = ?').get(id))
    throw new ApiError('not_found', `No note with id ${id}.`);
}

export function updateNote(ws: Workspace, params: ParsedParamsOf<'notes.update'>): Note {
  requireNote(ws, params.id);
  return ws.mutate('notes.update', 'Changed a note', (tx) =>
    rowToNote(tx.changes.update('note', params.id, { body: params.body, updated_at: tx.now }) as unknown as NoteRow),
  );
}

export function deleteNote(ws: Workspace, id: string): { deleted: true } {
  requireNote(ws, id);
  ws.mutate('notes.delete', 'Deleted a note', (tx) => tx.changes.delete('note', id));
  return { deleted: true };
}

function noteIdsOf(ws: Workspace, targetId: string): string[] {
  return (prepare(ws.db, 'SELECT id FROM note WHERE target_id = ?').all(targetId) as Array<{ id: string }>).map(
    (r) => r.id,
  );
}

/** Inside a mutation: deletes the notes of a record that is being deleted. */
export function deleteNotesOf(ws: Workspace, tx: Tx, targetId: string): void {
  for (const id of noteIdsOf(ws, targetId)) tx.changes.delete('note', id);
}

/** Inside a mutation: re-targets the notes of a record merged into another. */
export function moveNotes(ws: Workspace, tx: Tx, fromId: string, toId: string): void {
  for (const id of noteIdsOf(ws, fromId)) tx.changes.update('note', id, { target_id: toId, updated_at: tx.now });
}
