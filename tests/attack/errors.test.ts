/**
 * Finding 8 of the "Trust" issue: every failure a user can cause carries a code that names the
 * fix, never `internal`. A full disk is `disk_full` (the workspace intact and usable once space is
 * freed), a lock held by another program is `busy`, JSON nested too deep is refused before it
 * overflows the stack, and closing never throws because `PRAGMA optimize` failed.
 *
 * The disk is filled without root: `PRAGMA max_page_count` on the workspace's own connection
 * makes SQLite refuse to grow the file exactly as a full disk does (SQLITE_FULL).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../common/errors.js';
import { closeDatabase, type Db } from '../../db/connection.js';
import { workspaceStats } from '../../db/stats.js';
import { toPayload } from '../../host/dispatcher.js';
import { WorkerDispatcher } from '../../host/worker-dispatcher.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

const open: TestWorkspace[] = [];
function workspace(seed = false): TestWorkspace {
  const t = openTestWorkspace({ seed });
  open.push(t);
  return t;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const t of open.splice(0)) t.dispose();
});

/** An array nested `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function quiet(): void {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
}

describe('finding 8: a full disk is disk_full, and nothing is half-written', () => {
  it('adds disk_full and too_large at the end of the stable list', () => {
    expect(ERROR_CODES.slice(-2)).toEqual(['disk_full', 'too_large']);
    expect(ERROR_CODES.indexOf('interrupted')).toBe(ERROR_CODES.length - 3);
  });

  it('maps an SQLITE_FULL error to disk_full with a message that says to free space', () => {
    quiet();
    const error = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const payload = toPayload(error);
    expect(payload.code).toBe('disk_full');
    expect(payload.message).toMatch(/free some space/i);
    expect(payload.message).toMatch(/nothing was half-written/i);
  });

  it('keeps an I/O error on a disk with room as internal (only a full disk is disk_full)', () => {
    quiet();
    const error = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    expect(toPayload(error, path.join(tempDir(), 'w.triangulate')).code).toBe('internal');
    expect(toPayload(error).code).toBe('internal');
  });

  it('answers disk_full when the workspace cannot grow, writes nothing, and works once there is room', async () => {
    quiet();
    const t = workspace(true);
    const [doc] = await t.call('documents.list', {});
    const labels = await t.call('labels.list', {});
    const before = workspaceStats(t.ws);
    const historyBefore = await t.call('history.list', {});

    // The disk is "full": the file may not grow by a single page.
    const pages = t.ws.db.pragma('page_count', { simple: true }) as number;
    t.ws.db.pragma(`max_page_count = ${pages}`);
    const big = { name: 'big.txt', content: 'The disk fills up while this imports. '.repeat(20_000) };
    const reply = await t.dispatcher.dispatch('documents.import', { sources: [big] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/free some space/i);

    // Nothing half-written: same rows, same history, a sound file, no transaction left open.
    expect(t.ws.db.inTransaction).toBe(false);
    expect(workspaceStats(t.ws)).toEqual(before);
    expect(await t.call('history.list', {})).toEqual(historyBefore);
    expect(t.ws.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Space freed: the same import and an annotation succeed, and survive a restart.
    t.ws.db.pragma('max_page_count = 1073741823');
    const imported = await t.call('documents.import', { sources: [big] });
    expect(imported.imported).toHaveLength(1);
    const annotation = await t.call('annotations.create', {
      documentId: doc!.id,
      labelId: labels[0]!.id,
      fragments: [{ start: 0, end: 3 }],
    });
    const again = t.reopen();
    open.push(again);
    expect((await again.call('annotations.get', { id: annotation.id })).id).toBe(annotation.id);
    expect((await again.call('documents.list', {})).length).toBe(before.documents + 1);
  });
});

describe('finding 8: a lock held by another program is busy', () => {
  it('turns better-sqlite3’s “database is locked” into busy, not internal', async () => {
    const t = workspace();
    const other = new Database(t.file);
    try {
      other.exec('BEGIN IMMEDIATE');
      t.ws.setBusyTimeout(0);
      const reply = await t.dispatcher.dispatch('settings.set', { key: 'note', value: 'x' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'busy' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/try again/i);
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    // And the raw error better-sqlite3 throws has that shape.
    quiet();
    const raw = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(toPayload(raw).code).toBe('busy');
  });
});

describe('finding 8: deep JSON nesting is invalid_params, not a stack overflow', () => {
  it('refuses a settings.set value nested 100,000 deep (it used to overflow JSON.stringify)', async () => {
    const t = workspace();
    const before = await t.call('settings.get', {});
    const reply = await t.dispatcher.dispatch('settings.set', { key: 'deep', value: nested(100_000) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/nests more than 64 levels/);
    expect(await t.call('settings.get', {})).toEqual(before);
  });

  it('refuses a value just over the limit and accepts one at it', async () => {
    const t = workspace();
    expect(await t.dispatcher.dispatch('settings.set', { key: 'deep', value: nested(70) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
    expect(await t.dispatcher.dispatch('settings.set', { key: 'deep', value: nested(40) })).toMatchObject({
      ok: true,
    });
  });

  it('refuses deep params before they cross to the workspace worker (cloning would overflow)', async () => {
    const dir = tempDir();
    const dispatcher = await WorkerDispatcher.start({ path: path.join(dir, 'w.triangulate'), seed: false });
    try {
      const reply = await dispatcher.dispatch('settings.set', { key: 'deep', value: nested(100_000) });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
      // The worker is still there and answers.
      expect(await dispatcher.dispatch('labels.list', {})).toMatchObject({ ok: true });
    } finally {
      await dispatcher.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an imported record nested 100,000 deep as invalid_file naming the line', async () => {
    const t = workspace();
    const dir = tempDir();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const cases: Array<[string, string, string]> = [
      ['jsonl', 'a.jsonl', `{"id":"d0","text":"Fine."}\n{"id":"d1","text":"Hello world","label":${deep}}\n`],
      ['doccano', 'b.jsonl', `{"id":"d0","text":"Fine."}\n{"id":"d1","text":"Hello world","label":${deep}}\n`],
      ['jsonl', 'c.json', `[{"id":"d0","text":"Fine."},\n{"id":"d1","text":"Hello world","label":${deep}}]`],
      ['w3c', 'd.jsonl', `{"type":"Annotation","body":${deep}}\n`],
    ];
    const before = workspaceStats(t.ws);
    for (const [format, name, content] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const reply = await t.dispatcher.dispatch('datasets.import', { format, path: file });
      expect(reply, `${format} ${name}`).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/line \d+.*nests more than 64 levels/);
    }
    expect(workspaceStats(t.ws)).toEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('finding 8: closing never throws because PRAGMA optimize failed', () => {
  /** A connection whose `PRAGMA optimize` fails with `code`; records what was done to it. */
  function failingWith(code: string, closed: string[]): Db {
    return {
      open: true,
      readonly: false,
      pragma(text: string) {
        closed.push(`pragma ${text}`);
        throw Object.assign(new Error(`failed with ${code}`), { code });
      },
      close() {
        closed.push('close');
      },
    } as unknown as Db;
  }

  it('still closes the connection, without a word when the disk is full or the file locked', () => {
    quiet();
    for (const code of ['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_IOERR_WRITE', 'SQLITE_READONLY']) {
      const closed: string[] = [];
      expect(() => closeDatabase(failingWith(code, closed))).not.toThrow();
      expect(closed).toEqual(['pragma optimize', 'close']);
    }
    expect(console.error).not.toHaveBeenCalled();
  });

  it('logs any other failure, and still closes the connection', () => {
    quiet();
    const closed: string[] = [];
    expect(() => closeDatabase(failingWith('SQLITE_CORRUPT', closed))).not.toThrow();
    expect(closed).toEqual(['pragma optimize', 'close']);
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/optimize|statistics/));
  });

  it('closes a real workspace whose disk is full', () => {
    quiet();
    const t = workspace(true);
    const pages = t.ws.db.pragma('page_count', { simple: true }) as number;
    t.ws.db.pragma(`max_page_count = ${pages}`);
    expect(() => t.ws.close()).not.toThrow();
    expect(t.ws.db.open).toBe(false);
  });
});
