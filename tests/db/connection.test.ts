/**
 * Opening workspace files: pragmas, migrations (a file of an earlier schema upgraded, its history
 * still undoable), and refusing files that are not ours or are from a newer version, without
 * touching them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../common/errors.js';
import { APPLICATION_ID, openDatabase } from '../../db/connection.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../db/migrations/index.js';
import { tempDir } from '../helpers.js';
import { listDocuments } from '../../db/documents.js';
import { redo, undo } from '../../db/history.js';
import { listRelations } from '../../db/relations.js';
import { workspaceStats } from '../../db/stats.js';
import { openWorkspace } from '../../host/open-workspace.js';

const dirs: string[] = [];
function scratch(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function digest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function expectRefused(file: string, pattern: RegExp): void {
  const before = digest(file);
  const siblings = fs.readdirSync(path.dirname(file));
  let error: unknown;
  try {
    openWorkspace({ path: file });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe('incompatible_workspace');
  expect((error as ApiError).message).toMatch(pattern);
  expect(digest(file)).toBe(before);
  // No -wal / -shm files were left behind either.
  expect(fs.readdirSync(path.dirname(file))).toEqual(siblings);
}

describe('openDatabase', () => {
  it('sets WAL, synchronous FULL, foreign keys, and the schema version', () => {
    const file = path.join(scratch(), 'w.triangulate');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  it('makes every domain table STRICT', () => {
    const db = openDatabase(':memory:');
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'document_fts%'")
      .all() as Array<{ name: string; sql: string }>;
    expect(tables.length).toBeGreaterThanOrEqual(9);
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT\s*$/);
    db.close();
  });

  it('refuses a file that is not SQLite, untouched', () => {
    const file = path.join(scratch(), 'notes.txt');
    fs.writeFileSync(file, 'just some notes, not a database at all');
    expectRefused(file, /not a Triangulate workspace/);
  });

  it('refuses an SQLite database of another application, untouched', () => {
    const file = path.join(scratch(), 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    other.close();
    expectRefused(file, /not a Triangulate workspace/);
  });

  it('refuses a workspace from a newer version, untouched', () => {
    const file = path.join(scratch(), 'future.triangulate');
    openWorkspace({ path: file, seed: false }).close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    expectRefused(file, /newer version/);
  });

  it('refuses a folder', () => {
    expect(() => openWorkspace({ path: scratch() })).toThrow(/folder/);
  });

  it('reopens its own file without re-running migrations or re-seeding', () => {
    const file = path.join(scratch(), 'w.triangulate');
    const first = openWorkspace({ path: file });
    const docs = listDocuments(first).length;
    first.close();
    const second = openWorkspace({ path: file });
    expect(listDocuments(second).length).toBe(docs);
    expect(workspaceStats(second).historyEntries).toBe(2); // default tagset + seed import, once each
    second.close();
  });
});

describe('migrations', () => {
  it('brings a workspace of the first schema up to date: relations without attributes, documents not reviewed, and its history still undoes and redoes', () => {
    const file = path.join(scratch(), 'v1.triangulate');
    const raw = new Database(file);
    raw.exec((MIGRATIONS[0] as { sql: string }).sql);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 1');
    const now = '2015-09-27T10:00:00.000Z';
    raw.exec(`
      INSERT INTO setting (id, value) VALUES ('_seeded', 'true'), ('_labels_initialised', 'true');
      INSERT INTO label (id, name, kind, color, position) VALUES ('claim', 'Claim', 'claim', '#1f77b4', 0),
        ('source', 'Source', 'source', '#ff7f0e', 1);
      INSERT INTO document (id, title, text, content_hash, paragraphs, imported_at)
        VALUES ('doc_1', 'One', 'Officials said the centre opened.', 'sha256:1', '[[0,33]]', '${now}');
      INSERT INTO annotation (id, document_id, label_id, start_offset, end_offset, fragments, quote, prefix, suffix,
          author, status, created_at, updated_at)
        VALUES ('ann_c', 'doc_1', 'claim', 15, 32, '[[15,32]]', 'the centre opened', '', '', 'ana', 'accepted', '${now}', '${now}'),
               ('ann_s', 'doc_1', 'source', 0, 9, '[[0,9]]', 'Officials', '', '', 'ana', 'accepted', '${now}', '${now}');`);
    // A relation created (and logged, with its row image of the time) before the upgrade.
    const relation = {
      id: 'rel_1',
      from_id: 'ann_c',
      to_id: 'ann_s',
      type: 'attributed_to',
      note: '',
      author: 'ana',
      created_at: now,
    };
    raw
      .prepare(
        `INSERT INTO relation (id, from_id, to_id, type, note, author, created_at)
                VALUES (@id, @from_id, @to_id, @type, @note, @author, @created_at)`,
      )
      .run(relation);
    raw
      .prepare(
        "INSERT INTO history (method, summary, author, at, state, changes, change_count) VALUES ('relations.create', 'Linked', 'ana', ?, 'done', ?, 1)",
      )
      .run(now, JSON.stringify([{ t: 'relation', id: 'rel_1', before: null, after: relation }]));
    raw.close();

    const ws = openWorkspace({ path: file, seed: false });
    try {
      expect(ws.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(listRelations(ws, {})).toEqual([
        {
          id: 'rel_1',
          fromId: 'ann_c',
          toId: 'ann_s',
          type: 'attributed_to',
          attributes: {},
          note: '',
          author: 'ana',
          createdAt: now,
        },
      ]);
      expect(listDocuments(ws).map((d) => d.reviewed)).toEqual([false]);
      // An entry of the first schema belongs to an earlier session: undone by explicit choice.
      undo(ws, { entryId: 1 });
      expect(listRelations(ws, {})).toEqual([]);
      redo(ws);
      expect(listRelations(ws, {})[0]?.attributes).toEqual({});
    } finally {
      ws.close();
    }
  });
});
