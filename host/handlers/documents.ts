/** Handlers of `documents.*`: reading and deleting documents; importing runs as a cancellable task. */
import { deleteDocument, getDocument, listDocuments } from '../../db/documents.js';
import { importDocuments } from '../../db/import/documents.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function documentHandlers({ ws, tasks }: HandlerContext): NamespaceHandlers<'documents'> {
  return {
    'documents.list': (p) => listDocuments(ws, p.query),
    'documents.get': (p) => getDocument(ws, p.id),
    'documents.import': (p) =>
      tasks.run(p.taskId, 'import', ({ taskId, isCancelled }) =>
        importDocuments(ws, p.sources, { taskId, isCancelled }),
      ),
    'documents.delete': (p) => deleteDocument(ws, p.id),
  };
}
