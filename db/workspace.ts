/**
 * The workspace: one SQLite file holding a corpus and everything analysts say about it. Every
 * mutation runs as one synchronous transaction that records its row changes in the history log
 * (so it can be undone, across restarts too) and, once committed, tells every listener what
 * changed. Reads never go through the log.
 *
 * Methods take already-validated params (the dispatcher validates against `common/contract.ts`)
 * but still enforce every rule the schema cannot express: references exist, offsets fit the
 * text, attribute values belong to the label.
 */
import fs from 'node:fs';
import type {
  Annotation,
  ChangedKind,
  ChangedRecord,
  Claim,
  Document,
  DocumentCounts,
  DocumentSummary,
  Entity,
  HistoryEntry,
  HistoryState,
  Label,
  Mention,
  Note,
  Relation,
  SearchHit,
  WorkspaceStats,
} from '../common/domain.js';
import type { EventMessage, Events, ParsedParamsOf } from '../common/contract.js';
import { ApiError } from '../common/errors.js';
import { contextOf, describeFragmentProblem, normalizeFragments, quoteOf } from '../common/text.js';
import { ChangeSet, replayChanges, type Row, type RowChange, type TrackedTable } from './changes.js';
import { closeDatabase, openDatabase, prepare, schemaVersion, type Db } from './connection.js';
import { DEFAULT_LABELS, LABEL_PALETTE, defaultSettings } from './defaults.js';
import {
  encodeFragments,
  rowToAnnotation,
  rowToClaim,
  cleanAliases,
  rowToDocument,
  rowToDocumentSummary,
  rowToEntity,
  rowToLabel,
  rowToNote,
  rowToRelation,
  type AnnotationRow,
  type ClaimRow,
  type DocumentRow,
  type EntityRow,
  type LabelRow,
  type NoteRow,
  type RelationRow,
} from './rows.js';
import { newId, nowIso } from './ids.js';
import { seedWorkspace } from './import/documents.js';
import { searchCorpus } from './search.js';

export const APP_VERSION = '0.1.0';

export interface WorkspaceOptions {
  /** Path of the workspace file (created if missing), or ':memory:'. */
  path: string;
  /** Load the seed corpus into a new workspace (default true). */
  seed?: boolean;
  /** Folder holding the seed corpus and its manifest (default: the package's `seeds/`). */
  seedsDir?: string;
  /** better-sqlite3 binding built for another runtime (Electron). */
  nativeBinding?: string;
}

export type EventListener = (message: EventMessage) => void;

const KIND_OF_TABLE: Record<TrackedTable, ChangedKind> = {
  document: 'document',
  label: 'label',
  entity: 'entity',
  claim: 'claim',
  annotation: 'annotation',
  relation: 'relation',
  note: 'note',
  setting: 'setting',
};

interface MutateOptions {
  /** 'done' (undoable, the default), 'permanent' (logged, never undone) or 'none' (not logged). */
  log?: 'done' | 'permanent' | 'none';
}

/** A mutation's context: the change set to write through, and the current analyst. */
export interface Tx {
  changes: ChangeSet;
  author: string;
  now: string;
}

export class Workspace {
  readonly db: Db;
  readonly path: string;
  private readonly listeners = new Set<EventListener>();
  /** Document texts by id: documents never change in place, so the cache never goes stale. */
  private readonly textCache = new Map<string, string>();

  /** The better-sqlite3 binding this workspace was opened with, for extra connections (readers). */
  readonly nativeBinding: string | undefined;

  private constructor(db: Db, path: string, nativeBinding?: string) {
    this.db = db;
    this.path = path;
    this.nativeBinding = nativeBinding;
  }

  /**
   * Opens a workspace file, creating, migrating and (when new) seeding it.
   * @throws ApiError `incompatible_workspace` when the file is not ours or is from the future.
   */
  static open(options: WorkspaceOptions): Workspace {
    const db = openDatabase(options.path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    const workspace = new Workspace(db, options.path, options.nativeBinding);
    try {
      workspace.ensureDefaults();
      if (options.seed !== false && !workspace.hasSetting('_seeded')) {
        seedWorkspace(workspace, options.seedsDir);
      }
    } catch (error) {
      closeDatabase(db);
      throw error;
    }
    return workspace;
  }

  close(): void {
    this.listeners.clear();
    closeDatabase(this.db);
  }

  // -------------------------------------------------------------------------------------------
  // Events

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends keyof Events>(event: E, data: Events[E]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener({ event, data } as EventMessage);
      } catch (error) {
        console.error(`triangulate: an event listener failed: ${(error as Error).message}`);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Mutations and history

  /** The current analyst: the `analyst` setting, by default the operating-system user. */
  get analyst(): string {
    const value = this.settings().analyst;
    return typeof value === 'string' && value.trim() ? value.trim() : 'analyst';
  }

  /**
   * Runs `fn` as one transaction whose row changes become one history entry, then emits
   * `changed`. Nothing is written if `fn` throws.
   */
  mutate<T>(
    method: string,
    summary: string | ((result: T) => string),
    fn: (tx: Tx) => T,
    options: MutateOptions = {},
  ): T {
    const author = this.analyst;
    const run = this.db.transaction(() => {
      const tx: Tx = { changes: new ChangeSet(this.db), author, now: nowIso() };
      const result = fn(tx);
      const changes = tx.changes.changes;
      let historyId: number | null = null;
      const log = options.log ?? 'done';
      if (changes.length > 0 && log !== 'none') {
        if (log === 'done') prepare(this.db, "UPDATE history SET state = 'discarded' WHERE state = 'undone'").run();
        const text = typeof summary === 'string' ? summary : summary(result);
        historyId = Number(
          prepare(
            this.db,
            'INSERT INTO history (method, summary, author, at, state, changes, change_count) VALUES (?, ?, ?, ?, ?, ?, ?)',
          ).run(method, text, author, tx.now, log, log === 'done' ? JSON.stringify(changes) : '[]', changes.length)
            .lastInsertRowid,
        );
      }
      return { result, historyId, changes };
    });
    const { result, historyId, changes } = run.immediate();
    if (changes.length > 0) {
      this.emit('changed', { historyId, method, author, records: changedRecords(changes) });
    }
    return result;
  }

  /**
   * Bulk writes that bypass row tracking (dataset imports of up to millions of rows): `fn` runs
   * in one transaction with direct statements and returns what it changed. The history gets a
   * `permanent` entry, a barrier that undo does not cross, since the rows were not tracked.
   */
  bulkWrite<T>(method: string, summary: string, fn: (db: Db) => { result: T; records: ChangedRecord[] }): T {
    const author = this.analyst;
    const run = this.db.transaction(() => {
      const out = fn(this.db);
      const historyId = Number(
        prepare(
          this.db,
          "INSERT INTO history (method, summary, author, at, state, change_count) VALUES (?, ?, ?, ?, 'permanent', ?)",
        ).run(method, summary, author, nowIso(), out.records.length).lastInsertRowid,
      );
      prepare(this.db, "UPDATE history SET state = 'discarded' WHERE state = 'undone'").run();
      return { ...out, historyId };
    });
    const { result, records, historyId } = run.immediate();
    this.emit('changed', { historyId, method, author, records });
    return result;
  }

  /** Undoes the latest undoable entry. */
  undo(): { entry: HistoryEntry } {
    return this.replay('undo');
  }

  redo(): { entry: HistoryEntry } {
    return this.replay('redo');
  }

  private replay(direction: 'undo' | 'redo'): { entry: HistoryEntry } {
    const author = this.analyst;
    const run = this.db.transaction(() => {
      const barrier =
        (prepare(this.db, "SELECT max(id) AS id FROM history WHERE state = 'permanent'").get() as { id: number | null })
          .id ?? 0;
      const row = (
        direction === 'undo'
          ? prepare(this.db, "SELECT * FROM history WHERE state = 'done' AND id > ? ORDER BY id DESC LIMIT 1").get(
              barrier,
            )
          : prepare(this.db, "SELECT * FROM history WHERE state = 'undone' AND id > ? ORDER BY id ASC LIMIT 1").get(
              barrier,
            )
      ) as HistoryRow | undefined;
      if (!row) {
        throw new ApiError(
          direction === 'undo' ? 'nothing_to_undo' : 'nothing_to_redo',
          direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.',
        );
      }
      const changes = JSON.parse(row.changes) as RowChange[];
      replayChanges(this.db, changes, direction);
      const state: HistoryState = direction === 'undo' ? 'undone' : 'done';
      prepare(this.db, 'UPDATE history SET state = ? WHERE id = ?').run(state, row.id);
      const now = nowIso();
      const verb = direction === 'undo' ? 'Undid' : 'Redid';
      prepare(
        this.db,
        "INSERT INTO history (method, summary, author, at, state, target_id, change_count) VALUES (?, ?, ?, ?, 'audit', ?, ?)",
      ).run(`history.${direction}`, `${verb}: ${row.summary}`, author, now, row.id, changes.length);
      // What the views see is the effect of the replay: for an undo, the inverse of the entry.
      const effect =
        direction === 'undo'
          ? [...changes].reverse().map((c) => ({ ...c, before: c.after, after: c.before }))
          : changes;
      return { entry: rowToHistory({ ...row, state }), changes: effect, method: row.method };
    });
    const { entry, changes } = run.immediate();
    this.emit('changed', {
      historyId: entry.id,
      method: `history.${direction}`,
      author,
      records: changedRecords(changes),
    });
    return { entry };
  }

  historyList(limit = 200): HistoryEntry[] {
    return (
      prepare(
        this.db,
        'SELECT id, method, summary, author, at, state, target_id, change_count FROM history ORDER BY id DESC LIMIT ?',
      ).all(limit) as HistoryRow[]
    ).map(rowToHistory);
  }

  // -------------------------------------------------------------------------------------------
  // Settings (not part of the undo history: undo is for the annotations, not for preferences)

  hasSetting(key: string): boolean {
    return prepare(this.db, 'SELECT 1 FROM setting WHERE id = ?').get(key) !== undefined;
  }

  settings(): Record<string, unknown> {
    const values: Record<string, unknown> = defaultSettings();
    for (const row of prepare(this.db, 'SELECT id, value FROM setting').all() as Array<{ id: string; value: string }>) {
      if (!row.id.startsWith('_')) values[row.id] = JSON.parse(row.value);
    }
    return values;
  }

  setSetting(key: string, value: unknown): Record<string, unknown> {
    if (key.startsWith('_')) throw new ApiError('invalid_params', `Setting ${key} is internal.`);
    if (key === 'analyst' && (typeof value !== 'string' || !value.trim() || value.length > 200)) {
      throw new ApiError('invalid_params', 'The analyst name must be a non-empty string of at most 200 characters.');
    }
    if (key === 'theme' && !['light', 'dark', 'system'].includes(value as string)) {
      throw new ApiError('invalid_params', 'theme must be "light", "dark" or "system".');
    }
    if (value === undefined) throw new ApiError('invalid_params', 'A setting needs a value (use null to clear it).');
    this.writeSetting(key, value);
    return this.settings();
  }

  /** Writes a setting (internal ones start with `_`), outside the undo history. */
  writeSetting(key: string, value: unknown): void {
    this.mutate(
      'settings.set',
      `Set ${key}`,
      (tx) => {
        const json = JSON.stringify(value);
        if (tx.changes.get('setting', key)) tx.changes.update('setting', key, { value: json });
        else tx.changes.insert('setting', { id: key, value: json });
      },
      { log: 'none' },
    );
  }

  private ensureDefaults(): void {
    const count = (prepare(this.db, 'SELECT count(*) AS n FROM label').get() as { n: number }).n;
    if (count > 0 || this.hasSetting('_labels_initialised')) return;
    this.mutate(
      'labels.create',
      'Default tagset',
      (tx) => {
        for (const label of DEFAULT_LABELS) tx.changes.insert('label', { ...label });
        tx.changes.insert('setting', { id: '_labels_initialised', value: 'true' });
      },
      { log: 'permanent' },
    );
  }

  // -------------------------------------------------------------------------------------------
  // Documents

  private countsByDocument(): Map<string, DocumentCounts> {
    const rows = prepare(
      this.db,
      `SELECT a.document_id AS id,
              sum(l.kind = 'claim') AS claims, sum(l.kind = 'source') AS sources,
              sum(l.kind = 'entity') AS entities, count(*) AS annotations
         FROM annotation a JOIN label l ON l.id = a.label_id
        WHERE a.status != 'rejected'
        GROUP BY a.document_id`,
    ).all() as Array<DocumentCounts & { id: string }>;
    return new Map(rows.map(({ id, ...counts }) => [id, counts]));
  }

  listDocuments(query?: string): DocumentSummary[] {
    const counts = this.countsByDocument();
    const like = query?.trim() ? `%${query.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;
    const rows = prepare(
      this.db,
      `SELECT id, title, outlet, published_at, origin, content_hash, imported_at, length(text) AS length
         FROM document
        WHERE @like IS NULL OR title LIKE @like ESCAPE '\\' OR outlet LIKE @like ESCAPE '\\'
        ORDER BY published_at IS NULL, published_at, title, id`,
    ).all({ like }) as Array<Omit<DocumentRow, 'text' | 'paragraphs' | 'metadata'> & { length: number }>;
    return rows.map((row) =>
      rowToDocumentSummary({ ...row, length: this.utf16Length(row.id, row.length) }, counts.get(row.id)),
    );
  }

  /** SQLite's length() counts characters (code points); the API counts UTF-16 code units. */
  private utf16Length(id: string, codePoints: number): number {
    const cached = this.textCache.get(id);
    if (cached !== undefined) return cached.length;
    const text = (prepare(this.db, 'SELECT text FROM document WHERE id = ?').get(id) as { text: string }).text;
    return text.length === codePoints ? codePoints : text.length;
  }

  getDocument(id: string): Document {
    const row = prepare(this.db, 'SELECT * FROM document WHERE id = ?').get(id) as DocumentRow | undefined;
    if (!row) throw new ApiError('not_found', `No document with id ${id}.`);
    return rowToDocument(row, this.countsByDocument().get(id));
  }

  /** The canonical text of a document (cached). */
  documentText(id: string): string {
    let text = this.textCache.get(id);
    if (text === undefined) {
      const row = prepare(this.db, 'SELECT text FROM document WHERE id = ?').get(id) as { text: string } | undefined;
      if (!row) throw new ApiError('not_found', `No document with id ${id}.`);
      text = row.text;
      if (this.textCache.size >= 256) this.textCache.delete(this.textCache.keys().next().value as string);
      this.textCache.set(id, text);
    }
    return text;
  }

  deleteDocument(id: string): { deleted: true } {
    const doc = this.getDocument(id);
    this.mutate('documents.delete', `Deleted document “${doc.title}”`, (tx) => {
      const annotationIds = (
        prepare(this.db, 'SELECT id FROM annotation WHERE document_id = ?').all(id) as Array<{ id: string }>
      ).map((r) => r.id);
      for (const annotationId of annotationIds) this.deleteAnnotationRows(tx, annotationId);
      for (const note of prepare(this.db, 'SELECT id FROM note WHERE target_id = ?').all(id) as Array<{ id: string }>) {
        tx.changes.delete('note', note.id);
      }
      tx.changes.delete('document', id);
    });
    this.textCache.delete(id);
    return { deleted: true };
  }

  // -------------------------------------------------------------------------------------------
  // Labels

  listLabels(): Label[] {
    return (prepare(this.db, 'SELECT * FROM label ORDER BY position, name').all() as LabelRow[]).map(rowToLabel);
  }

  getLabel(id: string): Label {
    const row = prepare(this.db, 'SELECT * FROM label WHERE id = ?').get(id) as LabelRow | undefined;
    if (!row) throw new ApiError('not_found', `No label with id ${id}.`);
    return rowToLabel(row);
  }

  private checkLabelUnique(name: string | undefined, key: string | null | undefined, exceptId?: string): void {
    if (name !== undefined) {
      const clash = prepare(this.db, 'SELECT id FROM label WHERE name = ? COLLATE NOCASE AND id != ?').get(
        name,
        exceptId ?? '',
      );
      if (clash) throw new ApiError('conflict', `A label named “${name}” already exists.`);
    }
    if (key) {
      const clash = prepare(this.db, 'SELECT name FROM label WHERE key = ? AND id != ?').get(key, exceptId ?? '') as
        { name: string } | undefined;
      if (clash) throw new ApiError('conflict', `The key “${key}” already applies the label “${clash.name}”.`);
    }
  }

  createLabel(params: ParsedParamsOf<'labels.create'>): Label {
    this.checkLabelUnique(params.name, params.key);
    const labels = this.listLabels();
    const position = labels.length ? Math.max(...labels.map((l) => l.position)) + 1 : 0;
    const base =
      params.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'label';
    const id = labels.some((l) => l.id === base) ? newId('label') : base;
    return this.mutate('labels.create', `Created label “${params.name}”`, (tx) =>
      rowToLabel(
        tx.changes.insert('label', {
          id,
          name: params.name,
          kind: params.kind,
          subtype: params.subtype ?? null,
          color: params.color ?? (LABEL_PALETTE[labels.length % LABEL_PALETTE.length] as string),
          key: params.key ?? null,
          attributes: JSON.stringify(params.attributes ?? []),
          position,
        }) as unknown as LabelRow,
      ),
    );
  }

  updateLabel(params: ParsedParamsOf<'labels.update'>): Label {
    const label = this.getLabel(params.id);
    this.checkLabelUnique(params.name, params.key, params.id);
    const patch: Row = {};
    if (params.name !== undefined) patch.name = params.name;
    if (params.subtype !== undefined) patch.subtype = params.subtype;
    if (params.color !== undefined) patch.color = params.color;
    if (params.key !== undefined) patch.key = params.key;
    if (params.attributes !== undefined) patch.attributes = JSON.stringify(params.attributes);
    if (params.position !== undefined) patch.position = params.position;
    return this.mutate('labels.update', `Changed label “${label.name}”`, (tx) =>
      rowToLabel(tx.changes.update('label', params.id, patch) as unknown as LabelRow),
    );
  }

  deleteLabel(id: string): { deleted: true } {
    const label = this.getLabel(id);
    const used = (prepare(this.db, 'SELECT count(*) AS n FROM annotation WHERE label_id = ?').get(id) as { n: number })
      .n;
    if (used > 0) {
      throw new ApiError(
        'conflict',
        `The label “${label.name}” is used by ${used} annotation(s); relabel or delete them first.`,
      );
    }
    this.mutate('labels.delete', `Deleted label “${label.name}”`, (tx) => tx.changes.delete('label', id));
    return { deleted: true };
  }

  // -------------------------------------------------------------------------------------------
  // Annotations

  getAnnotation(id: string): Annotation {
    const row = prepare(this.db, 'SELECT * FROM annotation WHERE id = ?').get(id) as AnnotationRow | undefined;
    if (!row) throw new ApiError('not_found', `No annotation with id ${id}.`);
    return rowToAnnotation(row);
  }

  listAnnotations(params: ParsedParamsOf<'annotations.list'>): Annotation[] {
    // Only the filters given go into the SQL, so that SQLite can use the matching index
    // (an `(@x IS NULL OR column = @x)` pattern would scan the whole table).
    const filters: Array<[string, string | undefined]> = [
      ['document_id', params.documentId],
      ['label_id', params.labelId],
      ['entity_id', params.entityId],
      ['claim_id', params.claimId],
      ['status', params.status],
    ];
    const where = filters.filter(([, value]) => value !== undefined);
    const sql = `SELECT * FROM annotation
      ${where.length ? 'WHERE ' + where.map(([column]) => `${column} = @${column}`).join(' AND ') : ''}
      ORDER BY document_id, start_offset, end_offset, id
      LIMIT @limit OFFSET @offset`;
    const values: Record<string, string | number> = { limit: params.limit ?? -1, offset: params.offset ?? 0 };
    for (const [column, value] of where) values[column] = value as string;
    return (prepare(this.db, sql).all(values) as AnnotationRow[]).map(rowToAnnotation);
  }

  /** Checks attribute values against a label's definitions; fills in defaults. */
  private resolveAttributes(
    label: Label,
    given: Record<string, string> | undefined,
    previous?: Record<string, string>,
  ): Record<string, string> {
    const result: Record<string, string> = {};
    const source = given ?? previous ?? {};
    for (const [name, value] of Object.entries(source)) {
      const definition = label.attributes.find((a) => a.name === name);
      if (!definition) {
        if (given) {
          throw new ApiError('invalid_params', `The label “${label.name}” has no attribute “${name}”.`, {
            field: `attributes.${name}`,
          });
        }
        continue; // carried over from another label: drop silently
      }
      if (!definition.values.includes(value)) {
        throw new ApiError(
          'invalid_params',
          `“${value}” is not a ${name} of “${label.name}”; expected one of ${definition.values.join(', ')}.`,
          { field: `attributes.${name}` },
        );
      }
      result[name] = value;
    }
    for (const definition of label.attributes) {
      if (result[definition.name] === undefined && definition.default !== undefined)
        result[definition.name] = definition.default;
    }
    return result;
  }

  private checkLinks(label: Label, entityId: string | null, claimId: string | null): void {
    if (entityId !== null) {
      if (label.kind === 'claim') {
        throw new ApiError('invalid_params', `A ${label.name} annotation links to a claim, not an entity.`, {
          field: 'entityId',
        });
      }
      if (!prepare(this.db, 'SELECT 1 FROM entity WHERE id = ?').get(entityId)) {
        throw new ApiError('not_found', `No entity with id ${entityId}.`, { field: 'entityId' });
      }
    }
    if (claimId !== null) {
      if (label.kind !== 'claim') {
        throw new ApiError(
          'invalid_params',
          `Only claim annotations link to a claim; “${label.name}” is a ${label.kind} label.`,
          {
            field: 'claimId',
          },
        );
      }
      if (!prepare(this.db, 'SELECT 1 FROM claim WHERE id = ?').get(claimId)) {
        throw new ApiError('not_found', `No claim with id ${claimId}.`, { field: 'claimId' });
      }
    }
  }

  /** Validates fragments against a document; returns them sorted and merged with quote and context. */
  anchor(documentId: string, fragments: ReadonlyArray<{ start: number; end: number }>) {
    const text = this.documentText(documentId);
    const normalized = normalizeFragments(text, fragments);
    if (normalized.problem) {
      throw new ApiError('invalid_range', describeFragmentProblem(normalized.problem, text.length), {
        field: `fragments.${normalized.problem.index}`,
      });
    }
    const frags = normalized.fragments;
    const { prefix, suffix } = contextOf(text, frags);
    return {
      fragments: frags,
      start_offset: (frags[0] as { start: number }).start,
      end_offset: (frags[frags.length - 1] as { end: number }).end,
      quote: quoteOf(text, frags),
      prefix,
      suffix,
    };
  }

  createAnnotation(params: ParsedParamsOf<'annotations.create'>): Annotation {
    const label = this.getLabel(params.labelId);
    this.documentText(params.documentId); // not_found before anything else
    const anchored = this.anchor(params.documentId, params.fragments);
    const attributes = this.resolveAttributes(label, params.attributes);
    const entityId = params.entityId ?? null;
    const claimId = params.claimId ?? null;
    this.checkLinks(label, entityId, claimId);
    return this.mutate(
      'annotations.create',
      (a: Annotation) => `Tagged “${truncate(a.quote)}” as ${label.name}`,
      (tx) =>
        rowToAnnotation(
          tx.changes.insert('annotation', {
            id: newId('ann'),
            document_id: params.documentId,
            label_id: label.id,
            start_offset: anchored.start_offset,
            end_offset: anchored.end_offset,
            fragments: encodeFragments(anchored.fragments),
            quote: anchored.quote,
            prefix: anchored.prefix,
            suffix: anchored.suffix,
            attributes: JSON.stringify(attributes),
            author: tx.author,
            status: params.status ?? 'accepted',
            note: params.note ?? '',
            entity_id: entityId,
            claim_id: claimId,
            created_at: tx.now,
            updated_at: tx.now,
          }) as unknown as AnnotationRow,
        ),
    );
  }

  updateAnnotation(params: ParsedParamsOf<'annotations.update'>): Annotation {
    const current = this.getAnnotation(params.id);
    const label = this.getLabel(params.labelId ?? current.labelId);
    const labelChanged = label.id !== current.labelId;
    const patch: Row = {};
    if (labelChanged) patch.label_id = label.id;
    if (params.fragments) {
      const anchored = this.anchor(current.documentId, params.fragments);
      Object.assign(patch, { ...anchored, fragments: encodeFragments(anchored.fragments) });
    }
    if (params.attributes !== undefined || labelChanged) {
      patch.attributes = JSON.stringify(this.resolveAttributes(label, params.attributes, current.attributes));
    }
    // A new label keeps the links it can carry and drops the others.
    let entityId = params.entityId !== undefined ? params.entityId : current.entityId;
    let claimId = params.claimId !== undefined ? params.claimId : current.claimId;
    if (labelChanged && params.entityId === undefined && label.kind === 'claim') entityId = null;
    if (labelChanged && params.claimId === undefined && label.kind !== 'claim') claimId = null;
    this.checkLinks(label, entityId, claimId);
    patch.entity_id = entityId;
    patch.claim_id = claimId;
    if (params.note !== undefined) patch.note = params.note;
    if (params.status !== undefined) patch.status = params.status;
    return this.mutate('annotations.update', `Changed “${truncate(current.quote)}”`, (tx) => {
      const before = tx.changes.changes.length;
      let row = tx.changes.update('annotation', params.id, patch);
      if (tx.changes.changes.length > before) {
        row = tx.changes.update('annotation', params.id, { updated_at: tx.now });
      }
      return rowToAnnotation(row as unknown as AnnotationRow);
    });
  }

  /** Deletes an annotation's relations, then the annotation, through the change set. */
  private deleteAnnotationRows(tx: Tx, id: string): void {
    for (const relation of prepare(this.db, 'SELECT id FROM relation WHERE from_id = @id OR to_id = @id').all({
      id,
    }) as Array<{ id: string }>) {
      tx.changes.delete('relation', relation.id);
    }
    for (const note of prepare(this.db, 'SELECT id FROM note WHERE target_id = ?').all(id) as Array<{ id: string }>) {
      tx.changes.delete('note', note.id);
    }
    tx.changes.delete('annotation', id);
  }

  deleteAnnotation(id: string): { deleted: true } {
    const annotation = this.getAnnotation(id);
    const label = this.getLabel(annotation.labelId);
    this.mutate('annotations.delete', `Deleted ${label.name} “${truncate(annotation.quote)}”`, (tx) =>
      this.deleteAnnotationRows(tx, id),
    );
    return { deleted: true };
  }

  // -------------------------------------------------------------------------------------------
  // Entities

  private entityRows(where: string, args: unknown[]): EntityRow[] {
    return prepare(
      this.db,
      `SELECT e.*, (SELECT count(*) FROM annotation a WHERE a.entity_id = e.id) AS mention_count
         FROM entity e ${where}`,
    ).all(...args) as EntityRow[];
  }

  getEntity(id: string): Entity {
    const row = this.entityRows('WHERE e.id = ?', [id])[0];
    if (!row) throw new ApiError('not_found', `No entity with id ${id}.`);
    return rowToEntity(row);
  }

  listEntities(params: ParsedParamsOf<'entities.list'>): Entity[] {
    const query = params.query?.trim().toLowerCase() ?? '';
    const like = `%${query.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const rows = this.entityRows(
      `WHERE (@type IS NULL OR e.type = @type)
         AND (@query = '' OR lower(e.name) LIKE @like ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM json_each(e.aliases) j WHERE lower(j.value) LIKE @like ESCAPE '\\'))`,
      [{ type: params.type ?? null, query, like }],
    ).map(rowToEntity);
    // Best matches first: exact name or alias, then prefix, then substring; then by mentions.
    const score = (e: Entity): number => {
      if (!query) return 0;
      const names = [e.name, ...e.aliases].map((n) => n.toLowerCase());
      if (names.includes(query)) return 0;
      if (names.some((n) => n.startsWith(query))) return 1;
      return 2;
    };
    return rows.sort(
      (a, b) =>
        score(a) - score(b) ||
        b.mentionCount - a.mentionCount ||
        a.name.localeCompare(b.name) ||
        a.id.localeCompare(b.id),
    );
  }

  createEntity(params: ParsedParamsOf<'entities.create'>): Entity {
    const aliases = cleanAliases(params.name, params.aliases ?? []);
    return this.mutate('entities.create', `Created entity “${params.name}”`, (tx) => {
      const row = tx.changes.insert('entity', {
        id: newId('ent'),
        name: params.name,
        type: params.type ?? 'other',
        aliases: JSON.stringify(aliases),
        note: params.note ?? '',
        external_id: params.externalId ?? null,
        created_at: tx.now,
        updated_at: tx.now,
      });
      return rowToEntity(row as unknown as EntityRow);
    });
  }

  updateEntity(params: ParsedParamsOf<'entities.update'>): Entity {
    const current = this.getEntity(params.id);
    const name = params.name ?? current.name;
    const patch: Row = { name };
    if (params.type !== undefined) patch.type = params.type;
    if (params.aliases !== undefined || params.name !== undefined) {
      patch.aliases = JSON.stringify(cleanAliases(name, params.aliases ?? current.aliases));
    }
    if (params.note !== undefined) patch.note = params.note;
    if (params.externalId !== undefined) patch.external_id = params.externalId;
    this.mutate('entities.update', `Changed entity “${current.name}”`, (tx) => {
      const before = tx.changes.changes.length;
      tx.changes.update('entity', params.id, patch);
      if (tx.changes.changes.length > before) tx.changes.update('entity', params.id, { updated_at: tx.now });
    });
    return this.getEntity(params.id);
  }

  mergeEntities(params: ParsedParamsOf<'entities.merge'>): Entity {
    if (params.targetId === params.sourceId)
      throw new ApiError('invalid_params', 'An entity cannot be merged into itself.');
    const target = this.getEntity(params.targetId);
    const source = this.getEntity(params.sourceId);
    this.mutate('entities.merge', `Merged entity “${source.name}” into “${target.name}”`, (tx) => {
      for (const row of prepare(this.db, 'SELECT id FROM annotation WHERE entity_id = ?').all(source.id) as Array<{
        id: string;
      }>) {
        tx.changes.update('annotation', row.id, { entity_id: target.id, updated_at: tx.now });
      }
      for (const row of prepare(this.db, 'SELECT id FROM note WHERE target_id = ?').all(source.id) as Array<{
        id: string;
      }>) {
        tx.changes.update('note', row.id, { target_id: target.id, updated_at: tx.now });
      }
      const aliases = cleanAliases(target.name, [...target.aliases, source.name, ...source.aliases]);
      tx.changes.update('entity', target.id, {
        aliases: JSON.stringify(aliases),
        note: [target.note, source.note].filter(Boolean).join('\n\n'),
        external_id: target.externalId ?? source.externalId,
        updated_at: tx.now,
      });
      tx.changes.delete('entity', source.id);
    });
    return this.getEntity(target.id);
  }

  deleteEntity(id: string): { deleted: true } {
    const entity = this.getEntity(id);
    this.mutate('entities.delete', `Deleted entity “${entity.name}”`, (tx) => {
      for (const row of prepare(this.db, 'SELECT id FROM annotation WHERE entity_id = ?').all(id) as Array<{
        id: string;
      }>) {
        tx.changes.update('annotation', row.id, { entity_id: null, updated_at: tx.now });
      }
      tx.changes.delete('entity', id);
    });
    return { deleted: true };
  }

  private mentions(column: 'entity_id' | 'claim_id', id: string): Mention[] {
    const rows = prepare(
      this.db,
      `SELECT a.*, d.title AS document_title, d.outlet AS document_outlet
         FROM annotation a JOIN document d ON d.id = a.document_id
        WHERE a.${column} = ?
        ORDER BY d.published_at IS NULL, d.published_at, d.title, a.start_offset`,
    ).all(id) as Array<AnnotationRow & { document_title: string; document_outlet: string | null }>;
    return rows.map((row) => ({
      ...rowToAnnotation(row),
      documentTitle: row.document_title,
      documentOutlet: row.document_outlet,
    }));
  }

  entityMentions(id: string): Mention[] {
    this.getEntity(id);
    return this.mentions('entity_id', id);
  }

  // -------------------------------------------------------------------------------------------
  // Claims

  private claimRows(where: string, args: unknown[]): ClaimRow[] {
    return prepare(
      this.db,
      `SELECT c.*, (SELECT count(*) FROM annotation a WHERE a.claim_id = c.id) AS mention_count FROM claim c ${where}`,
    ).all(...args) as ClaimRow[];
  }

  getClaim(id: string): Claim {
    const row = this.claimRows('WHERE c.id = ?', [id])[0];
    if (!row) throw new ApiError('not_found', `No claim with id ${id}.`);
    return rowToClaim(row);
  }

  listClaims(query?: string): Claim[] {
    const q = query?.trim().toLowerCase() ?? '';
    return this.claimRows(`WHERE @query = '' OR lower(c.summary) LIKE @like ESCAPE '\\' ORDER BY c.created_at, c.id`, [
      { query: q, like: `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%` },
    ]).map(rowToClaim);
  }

  createClaim(params: ParsedParamsOf<'claims.create'>): Claim {
    return this.mutate('claims.create', `Created claim “${truncate(params.summary)}”`, (tx) =>
      rowToClaim(
        tx.changes.insert('claim', {
          id: newId('clm'),
          summary: params.summary,
          note: params.note ?? '',
          created_at: tx.now,
          updated_at: tx.now,
        }) as unknown as ClaimRow,
      ),
    );
  }

  updateClaim(params: ParsedParamsOf<'claims.update'>): Claim {
    const current = this.getClaim(params.id);
    const patch: Row = {};
    if (params.summary !== undefined) patch.summary = params.summary;
    if (params.note !== undefined) patch.note = params.note;
    this.mutate('claims.update', `Changed claim “${truncate(current.summary)}”`, (tx) => {
      const before = tx.changes.changes.length;
      tx.changes.update('claim', params.id, patch);
      if (tx.changes.changes.length > before) tx.changes.update('claim', params.id, { updated_at: tx.now });
    });
    return this.getClaim(params.id);
  }

  mergeClaims(params: ParsedParamsOf<'claims.merge'>): Claim {
    if (params.targetId === params.sourceId)
      throw new ApiError('invalid_params', 'A claim cannot be merged into itself.');
    const target = this.getClaim(params.targetId);
    const source = this.getClaim(params.sourceId);
    this.mutate(
      'claims.merge',
      `Merged claim “${truncate(source.summary)}” into “${truncate(target.summary)}”`,
      (tx) => {
        for (const row of prepare(this.db, 'SELECT id FROM annotation WHERE claim_id = ?').all(source.id) as Array<{
          id: string;
        }>) {
          tx.changes.update('annotation', row.id, { claim_id: target.id, updated_at: tx.now });
        }
        for (const row of prepare(this.db, 'SELECT id FROM note WHERE target_id = ?').all(source.id) as Array<{
          id: string;
        }>) {
          tx.changes.update('note', row.id, { target_id: target.id, updated_at: tx.now });
        }
        tx.changes.update('claim', target.id, {
          note: [target.note, source.note].filter(Boolean).join('\n\n'),
          updated_at: tx.now,
        });
        tx.changes.delete('claim', source.id);
      },
    );
    return this.getClaim(target.id);
  }

  deleteClaim(id: string): { deleted: true } {
    const claim = this.getClaim(id);
    this.mutate('claims.delete', `Deleted claim “${truncate(claim.summary)}”`, (tx) => {
      for (const row of prepare(this.db, 'SELECT id FROM annotation WHERE claim_id = ?').all(id) as Array<{
        id: string;
      }>) {
        tx.changes.update('annotation', row.id, { claim_id: null, updated_at: tx.now });
      }
      tx.changes.delete('claim', id);
    });
    return { deleted: true };
  }

  claimMentions(id: string): Mention[] {
    this.getClaim(id);
    return this.mentions('claim_id', id);
  }

  // -------------------------------------------------------------------------------------------
  // Relations

  createRelation(params: ParsedParamsOf<'relations.create'>): Relation {
    if (params.fromId === params.toId)
      throw new ApiError('invalid_params', 'A relation needs two different annotations.');
    const from = this.getAnnotation(params.fromId);
    const to = this.getAnnotation(params.toId);
    const clash = prepare(this.db, 'SELECT id FROM relation WHERE from_id = ? AND to_id = ? AND type = ?').get(
      from.id,
      to.id,
      params.type,
    );
    if (clash) throw new ApiError('conflict', `These annotations are already linked by ${params.type}.`);
    return this.mutate(
      'relations.create',
      `Linked “${truncate(from.quote)}” ${params.type.replace(/_/g, ' ')} “${truncate(to.quote)}”`,
      (tx) =>
        rowToRelation(
          tx.changes.insert('relation', {
            id: newId('rel'),
            from_id: from.id,
            to_id: to.id,
            type: params.type,
            note: params.note ?? '',
            author: tx.author,
            created_at: tx.now,
          }) as unknown as RelationRow,
        ),
    );
  }

  deleteRelation(id: string): { deleted: true } {
    const row = prepare(this.db, 'SELECT * FROM relation WHERE id = ?').get(id) as RelationRow | undefined;
    if (!row) throw new ApiError('not_found', `No relation with id ${id}.`);
    this.mutate('relations.delete', `Removed ${row.type.replace(/_/g, ' ')} link`, (tx) =>
      tx.changes.delete('relation', id),
    );
    return { deleted: true };
  }

  listRelations(params: ParsedParamsOf<'relations.list'>): Relation[] {
    const clauses: string[] = [];
    if (params.annotationId !== undefined) clauses.push('(r.from_id = @annotationId OR r.to_id = @annotationId)');
    if (params.type !== undefined) clauses.push('r.type = @type');
    if (params.documentId !== undefined) {
      clauses.push(`(r.from_id IN (SELECT id FROM annotation WHERE document_id = @documentId)
               OR r.to_id IN (SELECT id FROM annotation WHERE document_id = @documentId))`);
    }
    const sql = `SELECT r.* FROM relation r ${clauses.length ? 'WHERE ' + clauses.join(' AND ') : ''}
      ORDER BY r.created_at, r.id`;
    const values: Record<string, string> = {};
    if (params.annotationId !== undefined) values.annotationId = params.annotationId;
    if (params.type !== undefined) values.type = params.type;
    if (params.documentId !== undefined) values.documentId = params.documentId;
    return (prepare(this.db, sql).all(values) as RelationRow[]).map(rowToRelation);
  }

  // -------------------------------------------------------------------------------------------
  // Notes

  listNotes(targetId?: string | null): Note[] {
    const rows = (
      targetId === undefined
        ? prepare(this.db, 'SELECT * FROM note ORDER BY created_at, id').all()
        : prepare(this.db, 'SELECT * FROM note WHERE target_id IS ? ORDER BY created_at, id').all(targetId)
    ) as NoteRow[];
    return rows.map(rowToNote);
  }

  createNote(params: ParsedParamsOf<'notes.create'>): Note {
    return this.mutate('notes.create', 'Added a note', (tx) =>
      rowToNote(
        tx.changes.insert('note', {
          id: newId('note'),
          target_id: params.targetId ?? null,
          body: params.body,
          author: tx.author,
          created_at: tx.now,
          updated_at: tx.now,
        }) as unknown as NoteRow,
      ),
    );
  }

  updateNote(params: ParsedParamsOf<'notes.update'>): Note {
    if (!prepare(this.db, 'SELECT 1 FROM note WHERE id = ?').get(params.id))
      throw new ApiError('not_found', `No note with id ${params.id}.`);
    return this.mutate('notes.update', 'Changed a note', (tx) =>
      rowToNote(tx.changes.update('note', params.id, { body: params.body, updated_at: tx.now }) as unknown as NoteRow),
    );
  }

  deleteNote(id: string): { deleted: true } {
    if (!prepare(this.db, 'SELECT 1 FROM note WHERE id = ?').get(id))
      throw new ApiError('not_found', `No note with id ${id}.`);
    this.mutate('notes.delete', 'Deleted a note', (tx) => tx.changes.delete('note', id));
    return { deleted: true };
  }

  // -------------------------------------------------------------------------------------------
  // Search and stats

  search(params: ParsedParamsOf<'search.query'>): SearchHit[] {
    return searchCorpus(this.db, params.query, {
      ...(params.limit !== undefined ? { limit: params.limit } : {}),
      ...(params.documentIds !== undefined ? { documentIds: params.documentIds } : {}),
    });
  }

  stats(): WorkspaceStats {
    const count = (table: string): number =>
      (prepare(this.db, `SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const byLabel = prepare(
      this.db,
      `SELECT l.id AS labelId, l.name, count(a.id) AS count
         FROM label l LEFT JOIN annotation a ON a.label_id = l.id
        GROUP BY l.id ORDER BY l.position, l.name`,
    ).all() as WorkspaceStats['byLabel'];
    return {
      path: this.path,
      schemaVersion: schemaVersion(this.db),
      appVersion: APP_VERSION,
      analyst: this.analyst,
      documents: count('document'),
      annotations: count('annotation'),
      entities: count('entity'),
      claims: count('claim'),
      relations: count('relation'),
      labels: count('label'),
      historyEntries: count('history'),
      byLabel,
    };
  }

  /** Bytes of the workspace file on disk (0 for in-memory workspaces). */
  fileSize(): number {
    try {
      return fs.statSync(this.path).size;
    } catch {
      return 0;
    }
  }
}

interface HistoryRow {
  id: number;
  method: string;
  summary: string;
  author: string;
  at: string;
  state: HistoryState;
  target_id: number | null;
  changes: string;
  change_count: number;
}

function rowToHistory(row: Omit<HistoryRow, 'changes'> & { changes?: string }): HistoryEntry {
  return {
    id: row.id,
    method: row.method,
    summary: row.summary,
    author: row.author,
    at: row.at,
    state: row.state,
    targetId: row.target_id,
    changeCount: row.change_count,
  };
}

/** What a list of row changes means for the views: one record per touched row. */
export function changedRecords(changes: readonly RowChange[]): ChangedRecord[] {
  const byKey = new Map<string, ChangedRecord>();
  for (const change of changes) {
    const key = `${change.t}:${change.id}`;
    const kind: ChangedRecord['change'] =
      change.before === null ? 'created' : change.after === null ? 'deleted' : 'updated';
    const documentIds = new Set<string>();
    for (const image of [change.before, change.after]) {
      if (image && change.t === 'annotation') documentIds.add(String(image.document_id));
      if (image && change.t === 'document') documentIds.add(String(image.id));
    }
    const existing = byKey.get(key);
    if (existing) {
      if (existing.change === 'created' && kind === 'deleted') byKey.delete(key);
      else if (existing.change !== 'created') existing.change = kind;
      for (const id of documentIds) if (!existing.documentIds?.includes(id)) existing.documentIds?.push(id);
      continue;
    }
    byKey.set(key, {
      kind: KIND_OF_TABLE[change.t],
      id: change.id,
      change: kind,
      ...(documentIds.size ? { documentIds: [...documentIds] } : {}),
    });
  }
  return [...byKey.values()];
}

function truncate(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
