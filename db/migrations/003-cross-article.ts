/**
 * Migration: what the cross-article views need.
 *
 * - `relation.attributes`: a JSON object of attribute name → value, like an annotation's. On an
 *   `attributed_to` relation it carries the attributed source's own stance and the cue verb
 *   (`{"stance": "denied", "cue": "dismissed"}`); see common/relation-attributes.ts.
 * - `document_review`: a document is reviewed while it has a row here, with who marked it and
 *   when. A table of its own rather than a column of `document`, so that marking a document
 *   neither rewrites its row (and its full-text index) nor copies its text into the history's
 *   row images.
 * - `document_by_date`: the documents as the matrix's columns list them (date, title, outlet),
 *   read without walking past each text.
 * - `annotation_by_entity_document`: entity mentions grouped by document and surface form
 *   (the entity index) read from the index alone.
 *
 * Self-contained: it assumes only the tables of the first migration.
 */
export default /* sql */ `
ALTER TABLE relation ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
CREATE TABLE document_review (
  id           TEXT PRIMARY KEY REFERENCES document (id),
  reviewed_by  TEXT NOT NULL,
  reviewed_at  TEXT NOT NULL
) STRICT;
CREATE INDEX document_by_date ON document (published_at, title, id, outlet);
CREATE INDEX annotation_by_entity_document ON annotation (entity_id, document_id, quote) WHERE entity_id IS NOT NULL;
`;
