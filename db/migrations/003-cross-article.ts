/**
 * Migration: what the cross-article views need.
 *
 * - `relation.attributes`: a JSON object of attribute name → value, like an annotation's. On an
 *   `attributed_to` relation it carries the attributed source's own stance and the cue verb
 *   (`{"stance": "denied", "cue": "dismissed"}`); see common/relation-attributes.ts.
 * - `document.reviewed`: 1 once an analyst has marked the document reviewed.
 * - `annotation_by_entity_document`: entity mentions grouped by document and surface form
 *   (the entity index) read from the index alone.
 * - `document_by_date`: the documents as the matrix's columns list them (date, title, outlet,
 *   reviewed), read without walking past each text.
 *
 * Self-contained: it assumes only the tables of the first migration.
 */
export default /* sql */ `
ALTER TABLE relation ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
ALTER TABLE document ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1));
CREATE INDEX document_by_date ON document (published_at, title, id, outlet, reviewed);
CREATE INDEX annotation_by_entity_document ON annotation (entity_id, document_id, quote) WHERE entity_id IS NOT NULL;
`;
