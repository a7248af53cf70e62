/**
 * Migration: documents found by the file they were converted from.
 *
 * - `document_by_source`: a document's `metadata.sourceHash` (the SHA-256 of the imported file's
 *   bytes, recorded since this version). Document ids are hashes of the converted text, so a
 *   converter that changes its output would give the same file a new id: the import finds the
 *   file's earlier document through this index and skips it, as it skips identical text.
 *   Documents imported before this version have no source hash and are not found this way.
 *
 * Self-contained: it assumes only the tables of the first migration.
 */
export default /* sql */ `
CREATE INDEX document_by_source ON document (json_extract(metadata, '$.sourceHash'))
  WHERE json_extract(metadata, '$.sourceHash') IS NOT NULL;
`;
