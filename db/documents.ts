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
import { rowToDocument, rowToDocumentSummary, type DocumentRow, type DocumentSummaryRow } from './rows.js';
import { truncate } from './summaries.js';
import type { Workspace } from './workspace.js';

/**
 * Claim, source and entity counts of every document (rejected annotations left out). Claims and
 * sources count annotations. Entities count what a reader means by "the entities this article
 * mentions": each linked entity once however often it is mentioned (by an entity annotation or a
 * source linked to it, as in the entity index), plus each name tagged without a link once per
 * label, whatever its case ("Iraq" tagged five times as a Country and never linked is one entity;
 * SQLite's lower() folds ASCII only). An unlinked name is not matched against linked entities:
 * until it is linked, it counts on its own.
 */
function countsByDocument(ws: Workspace, documentId?: string): Map<string, DocumentCounts> {
  const rows = prepare(
    ws.db,
    `SELECT a.document_id AS id,
            sum(l.kind = 'claim') AS claims, sum(l.kind = 'source') AS sources,
            count(DISTINCT a.entity_id)
              + count(DISTINCT CASE WHEN l.kind = 'entity' AND a.entity_id IS NULL
                                    THEN l.id || char(31) || lower(a.quote) END) AS entities,
            count(*) AS annotations
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
    `SELECT d.id, d.title, d.outlet, d.published_at, d.origin, d.content_hash, d.imported_at,
            length(d.text) AS length, EXISTS (SELECT 1 FROM document_review v WHERE v.id = d.id) AS reviewed
       FROM document d
      WHERE @like IS NULL OR d.title LIKE @like ESCAPE '\\' OR d.outlet LIKE @like ESCAPE '\\'
      ORDER BY d.published_at IS NULL, d.published_at, d.title, d.id`,
  ).all({ like }) as DocumentSummaryRow[];
  return rows.map((row) =>
    rowToDocumentSummary({ ...row, length: utf16Length(ws, row.id, row.length) }, counts.get(row.id)),
  );
}

/** One document with its text and paragraphs. @throws ApiError `not_found` */
export function getDocument(ws: Workspace, id: string): Document {
  const row = prepare(
    ws.db,
    'SELECT d.*, EXISTS (SELECT 1 FROM document_review v WHERE v.id = d.id) AS reviewed FROM document d WHERE d.id = ?',
  ).get(id) as (DocumentRow & { reviewed: number }) | undefined;
  if (!row) throw new ApiError('not_found', `No document with id ${id}.`);
  return rowToDocument(row, countsByDocument(ws, id).get(id));
}

/**
 * Marks a document reviewed (or not) as one undoable step: its `document_review` row, with who
 * marked it and when, comes or goes; nothing is logged when it already is so. Answers the
 * document's summary. @throws ApiError `not_found`
 */
export function setDocumentReviewed(ws: Workspace, id: string, reviewed: boolean): DocumentSummary {
  const doc = getDocument(ws, id);
  if (doc.reviewed !== reviewed) {
    ws.mutate(
      'documents.setReviewed',
      `Marked “${truncate(doc.title)}” ${reviewed ? 'reviewed' : 'not reviewed'}`,
      (tx) =>
        reviewed
          ? tx.changes.insert('document_review', { id, reviewed_by: tx.author, reviewed_at: tx.now })
          : tx.changes.delete('document_review', id),
    );
  }
  const { text: _text, paragraphs: _paragraphs, metadata: _metadata, ...summary } = doc;
  return { ...summary, reviewed };
}

/** What `documents.update` may change: the details a reader sees, never the text. */
export interface DocumentDetails {
  title?: string;
  outlet?: string | null;
  publishedAt?: string | null;
  author?: string | null;
}

/**
 * Changes a document's title, outlet, publication date or author (kept in its metadata) as one
 * undoable step; nothing is logged when nothing differs. The text, its hash (the id) and so
 * every annotation stay as they are. Answers the summary. @throws ApiError `not_found`
 */
export function updateDocument(ws: Workspace, id: string, details: DocumentDetails): DocumentSummary {
  const doc = getDocument(ws, id);
  const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);
  const patch: Record<string, unknown> = {};
  if (details.title !== undefined) patch.title = details.title.trim();
  const outlet = blankToNull(details.outlet);
  if (outlet !== undefined) patch.outlet = outlet;
  if (details.publishedAt !== undefined) patch.published_at = details.publishedAt;
  const author = blankToNull(details.author);
  if (author !== undefined && author !== (doc.metadata.author ?? null)) {
    const metadata = { ...doc.metadata };
    if (author === null) delete metadata.author;
    else metadata.author = author;
    patch.metadata = JSON.stringify(metadata);
  }
  const changed =
    (patch.title !== undefined && patch.title !== doc.title) ||
    (patch.outlet !== undefined && patch.outlet !== doc.outlet) ||
    (patch.published_at !== undefined && patch.published_at !== doc.publishedAt) ||
    patch.metadata !== undefined;
  if (changed) {
    ws.mutate('documents.update', `Edited the details of “${truncate(doc.title)}”`, (tx) => {
      tx.changes.update('document', id, patch as Record<string, string | null>);
    });
  }
  const { text: _text, paragraphs: _paragraphs, metadata: _metadata, ...summary } = getDocument(ws, id);
  return summary;
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
    if (doc.reviewed) tx.changes.delete('document_review', id);
    tx.changes.delete('document', id);
  });
  ws.forgetText(id);
  return { deleted: true };
}
