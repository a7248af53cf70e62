/** Handlers of `documents.*`: reading and deleting documents; importing runs as a cancellable task. */
import { ApiError } from '../../common/errors.js';
import { deleteDocument, getDocument, listDocuments, setDocumentReviewed, updateDocument } from '../../db/documents.js';
import { importDocuments, type ImportSource } from '../../db/import/documents.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

/** A source as the importer reads it; a grant must have been resolved by the page's gate already. */
function readable(source: ImportSource | { grant: string }): ImportSource {
  if ('grant' in source) {
    throw new ApiError(
      'invalid_params',
      'Invalid params for documents.import: a file grant is valid only through the workbench page that chose the file; give a path or the content instead.',
      { field: 'sources' },
    );
  }
  return source;
}

export function documentHandlers({ ws, tasks }: HandlerContext): NamespaceHandlers<'documents'> {
  return {
    'documents.list': (p) => listDocuments(ws, p.query),
    'documents.get': (p) => getDocument(ws, p.id),
    'documents.import': (p) =>
      tasks.run(p.taskId, 'import', ({ taskId, isCancelled }) =>
        importDocuments(ws, p.sources.map(readable), { taskId, isCancelled }),
      ),
    'documents.setReviewed': (p) => setDocumentReviewed(ws, p.id, p.reviewed),
    'documents.update': ({ id, ...details }) => updateDocument(ws, id, details),
    'documents.delete': (p) => deleteDocument(ws, p.id),
  };
}
