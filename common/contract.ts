/**
 * The API contract: every method the workspace answers, with its runtime params schema and its
 * result type, plus the events it pushes. The desktop UI (over IPC), the browser host (over HTTP)
 * and the command line all go through this one table and the one dispatcher that enforces it.
 *
 * Each method takes exactly one params object. Params are validated at the dispatcher with the
 * schema below (unknown keys are refused); results are typed only.
 */
import { z } from 'zod';
import type {
  Annotation,
  Claim,
  ChangedRecord,
  Document,
  DocumentSummary,
  Entity,
  HistoryEntry,
  Label,
  Mention,
  Note,
  Relation,
  SearchHit,
  WorkspaceStats,
} from './domain.js';
import { ANNOTATION_STATUSES, ENTITY_TYPES, LABEL_KINDS } from './domain.js';

// ---------------------------------------------------------------------------------------------
// Building blocks

const id = z.string().min(1).max(200);
const offset = z.number().int().min(0);
const fragment = z.strictObject({ start: offset, end: offset });
const fragments = z.array(fragment).min(1).max(1000);
const attributes = z.record(z.string().min(1).max(100), z.string().max(1000));
const status = z.enum(ANNOTATION_STATUSES);
const entityType = z.enum(ENTITY_TYPES);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');
const labelKey = z
  .string()
  .regex(/^[a-z0-9]$/, 'a single lowercase letter or digit')
  .nullable();
const attributeDefinition = z.strictObject({
  name: z.string().min(1).max(100),
  values: z.array(z.string().min(1).max(100)).min(1).max(50),
  default: z.string().optional(),
});
const relationType = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a lowercase snake_case relation type such as attributed_to');
const nonEmptyText = (max: number) => z.string().trim().min(1).max(max);
const empty = z.strictObject({});

/** A file handed to an import: a path on the workspace's machine, or inline content. */
const importSource = z.union([
  z.strictObject({ path: z.string().min(1) }),
  z.strictObject({
    name: z.string().min(1).max(500),
    content: z.string(),
    /** `text` (default) for UTF-8 text, `base64` for raw bytes (checked for UTF-8). */
    encoding: z.enum(['text', 'base64']).optional(),
  }),
]);

export const EXPORT_FORMATS = ['jsonl', 'w3c', 'brat', 'conll', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const IMPORT_FORMATS = ['jsonl', 'w3c', 'brat', 'conll', 'csv', 'doccano', 'labelstudio', 'prodigy'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

// ---------------------------------------------------------------------------------------------
// Method table

/** Declares one method: `method<Result>()(paramsSchema, description)`. */
function method<R>() {
  return <P extends z.ZodType>(params: P, description: string) => ({
    params,
    description,
    /** Phantom: carries the result type only. */
    result: undefined as unknown as R,
  });
}

export const methods = {
  'workspace.stats': method<WorkspaceStats>()(
    empty,
    'Counts of everything in the workspace, its path and schema version.',
  ),

  'documents.list': method<DocumentSummary[]>()(
    z.strictObject({ query: z.string().max(500).optional() }),
    'Every document (without text), ordered by publication date then title; `query` filters on title and outlet.',
  ),
  'documents.get': method<Document>()(z.strictObject({ id }), 'One document with its text and paragraphs.'),
  'documents.import': method<{
    imported: DocumentSummary[];
    skipped: Array<{ name: string; documentId: string; reason: 'duplicate' }>;
  }>()(
    z.strictObject({
      sources: z.array(importSource).min(1).max(100000),
      /** Tag for the progress events of this import. */
      taskId: z.string().max(100).optional(),
    }),
    'Imports .txt, .md and .html files as documents, all or nothing; identical content is skipped.',
  ),
  'documents.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Deletes a document with its annotations and their relations (undoable).',
  ),

  'labels.list': method<Label[]>()(empty, 'The tagset, in palette order.'),
  'labels.create': method<Label>()(
    z.strictObject({
      name: nonEmptyText(100),
      kind: z.enum(LABEL_KINDS),
      subtype: z.string().max(100).nullable().optional(),
      color: color.optional(),
      key: labelKey.optional(),
      attributes: z.array(attributeDefinition).max(20).optional(),
    }),
    'Adds a label to the tagset. Names and keys are unique.',
  ),
  'labels.update': method<Label>()(
    z.strictObject({
      id,
      name: nonEmptyText(100).optional(),
      subtype: z.string().max(100).nullable().optional(),
      color: color.optional(),
      key: labelKey.optional(),
      attributes: z.array(attributeDefinition).max(20).optional(),
      position: z.number().int().min(0).optional(),
    }),
    'Changes a label. Its kind cannot change once annotations use it.',
  ),
  'labels.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Removes a label; refused with `conflict` while annotations use it.',
  ),

  'annotations.create': method<Annotation>()(
    z.strictObject({
      documentId: id,
      labelId: id,
      fragments,
      attributes: attributes.optional(),
      note: z.string().max(20000).optional(),
      status: status.optional(),
      entityId: id.nullable().optional(),
      claimId: id.nullable().optional(),
    }),
    'Tags one or more fragments of a document with a label. Fragments are UTF-16 offsets.',
  ),
  'annotations.update': method<Annotation>()(
    z.strictObject({
      id,
      labelId: id.optional(),
      fragments: fragments.optional(),
      attributes: attributes.optional(),
      note: z.string().max(20000).optional(),
      status: status.optional(),
      entityId: id.nullable().optional(),
      claimId: id.nullable().optional(),
    }),
    'Changes an annotation; `attributes` replaces the whole attribute map; null unlinks.',
  ),
  'annotations.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Deletes an annotation and the relations that touch it.',
  ),
  'annotations.get': method<Annotation>()(z.strictObject({ id }), 'One annotation.'),
  'annotations.list': method<Annotation[]>()(
    z.strictObject({
      documentId: id.optional(),
      labelId: id.optional(),
      entityId: id.optional(),
      claimId: id.optional(),
      status: status.optional(),
      limit: z.number().int().min(1).max(1000000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    'Annotations matching every filter given, ordered by document then start offset.',
  ),

  'entities.list': method<Entity[]>()(
    z.strictObject({ query: z.string().max(500).optional(), type: entityType.optional() }),
    'Canonical entities; `query` matches names and aliases (case-insensitive prefix or substring).',
  ),
  'entities.create': method<Entity>()(
    z.strictObject({
      name: nonEmptyText(300),
      type: entityType.optional(),
      aliases: z.array(nonEmptyText(300)).max(500).optional(),
      note: z.string().max(20000).optional(),
      externalId: z.string().max(200).nullable().optional(),
    }),
    'Creates a canonical entity (default type `other`).',
  ),
  'entities.update': method<Entity>()(
    z.strictObject({
      id,
      name: nonEmptyText(300).optional(),
      type: entityType.optional(),
      aliases: z.array(nonEmptyText(300)).max(500).optional(),
      note: z.string().max(20000).optional(),
      externalId: z.string().max(200).nullable().optional(),
    }),
    'Changes an entity; `aliases` replaces the alias list.',
  ),
  'entities.merge': method<Entity>()(
    z.strictObject({ targetId: id, sourceId: id }),
    'Moves every mention of `sourceId` to `targetId`, keeps both names as aliases, deletes the source. One undoable step.',
  ),
  'entities.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Deletes an entity; its mentions stay, unlinked.',
  ),
  'entities.mentions': method<Mention[]>()(
    z.strictObject({ id }),
    'Every annotation linked to the entity, across the corpus.',
  ),

  'claims.list': method<Claim[]>()(
    z.strictObject({ query: z.string().max(500).optional() }),
    'Canonical claims; `query` matches the summary.',
  ),
  'claims.create': method<Claim>()(
    z.strictObject({ summary: nonEmptyText(2000), note: z.string().max(20000).optional() }),
    'Creates a canonical claim.',
  ),
  'claims.update': method<Claim>()(
    z.strictObject({
      id,
      summary: nonEmptyText(2000).optional(),
      note: z.string().max(20000).optional(),
    }),
    'Changes a claim.',
  ),
  'claims.merge': method<Claim>()(
    z.strictObject({ targetId: id, sourceId: id }),
    'Moves every mention of `sourceId` to `targetId` and deletes the source. One undoable step.',
  ),
  'claims.delete': method<{ deleted: true }>()(z.strictObject({ id }), 'Deletes a claim; its mentions stay, unlinked.'),
  'claims.mentions': method<Mention[]>()(
    z.strictObject({ id }),
    'Every annotation linked to the claim, across the corpus, each with its stance attribute.',
  ),

  'relations.create': method<Relation>()(
    z.strictObject({ fromId: id, toId: id, type: relationType, note: z.string().max(20000).optional() }),
    'Links two annotations (possibly in different documents), e.g. claim attributed_to source.',
  ),
  'relations.delete': method<{ deleted: true }>()(z.strictObject({ id }), 'Removes a relation.'),
  'relations.list': method<Relation[]>()(
    z.strictObject({
      annotationId: id.optional(),
      documentId: id.optional(),
      type: relationType.optional(),
    }),
    'Relations touching an annotation (either end), or any annotation of a document.',
  ),

  'notes.list': method<Note[]>()(
    z.strictObject({ targetId: id.nullable().optional() }),
    'Notes, optionally about one target.',
  ),
  'notes.create': method<Note>()(
    z.strictObject({ targetId: id.nullable().optional(), body: nonEmptyText(100000) }),
    'Adds a note about a document, entity, claim or annotation (or the workspace).',
  ),
  'notes.update': method<Note>()(z.strictObject({ id, body: nonEmptyText(100000) }), 'Changes a note.'),
  'notes.delete': method<{ deleted: true }>()(z.strictObject({ id }), 'Removes a note.'),

  'history.list': method<HistoryEntry[]>()(
    z.strictObject({ limit: z.number().int().min(1).max(10000).optional() }),
    'The audit log, newest first: who did what when, and what can be undone or redone.',
  ),
  'history.undo': method<{ entry: HistoryEntry }>()(
    empty,
    'Undoes the latest operation that is not undone yet (works across restarts).',
  ),
  'history.redo': method<{ entry: HistoryEntry }>()(
    empty,
    'Redoes the latest undone operation, unless a new operation came since.',
  ),

  'search.query': method<SearchHit[]>()(
    z.strictObject({
      query: nonEmptyText(500),
      limit: z.number().int().min(1).max(10000).optional(),
      documentIds: z.array(id).max(100000).optional(),
    }),
    'Full-text search across the corpus (words, "phrases", prefix*); one hit per matched occurrence, best documents first.',
  ),

  'settings.get': method<Record<string, unknown>>()(
    empty,
    'Every setting, defaults filled in (`analyst`, `theme`, ...).',
  ),
  'settings.set': method<Record<string, unknown>>()(
    z.strictObject({
      key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,99}$/, 'a setting name'),
      value: z.unknown(),
    }),
    'Sets one setting; returns every setting.',
  ),

  'datasets.export': method<{
    format: ExportFormat;
    outPath: string;
    files: string[];
    documents: number;
    annotations: number;
  }>()(
    z.strictObject({
      format: z.enum(EXPORT_FORMATS),
      outPath: z.string().min(1),
      documentIds: z.array(id).optional(),
      labels: z.array(z.string().min(1)).optional(),
      status: z.enum(['accepted', 'all']).optional(),
      taskId: z.string().max(100).optional(),
    }),
    'Writes a tagged dataset (brat: a folder at outPath; others: a file), with a manifest.',
  ),
  'datasets.import': method<{
    documents: number;
    annotations: number;
    entities: number;
    claims: number;
    relations: number;
  }>()(
    z.strictObject({
      format: z.enum(IMPORT_FORMATS),
      path: z.string().min(1),
      taskId: z.string().max(100).optional(),
    }),
    'Reads a tagged dataset into the workspace in one transaction; a bad file imports nothing.',
  ),
  'tasks.cancel': method<{ cancelled: boolean }>()(
    z.strictObject({ taskId: z.string().min(1).max(100) }),
    'Asks a running import or export to stop; it rolls back and fails with `cancelled`.',
  ),
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = Methods[M]['result'];

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

// ---------------------------------------------------------------------------------------------
// Events

/** What the workspace pushes to every open view. */
export interface Events {
  /** After each committed mutation. */
  changed: { historyId: number | null; method: string; author: string; records: ChangedRecord[] };
  /** Progress of long work (imports, exports). */
  progress: {
    taskId: string;
    task: 'import' | 'export';
    done: number;
    total: number;
    message: string;
  };
  /** A command from the desktop shell's menu for the UI (e.g. open the export dialog). */
  command: { name: 'import' | 'export' | 'undo' | 'redo' | 'toggle-theme' | 'find' | 'about' | 'help' };
}
export type EventName = keyof Events;
/** One event as it travels: a union discriminated by `event`. */
export type EventMessage = { [E in EventName]: { event: E; data: Events[E] } }[EventName];

/**
 * The one object a transport exposes to the renderer (the Electron preload checks against it with
 * `satisfies`; the HTTP client implements it too).
 */
export interface TriangulateBridge {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: (message: EventMessage) => void): () => void;
}
