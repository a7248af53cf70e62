/**
 * The `documents.*` methods of the API contract: listing, reading, importing and deleting the
 * documents of the corpus. `documents.import` may run on another machine than its caller (the
 * browser host), so its result has a runtime schema too, {@link documentImportResult}.
 */
import { z } from 'zod';
import type { Document, DocumentSummary } from '../domain.js';
import { id, importSource, method, methodWithResult, taskId, type Assert, type Same } from './schema.js';

/** A document without its text, as lists show it: the runtime twin of the domain's `DocumentSummary`. */
export const documentSummary = z.strictObject({
  id: z.string(),
  title: z.string(),
  outlet: z.string().nullable(),
  /** Publication date, `YYYY-MM-DD` where known. */
  publishedAt: z.string().nullable(),
  /** Where the document came from: file name or URL. */
  origin: z.string().nullable(),
  /** `sha256:` + hex digest of the canonical text. */
  contentHash: z.string(),
  /** Length of the text in UTF-16 code units. */
  length: z.number().int().min(0),
  importedAt: z.string(),
  /** Whether an analyst has marked the document reviewed. */
  reviewed: z.boolean(),
  counts: z.strictObject({
    claims: z.number().int().min(0),
    sources: z.number().int().min(0),
    entities: z.number().int().min(0),
    annotations: z.number().int().min(0),
  }),
});
// Compile-time pin: the schema describes exactly the domain's DocumentSummary.
type _DocumentSummaryMatchesDomain = Assert<Same<z.output<typeof documentSummary>, DocumentSummary>>;

/** The result of `documents.import`: what was imported, and what was skipped as already present. */
export const documentImportResult = z.strictObject({
  imported: z.array(documentSummary),
  skipped: z.array(
    z.strictObject({
      name: z.string(),
      documentId: z.string(),
      reason: z.literal('duplicate'),
    }),
  ),
});

/** A calendar date as `YYYY-MM-DD` (2015-02-30 is refused). */
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'not a calendar date');

/** The `documents.*` methods: wire name → params schema, description and result type. */
export const documentMethods = {
  'documents.list': method<DocumentSummary[]>()(
    z.strictObject({ query: z.string().max(500).optional() }),
    'Every document (without text), ordered by publication date then title; `query` filters on title and outlet.',
  ),
  'documents.get': method<Document>()(z.strictObject({ id }), 'One document with its text and paragraphs.'),
  'documents.import': methodWithResult(documentImportResult)(
    z.strictObject({
      sources: z.array(importSource).min(1).max(100000),
      /** Tag for the progress events of this import. */
      taskId: taskId.optional(),
    }),
    'Imports .txt, .md and .html files as documents, all or nothing; identical content is skipped.',
  ),
  'documents.setReviewed': method<DocumentSummary>()(
    z.strictObject({ id, reviewed: z.boolean() }),
    'Marks a document reviewed, or not (undoable); answers its summary.',
  ),
  'documents.update': method<DocumentSummary>()(
    z.strictObject({
      id,
      title: z.string().trim().min(1, 'a title has at least one visible character').max(500).optional(),
      /** null or "" clears it. */
      outlet: z.string().trim().max(200).nullable().optional(),
      /** `YYYY-MM-DD`, a real calendar date; null clears it. */
      publishedAt: calendarDate.nullable().optional(),
      /** Kept in the document's metadata (`metadata.author`); null or "" clears it. */
      author: z.string().trim().max(200).nullable().optional(),
    }),
    "Changes a document's title, outlet, publication date or author (one undoable step); its text, and so its id and annotations, never change. Answers its summary.",
  ),
  'documents.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Deletes a document with its annotations and their relations (undoable).',
  ),
};
