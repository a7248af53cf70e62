/**
 * The `notes.*` methods of the API contract: free-text notes about a document, entity, claim or
 * annotation, or about the workspace itself.
 */
import { z } from 'zod';
import type { Note } from '../domain.js';
import { LIMITS, id, method, nonEmptyText } from './schema.js';

/** The `notes.*` methods: wire name → params schema, description and result type. */
export const noteMethods = {
  'notes.list': method<Note[]>()(
    z.strictObject({ targetId: id.nullable().optional() }),
    'Notes, optionally about one target.',
  ),
  'notes.create': method<Note>()(
    z.strictObject({ targetId: id.nullable().optional(), body: nonEmptyText(LIMITS.noteBody) }),
    'Adds a note about a document, entity, claim or annotation (or the workspace).',
  ),
  'notes.update': method<Note>()(z.strictObject({ id, body: nonEmptyText(LIMITS.noteBody) }), 'Changes a note.'),
  'notes.delete': method<{ deleted: true }>()(z.strictObject({ id }), 'Removes a note.'),
};
