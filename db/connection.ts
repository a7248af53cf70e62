/**
 * Opening a workspace file: refuse what is not ours (or is from a newer version) before writing a
 * byte, set the pragmas deliberately, apply pending migrations one transaction each, and keep a
 * prepared-statement cache per connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ApiError } from '../common/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;
export type Statement = Database.Statement;

/** `PRAGMA application_id` of every Triangulate workspace: "TRIA" in ASCII. */
export const APPLICATION_ID = 0x54524941;

const SQLITE_HEADER = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Path to a better-sqlite3 native binding built for another runtime (Electron). */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) a workspace database and brings its schema up to date.
 *
 * Durability: WAL with `synchronous = FULL`, so a transaction that returned has reached the disk;
 * neither a killed process nor a power cut loses an acknowledged annotation.
 *
 * @throws ApiError `incompatible_workspace` for a file that is not a Triangulate workspace or was
 *   written by a newer version; the file is left untouched.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  checkHeader(file);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    checkIdentity(db, file);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkHeader(file: string): void {
  if (file === ':memory:' || !fs.existsSync(file)) return;
  const stat = fs.statSync(file);
  if (stat.isDirectory()) {
    throw new ApiError('incompatible_workspace', `${file} is a folder, not a workspace file.`);
  }
  if (stat.size === 0) return;
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    if (header.toString('latin1') !== SQLITE_HEADER) {
      throw new ApiError(
        'incompatible_workspace',
        `${file} is not a Triangulate workspace (it is not an SQLite database). It was left untouched.`,
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}

function checkIdentity(db: Db, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  if (appId !== APPLICATION_ID && (tables > 0 || version !== 0)) {
    throw new ApiError(
      'incompatible_workspace',
      `${file} is an SQLite database but not a Triangulate workspace. It was left untouched.`,
    );
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new ApiError(
      'incompatible_workspace',
      `${file} was written by a newer version of Triangulate (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}). Update Triangulate to open it. It was left untouched.`,
    );
  }
}

/** Applies every pending migration, each in its own transaction. */
function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** The schema version of an open database. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, cached per connection by its SQL text. */
export function prepare(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * Why `PRAGMA optimize` may fail at close without anything being wrong: the disk is full, another
 * program holds the lock, the file cannot be written. It is skipped without a word then (the
 * command line would otherwise add a line to every answer on a full disk); any other failure is
 * logged.
 */
const EXPECTED_AT_CLOSE = /^SQLITE_(FULL|BUSY|LOCKED|READONLY|IOERR)/;

/**
 * Closes a database after letting SQLite refresh its query-planner statistics. Never throws
 * because of that refresh: `PRAGMA optimize` writes, and fails on a full disk or a locked file;
 * statistics can wait for the next close, the closing cannot.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    if (!db.readonly) db.pragma('optimize');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !EXPECTED_AT_CLOSE.test(code)) {
      console.error(
        `triangulate: refreshing the query statistics at close failed (${(error as Error).message}); closing anyway.`,
      );
    }
  }
  db.close();
}
