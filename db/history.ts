/**
 * The history log: every mutation's row changes with before- and after-images. Undo replays an
 * entry's before-images, redo its after-images, each checked against the current rows (a
 * mismatch is a `conflict`, never an overwrite). Undo and redo are themselves logged as audit
 * entries naming who undid what. Permanent entries (seed and dataset imports) are barriers undo
 * does not cross.
 *
 * Every entry records who made it (the analyst), in which running program (the session: one per
 * desktop app, browser host or command-line invocation) and where it acts (documents,
 * annotations). Undo and redo are per analyst and session: `undo()` takes back the newest entry
 * the current analyst did (or redid) in this session, `redo()` the newest one they undid. When
 * they have none but someone else has, the refusal names that entry, whose it is and where it
 * acts; acting on it takes an explicit choice (`{entryId}`).
 */
import {
  HISTORY_WHERE_LIMIT,
  SESSION_KINDS,
  type ChangedRecord,
  type HistoryEntry,
  type HistoryState,
  type HistoryWhere,
  type SessionKind,
} from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { describeChange, sessionLabel, whoseChange, type NotOwnDetails } from '../common/history.js';
import { changedRecords, replayChanges, type Row, type RowChange } from './changes.js';
import { prepare, type Db } from './connection.js';
import { newId, nowIso } from './ids.js';
import { truncate } from './summaries.js';
import type { Workspace } from './workspace.js';

/** One running program writing to the workspace (see {@link SessionKind}). */
export interface Session {
  id: string;
  kind: SessionKind;
  startedAt: string;
}

/** A new session: one per running program (a host process, a command-line invocation). */
export function createSession(kind: SessionKind = 'program'): Session {
  return { id: newId('ses'), kind, startedAt: nowIso() };
}

// ---------------------------------------------------------------------------------------------
// Writing entries

/** One entry to append to the log. */
export interface NewEntry {
  method: string;
  summary: string;
  author: string;
  at: string;
  state: HistoryState;
  targetId?: number;
  /** JSON of the row changes (`[]` when none are kept). */
  changes?: string;
  changeCount: number;
  where: HistoryWhere;
}

/**
 * Appends one entry, made by its author in `session`, inside the caller's transaction; the
 * author is its actor (on their undo stack when `done`). Returns its id, its sequence number.
 */
export function appendEntry(db: Db, session: Session, entry: NewEntry): number {
  prepare(db, 'INSERT OR IGNORE INTO session (id, kind, started_at) VALUES (?, ?, ?)').run(
    session.id,
    session.kind,
    session.startedAt,
  );
  const id = Number(
    prepare(
      db,
      `INSERT INTO history (method, summary, author, at, state, target_id, changes, change_count,
         session_id, scope, actor, actor_session_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.method,
      entry.summary,
      entry.author,
      entry.at,
      entry.state,
      entry.targetId ?? null,
      entry.changes ?? '[]',
      entry.changeCount,
      session.id,
      JSON.stringify(entry.where),
      entry.author,
      session.id,
    ).lastInsertRowid,
  );
  prepare(db, 'UPDATE history SET acted_seq = id WHERE id = ?').run(id);
  return id;
}

/**
 * A new change by `analyst` in `session` makes what they undid unreachable: those entries can
 * no longer be redone. Others' undone entries stay on their redo stacks.
 */
export function discardRedoStack(db: Db, session: Session, analyst: string): void {
  prepare(
    db,
    "UPDATE history SET state = 'discarded' WHERE actor_session_id = ? AND actor = ? AND state = 'undone'",
  ).run(session.id, analyst);
}

/** After a permanent bulk write nothing before it can be redone, whoever undid it. */
export function discardAllRedoStacks(db: Db): void {
  prepare(db, "UPDATE history SET state = 'discarded' WHERE state = 'undone'").run();
}

// ---------------------------------------------------------------------------------------------
// Where an entry acts

/** Collects the documents and annotations an entry touches, in the order first met. */
class WhereBuilder {
  /** Document id → its title when known from a row image. */
  private readonly documents = new Map<string, string | null>();
  /** Annotation id → its row image, when known. */
  private readonly annotations = new Map<string, Row | null>();
  private readonly annotationImages = new Map<string, Row>();
  private readonly documentTitles = new Map<string, string>();

  constructor(private readonly db: Db) {}

  /** Remembers the row images of a change list, so that deleted rows can still be named. */
  images(changes: readonly RowChange[]): this {
    for (const change of changes) {
      const image = change.after ?? change.before;
      if (!image) continue;
      if (change.t === 'annotation') this.annotationImages.set(change.id, image);
      if (change.t === 'document') this.documentTitles.set(change.id, String(image.title));
    }
    return this;
  }

  document(id: string): void {
    if (id && !this.documents.has(id)) this.documents.set(id, this.documentTitles.get(id) ?? null);
  }

  annotation(id: string): void {
    if (!id || this.annotations.has(id)) return;
    const image = this.annotationImages.get(id) ?? this.lookupAnnotation(id);
    this.annotations.set(id, image);
    if (image) this.document(String(image.document_id));
  }

  /** A note's target: an annotation, a document, or a record that has no place in a text. */
  target(id: string): void {
    if (this.annotationImages.has(id) || this.lookupAnnotation(id)) this.annotation(id);
    else if (this.documentTitles.has(id) || prepare(this.db, 'SELECT 1 FROM document WHERE id = ?').get(id)) {
      this.document(id);
    }
  }

  fromChanges(changes: readonly RowChange[]): this {
    this.images(changes);
    for (const change of changes) {
      const image = change.after ?? change.before;
      if (!image) continue;
      if (change.t === 'document') this.document(change.id);
      else if (change.t === 'annotation') this.annotation(change.id);
      else if (change.t === 'relation') {
        this.annotation(String(image.from_id));
        this.annotation(String(image.to_id));
      } else if (change.t === 'note' && typeof image.target_id === 'string') this.target(image.target_id);
    }
    return this;
  }

  fromRecords(records: readonly ChangedRecord[]): this {
    for (const record of records) {
      if (record.kind === 'document') this.document(record.id);
      if (record.kind === 'annotation') this.annotation(record.id);
      for (const id of record.documentIds ?? []) this.document(id);
    }
    return this;
  }

  build(): HistoryWhere {
    const documents = [...this.documents].slice(0, HISTORY_WHERE_LIMIT).map(([id, title]) => ({
      id,
      title:
        title ??
        (prepare(this.db, 'SELECT title FROM document WHERE id = ?').get(id) as { title: string } | undefined)?.title ??
        '',
    }));
    const annotations = [...this.annotations]
      .filter((entry): entry is [string, Row] => entry[1] !== null)
      .slice(0, HISTORY_WHERE_LIMIT)
      .map(([id, image]) => ({ id, documentId: String(image.document_id), quote: truncate(String(image.quote)) }));
    return {
      documents,
      documentCount: this.documents.size,
      annotations,
      annotationCount: [...this.annotations.values()].filter((image) => image !== null).length,
    };
  }

  private lookupAnnotation(id: string): Row | null {
    return (
      (prepare(this.db, 'SELECT document_id, quote FROM annotation WHERE id = ?').get(id) as Row | undefined) ?? null
    );
  }
}

/** Where a list of row changes acts (row images first, then the current rows). */
export function whereOfChanges(db: Db, changes: readonly RowChange[]): HistoryWhere {
  return new WhereBuilder(db).fromChanges(changes).build();
}

/** Where a bulk write acts, from the records it reports (no row images were kept). */
export function whereOfRecords(db: Db, records: readonly ChangedRecord[]): HistoryWhere {
  return new WhereBuilder(db).fromRecords(records).build();
}

// ---------------------------------------------------------------------------------------------
// Reading entries

interface EntryRow {
  id: number;
  method: string;
  summary: string;
  author: string;
  at: string;
  state: HistoryState;
  target_id: number | null;
  change_count: number;
  session_id: string | null;
  session_kind: string | null;
  actor: string | null;
  actor_session_id: string | null;
  actor_kind: string | null;
  acted_seq: number;
  scope: string | null;
  /** Only for entries written before scopes were recorded: the changes to compute it from. */
  old_changes: string | null;
}

/** The entry columns, with the sessions' kinds and (for an audit entry) its target's scope. */
const ENTRY_SELECT = `
  SELECT h.id, h.method, h.summary, h.author, h.at, h.state, h.target_id, h.change_count,
    h.session_id, s.kind AS session_kind, h.actor, h.actor_session_id, a.kind AS actor_kind, h.acted_seq,
    coalesce(h.scope, t.scope) AS scope,
    CASE WHEN h.scope IS NULL AND t.scope IS NULL THEN coalesce(t.changes, h.changes) END AS old_changes
  FROM history h
  LEFT JOIN session s ON s.id = h.session_id
  LEFT JOIN session a ON a.id = h.actor_session_id
  LEFT JOIN history t ON t.id = h.target_id`;

/** Whose view a list is read from: the current analyst in this session. */
interface Viewer {
  analyst: string;
  sessionId: string;
}

function viewerOf(ws: Workspace): Viewer {
  return { analyst: ws.analyst, sessionId: ws.session.id };
}

function sessionKind(kind: string | null): SessionKind | null {
  return (SESSION_KINDS as readonly string[]).includes(kind ?? '') ? (kind as SessionKind) : null;
}

function whereOfRow(db: Db, row: EntryRow): HistoryWhere {
  if (row.scope !== null) return JSON.parse(row.scope) as HistoryWhere;
  return whereOfChanges(db, JSON.parse(row.old_changes ?? '[]') as RowChange[]);
}

function toEntry(db: Db, row: EntryRow, viewer: Viewer): HistoryEntry {
  const kind = sessionKind(row.session_kind);
  return {
    id: row.id,
    method: row.method,
    summary: row.summary,
    author: row.author,
    at: row.at,
    state: row.state,
    targetId: row.target_id,
    changeCount: row.change_count,
    session: {
      id: row.session_id,
      kind,
      label: sessionLabel(kind),
      current: row.session_id !== null && row.session_id === viewer.sessionId,
    },
    own:
      (row.state === 'done' || row.state === 'undone') &&
      row.actor === viewer.analyst &&
      row.actor_session_id !== null &&
      row.actor_session_id === viewer.sessionId,
    where: whereOfRow(db, row),
  };
}

function readEntry(db: Db, id: number): EntryRow | undefined {
  return prepare(db, `${ENTRY_SELECT} WHERE h.id = ?`).get(id) as EntryRow | undefined;
}

/** The latest entries, newest first, as the current analyst in this session sees them. */
export function listHistory(ws: Workspace, limit = 200): HistoryEntry[] {
  const viewer = viewerOf(ws);
  return (prepare(ws.db, `${ENTRY_SELECT} ORDER BY h.id DESC LIMIT ?`).all(limit) as EntryRow[]).map((row) =>
    toEntry(ws.db, row, viewer),
  );
}

/** What an undo or redo acted on, for its `changed` event: the entry, whose it is, where it acts. */
export function historyTarget(
  db: Db,
  id: number,
): { id: number; summary: string; author: string; where: HistoryWhere } {
  const row = readEntry(db, id);
  if (!row) return { id, summary: '', author: '', where: whereOfChanges(db, []) };
  return { id, summary: row.summary, author: row.author, where: whereOfRow(db, row) };
}

// ---------------------------------------------------------------------------------------------
// Undo and redo

/** Which entry to act on: by default the caller's own latest; `entryId` names one explicitly. */
export interface HistoryChoice {
  entryId?: number | undefined;
}

/**
 * Undoes the current analyst's latest change in this session, or exactly the entry `entryId`
 * names (anyone's, when its rows are as it left them).
 * @throws ApiError `nothing_to_undo`; `conflict` when the latest change is someone else's
 *   (details: {@link NotOwnDetails}), or the rows changed since; `not_found` for an unknown entryId
 */
export function undo(ws: Workspace, choice: HistoryChoice = {}): { entry: HistoryEntry } {
  return replay(ws, 'undo', choice.entryId);
}

/**
 * Redoes what the current analyst last undid in this session, or exactly the entry `entryId`
 * names. @throws ApiError like {@link undo}, with `nothing_to_redo`
 */
export function redo(ws: Workspace, choice: HistoryChoice = {}): { entry: HistoryEntry } {
  return replay(ws, 'redo', choice.entryId);
}

type Direction = 'undo' | 'redo';

/** The state an entry must be in to be undone (redone). */
const ACTS_ON: Record<Direction, HistoryState> = { undo: 'done', redo: 'undone' };

function replay(ws: Workspace, direction: Direction, entryId: number | undefined): { entry: HistoryEntry } {
  const viewer = viewerOf(ws);
  const db = ws.db;
  const run = db.transaction(() => {
    const barrier =
      (prepare(db, "SELECT max(id) AS id FROM history WHERE state = 'permanent'").get() as { id: number | null }).id ??
      0;
    const row =
      entryId === undefined ? ownLatest(db, direction, barrier, viewer) : chosenEntry(db, direction, entryId, barrier);
    const changes = JSON.parse(
      (prepare(db, 'SELECT changes FROM history WHERE id = ?').get(row.id) as { changes: string }).changes,
    ) as RowChange[];
    replayChanges(db, changes, direction);
    const where = whereOfRow(db, row);
    const auditId = appendEntry(db, ws.session, {
      method: `history.${direction}`,
      summary: `${direction === 'undo' ? 'Undid' : 'Redid'}: ${row.summary}`,
      author: viewer.analyst,
      at: nowIso(),
      state: 'audit',
      targetId: row.id,
      changeCount: changes.length,
      where,
    });
    // The entry moves to the caller's other stack: what they undid, they can redo, and back.
    prepare(db, 'UPDATE history SET state = ?, actor = ?, actor_session_id = ?, acted_seq = ? WHERE id = ?').run(
      direction === 'undo' ? 'undone' : 'done',
      viewer.analyst,
      viewer.sessionId,
      auditId,
      row.id,
    );
    // What the views see is the effect of the replay: for an undo, the inverse of the entry.
    const effect =
      direction === 'undo' ? [...changes].reverse().map((c) => ({ ...c, before: c.after, after: c.before })) : changes;
    const entry = toEntry(db, readEntry(db, row.id) as EntryRow, viewer);
    return { entry, effect, auditId };
  });
  const { entry, effect, auditId } = run.immediate();
  // The event carries the audit entry's id: each committed change has a sequence number of its own.
  ws.emit('changed', {
    historyId: auditId,
    method: `history.${direction}`,
    author: viewer.analyst,
    records: changedRecords(effect),
    target: { id: entry.id, summary: entry.summary, author: entry.author, where: entry.where },
  });
  return { entry };
}

/**
 * The newest entry on the caller's own stack; when there is none, refuses: with `conflict`
 * naming the newest entry someone else could act on (for redo: their undo, if nothing was done
 * since), or `nothing_to_undo` / `nothing_to_redo`.
 */
function ownLatest(db: Db, direction: Direction, barrier: number, viewer: Viewer): EntryRow {
  const state = ACTS_ON[direction];
  const own = prepare(
    db,
    'SELECT id FROM history WHERE actor_session_id = ? AND actor = ? AND state = ? AND id > ? ORDER BY acted_seq DESC LIMIT 1',
  ).get(viewer.sessionId, viewer.analyst, state, barrier) as { id: number } | undefined;
  if (own) return readEntry(db, own.id) as EntryRow;
  const latest = prepare(db, 'SELECT id FROM history WHERE state = ? AND id > ? ORDER BY acted_seq DESC LIMIT 1').get(
    state,
    barrier,
  ) as { id: number } | undefined;
  const row = latest ? (readEntry(db, latest.id) as EntryRow) : undefined;
  // Someone's undo is offered for redo only while it is the newest thing that happened.
  const superseded =
    row !== undefined &&
    direction === 'redo' &&
    prepare(db, "SELECT 1 FROM history WHERE state = 'done' AND acted_seq > ? LIMIT 1").get(row.acted_seq) !==
      undefined;
  if (row && !superseded) throw notOwn(db, row, direction, viewer);
  throw new ApiError(
    direction === 'undo' ? 'nothing_to_undo' : 'nothing_to_redo',
    direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.',
  );
}

/** The refusal to act on someone else's latest change without an explicit choice. */
function notOwn(db: Db, row: EntryRow, direction: Direction, viewer: Viewer): ApiError {
  const kind = sessionKind(row.actor_kind);
  const label = row.actor_session_id === viewer.sessionId ? `this ${sessionLabel(kind)}` : sessionLabel(kind);
  const analyst = row.actor ?? row.author;
  const yours = analyst === viewer.analyst;
  const where = whereOfRow(db, row);
  const what = describeChange({ summary: row.summary, where });
  const details: NotOwnDetails = {
    reason: 'not_own',
    entryId: row.id,
    direction,
    analyst,
    yours,
    session: { kind, label },
    summary: row.summary,
    where,
  };
  const message =
    direction === 'undo'
      ? `Nothing of yours to undo in this session. The latest change is ${whoseChange({ analyst, yours, sessionLabel: label })}: ${what}. To undo it anyway, call history.undo with {"entryId": ${row.id}}.`
      : `Nothing of yours to redo in this session. The latest undo was made by ${yours ? 'you in another session' : analyst} (${label}): ${what}. To redo it anyway, call history.redo with {"entryId": ${row.id}}.`;
  return new ApiError('conflict', message, details as unknown as Record<string, unknown>);
}

/** The entry an explicit choice names, if it can be undone (redone) now. */
function chosenEntry(db: Db, direction: Direction, entryId: number, barrier: number): EntryRow {
  const row = readEntry(db, entryId);
  if (!row) throw new ApiError('not_found', `There is no history entry ${entryId}.`);
  const name = `Entry ${entryId} (“${truncate(row.summary)}”)`;
  if (row.state !== ACTS_ON[direction]) {
    const why: Record<HistoryState, string> = {
      done: 'is not undone, so there is nothing to redo',
      undone: 'is undone already',
      discarded: 'was undone and then superseded by a newer change; it can no longer be redone',
      permanent: 'cannot be undone: imports of datasets and of the seed corpus, and the default labels, are permanent',
      audit: `is itself an undo or redo; to reverse it, ${direction === 'undo' ? 'redo or undo' : 'undo or redo'} entry ${row.target_id ?? '?'}`,
    };
    throw new ApiError('conflict', `${name} ${why[row.state]}.`, { entryId, state: row.state });
  }
  if (row.id <= barrier) {
    throw new ApiError(
      'conflict',
      `${name} came before entry ${barrier}, which cannot be undone; ${direction} does not go past it.`,
      { entryId, barrier },
    );
  }
  return row;
}
