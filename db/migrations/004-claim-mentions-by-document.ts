/**
 * Migration: the claim mentions of a document, read from an index alone.
 *
 * - `annotation_claim_by_document`: the claims matrix narrowed to some documents (an outlet's,
 *   a week's) lists the claims mentioned there, and their mentions, without reading the
 *   documents' other annotations: a third of them in a typical corpus, so that listing one
 *   outlet's claims over 10,000 documents / 1,000,000 annotations reads about 33,000 index
 *   entries instead of 100,000 table rows.
 *
 * Self-contained: it assumes only the tables of the first migration.
 */
export default /* sql */ `
CREATE INDEX annotation_claim_by_document ON annotation (document_id, claim_id) WHERE claim_id IS NOT NULL;
`;
