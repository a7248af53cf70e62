/** Handlers of `notes.*`. */
import { createNote, deleteNote, listNotes, updateNote } from '../../db/notes.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function noteHandlers({ ws }: HandlerContext): NamespaceHandlers<'notes'> {
  return {
    'notes.list': (p) => listNotes(ws, p.targetId),
    'notes.create': (p) => createNote(ws, p),
    'notes.update': (p) => updateNote(ws, p),
    'notes.delete': (p) => deleteNote(ws, p.id),
  };
}
