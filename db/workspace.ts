/**
 * The workspace kernel: one open SQLite file, the one way to change it (`mutate`: a synchronous
 * transaction whose row changes become one history entry) and the events that tell every
 * listener what changed once it committed. What the workspace holds is read and written by the
 * concept files beside this one (documents, labels, annotations, entities, claims, relations,
 * notes, history, settings, search, stats), free functions taking the workspace first.
 *
 * Opening creates and migrates the file; what a new workspace starts with (default tagset, seed
 * corpus) is the opener's decision (host/open-workspace.ts).
 */
import type { ChangedRecord } from '../common/domain.js';
import type { EventMessage, Events } from '../common/contract.js';
import { ApiError } from '../common/errors.js';
import { ChangeSet, changedRecords } from './changes.js';
import { closeDatabase, openDatabase, prepare, type Db } from './connection.js';
import { nowIso } from './ids.js';
import { defaultSettings } from './defaults.js';
import {
  appendEntry,
  createSession,
  discardAllRedoStacks,
  discardRedoStack,
  whereOfChanges,
  whereOfRecords,
  type Session,
} from './history.js';

export { createSession, type Session } from './history.js';

export interface WorkspaceOptions {
  /** Path of the workspace file (created if missing), or ':memory:'. */
  path: string;
  /** better-sqlite3 binding built for another runtime (Electron). */
  nativeBinding?: string;
  /**
   * The running program this connection writes for, recorded on every history entry; undo and
   * redo act on the current analyst's entries of this session. A host passes one session to
   * all its connections (main and task workers); by default, one per thread.
   */
  session?: Session;
}

/** The session of connections opened without one: one per thread (module instance). */
let threadSession: Session | null = null;

export type EventListener = (message: EventMessage) => void;

export interface MutateOptions {
  /** 'done' (undoable, the default), 'permanent' (logged, never undone) or 'none' (not logged). */
  log?: 'done' | 'permanent' | 'none';
}

/** A mutation's context: the change set to write through, and the current analyst. */
export interface Tx {
  changes: ChangeSet;
  author: string;
  now: string;
}

/**
 * How much document text the kernel keeps in memory (documents never change in place), counted
 * as two bytes per UTF-16 unit: a corpus of 10,000 news articles (about 40 MB) stays whole, so
 * that a corpus search reads no text from SQLite after the first; the least recently read text
 * goes first.
 */
export const TEXT_CACHE_BYTES = 128 * 2 ** 20;

export class Workspace {
  readonly db: Db;
  readonly path: string;
  /** The better-sqlite3 binding this workspace was opened with, for extra connections (readers). */
  readonly nativeBinding: string | undefined;
  /** The running program this connection writes for (see {@link WorkspaceOptions.session}). */
  readonly session: Session;
  private readonly listeners = new Set<EventListener>();
  /** Document id → text, least recently read first. */
  private readonly textCache = new Map<string, string>();
  private textCacheBytes = 0;

  private constructor(db: Db, path: string, session: Session, nativeBinding?: string) {
    this.db = db;
    this.path = path;
    this.session = session;
    this.nativeBinding = nativeBinding;
  }

  /**
   * Opens a workspace file, creating and migrating it when needed. What a new workspace starts
   * with (the default tagset, the seed corpus) is written by the opener: host/open-workspace.ts.
   * @throws ApiError `incompatible_workspace` when the file is not ours or is from the future.
   */
  static open(options: WorkspaceOptions): Workspace {
    const db = openDatabase(options.path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    const session = options.session ?? (threadSession ??= createSession('program'));
    return new Workspace(db, options.path, session, options.nativeBinding);
  }

  close(): void {
    this.listeners.clear();
    closeDatabase(this.db);
  }

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

  /** The current analyst, author of every change: the `analyst` setting, by default the OS user. */
  get analyst(): string {
    const row = prepare(this.db, "SELECT value FROM setting WHERE id = 'analyst'").get() as
      { value: string } | undefined;
    const value: unknown = row ? JSON.parse(row.value) : defaultSettings().analyst;
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
        if (log === 'done') discardRedoStack(this.db, this.session, author);
        historyId = appendEntry(this.db, this.session, {
          method,
          summary: typeof summary === 'string' ? summary : summary(result),
          author,
          at: tx.now,
          state: log,
          changes: log === 'done' ? JSON.stringify(changes) : '[]',
          changeCount: changes.length,
          where: whereOfChanges(this.db, changes),
        });
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
      const historyId = appendEntry(this.db, this.session, {
        method,
        summary,
        author,
        at: nowIso(),
        state: 'permanent',
        changeCount: out.records.length,
        where: whereOfRecords(this.db, out.records),
      });
      discardAllRedoStacks(this.db);
      return { ...out, historyId };
    });
    const { result, records, historyId } = run.immediate();
    this.emit('changed', { historyId, method, author, records });
    return result;
  }

  /**
   * The canonical text of a document. Texts never change in place (a re-import makes a new
   * document), so the cache never goes stale; deleting a document forgets its entry.
   * @throws ApiError `not_found`
   */
  documentText(id: string): string {
    let text = this.cachedText(id);
    if (text === undefined) {
      const row = prepare(this.db, 'SELECT text FROM document WHERE id = ?').get(id) as { text: string } | undefined;
      if (!row) throw new ApiError('not_found', `No document with id ${id}.`);
      text = row.text;
      this.cacheText(id, text);
    }
    return text;
  }

  /** The cached text of a document, if it is cached (no query). */
  cachedText(id: string): string | undefined {
    const text = this.textCache.get(id);
    if (text !== undefined) {
      // Most recently read last: the Map keeps insertion order.
      this.textCache.delete(id);
      this.textCache.set(id, text);
    }
    return text;
  }

  /** Keeps `text` as the text of document `id`, forgetting the least recently read ones past {@link TEXT_CACHE_BYTES}. */
  cacheText(id: string, text: string): void {
    this.forgetText(id);
    if (2 * text.length > TEXT_CACHE_BYTES) return;
    this.textCache.set(id, text);
    this.textCacheBytes += 2 * text.length;
    for (const [oldest, old] of this.textCache) {
      if (this.textCacheBytes <= TEXT_CACHE_BYTES) break;
      this.textCache.delete(oldest);
      this.textCacheBytes -= 2 * old.length;
    }
  }

  /**
   * How long one write waits for another connection's write lock before SQLite gives up with
   * SQLITE_BUSY (5 s by default). The workspace worker sets it short and retries between other
   * requests instead, so that reads are never stuck behind a waiting write.
   */
  setBusyTimeout(ms: number): void {
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
  }

  /** Forgets a deleted document's text. */
  forgetText(id: string): void {
    const text = this.textCache.get(id);
    if (text === undefined) return;
    this.textCache.delete(id);
    this.textCacheBytes -= 2 * text.length;
  }
}
