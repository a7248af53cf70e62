/**
 * Documents: listing, reading, marking reviewed and deleting the corpus. A document's text never
 * changes in place; importing (db/import/) makes new documents. Deleting one deletes its
 * annotations (with their relations and notes) and its own notes, as one undoable step.
 */
import type { Document, DocumentCounts, DocumentSummary } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { deleteAnnotationRows } from './annotations.js';
import { prepare } from './connection.js';
import { deleteNotesOf } from './notes.js';
import { rowToDocument, rowToDocumentSummary, type DocumentRow } from './rows.js';
import { truncate } from './summaries.js';
import type { Workspace } from './workspace.js';

/** Claim, source and entity counts of every document (rejected annotations left out). */
function countsByDocument(ws: Workspace, documentId?: string): Map<string, DocumentCounts> {
  const rows = prepare(
    ws.db,
    `SELECT a.document_id AS id,
            sum(l.kind = 'claim') AS claims, sum(l.kind = 'source') AS sources,
            sum(l.kind = 'entity') AS entities, count(*) AS annotations
       FROM annotation a JOIN label l ON l.id = a.label_id
      WHERE a.status != 'rejected' ${documentId === undefined ? '' : 'AND a.document_id = @documentId'}
      GROUP BY a.document_id`,
  ).all(documentId === undefined ? {} : { documentId }) as Array<DocumentCounts & { id: string }>;
  return new Map(rows.map(({ id, ...counts }) => [id, counts]));
}

/** SQLite's length() counts characters (code points); the API counts UTF-16 code units. */
function utf16Length(ws: Workspace, id: string, codePoints: number): number {
  const cached = ws.cachedText(id);
  if (cached !== undefined) return cached.length;
  const text = (prepare(ws.db, 'SELECT text FROM document WHERE id = ?').get(id) as { text: string }).text;
  return text.length === codePoints ? codePoints : text.length;
}

/** Every document without its text, by publication date then title; `query` filters title and outlet. */
export function listDocuments(ws: Workspace, query?: string): DocumentSummary[] {
  const counts = countsByDocument(ws);
  const like = query?.trim() ? `%${query.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;
  const rows = prepare(
    ws.db,
    `SELECT id, title, outlet, published_at, origin, content_hash, imported_at, reviewed, length(text) AS length
       FROM document
      WHERE @like IS NULL OR title LIKE @like ESCAPE '\\' OR outlet LIKE @like ESCAPE '\\'
      ORDER BY published_at IS NULL, published_at, title, id`,
  ).all({ like }) as Array<Omit<DocumentRow, 'text' | 'paragraphs' | 'metadata'> & { length: number }>;
  return rows.map((row) =>
    rowToDocumentSummary({ ...row, length: utf16Length(ws, row.id, row.length) }, counts.get(row.id)),
  );
}

/** One document with its text and paragraphs. @throws ApiError `not_found` */
export function getDocument(ws: Workspace, id: string): Document {
  const row = prepare(ws.db, 'SELECT * FROM document WHERE id = ?').get(id) as DocumentRow | undefined;
  if (!row) throw new ApiError('not_found', `No document with id ${id}.`);
  return rowToDocument(row, countsByDocument(ws, id).get(id));
}

/**
 * Marks a document reviewed (or not) as one undoable step; nothing is logged when it already is.
 * Answers the document's summary. @throws ApiError `not_found`
 */
export function setDocumentReviewed(ws: Workspace, id: string, reviewed: boolean): DocumentSummary {
  const doc = getDocument(ws, id);
  if (doc.reviewed !== reviewed) {
    ws.mutate(
      'documents.setReviewed',
      `Marked “${truncate(doc.title)}” ${reviewed ? 'reviewed' : 'not reviewed'}`,
      (tx) => tx.changes.update('document', id, { reviewed: reviewed ? 1 : 0 }),
    );
  }
  const { text: _text, paragraphs: _paragraphs, metadata: _metadata, ...summary } = doc;
  return { ...summary, reviewed };
}

/** Deletes a document with everything attached to it, as one undoable step. */
export function deleteDocument(ws: Workspace, id: string): { deleted: true } {
  const doc = getDocument(ws, id);
  ws.mutate('documents.delete', `Deleted document “${doc.title}”`, (tx) => {
    const annotationIds = (
      prepare(ws.db, 'SELECT id FROM annotation WHERE document_id = ?').all(id) as Array<{ id: string }>
    ).map((r) => r.id);
    for (const annotationId of annotationIds) deleteAnnotationRows(ws, tx, annotationId);
    deleteNotesOf(ws, tx, id);
    tx.changes.delete('document', id);
  });
  ws.forgetText(id);
  return { deleted: true };
}
