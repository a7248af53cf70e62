/**
 * Undo and redo per analyst and session. The desktop app, the browser host and the command line
 * share one workspace file, each as a session of its own: here two connections on one file with
 * different sessions stand for them. A plain undo or redo acts only on the caller's own entries;
 * another's latest change is refused with a `conflict` that names it (whose, which program,
 * where) and is undone only when named by `entryId`. Every entry says who made it, in which
 * session, and where it acts; the undo event says where too; entries written before sessions
 * were recorded count as another session's.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage, Events } from '../../common/contract.js';
import type { Document, HistoryEntry } from '../../common/domain.js';
import { isNotOwnDetails, type NotOwnDetails } from '../../common/history.js';
import { APPLICATION_ID } from '../../db/connection.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { createSession } from '../../db/workspace.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let host: TestWorkspace;
let cli: TestWorkspace;
let rt: Document;

/** The offsets of the first `needle` in a document. */
function find(doc: Document, needle: string): { start: number; end: number } {
  const start = doc.text.indexOf(needle);
  if (start < 0) throw new Error(`“${needle}” not in ${doc.title}`);
  return { start, end: start + needle.length };
}

function tag(t: TestWorkspace, needle: string, labelId = 'person') {
  return t.call('annotations.create', { documentId: rt.id, labelId, fragments: [find(rt, needle)] });
}

async function quotes(t: TestWorkspace): Promise<string[]> {
  return (await t.call('annotations.list', { documentId: rt.id })).map((a) => a.quote).sort();
}

function notOwn(error: { details?: Record<string, unknown> }): NotOwnDetails {
  if (!isNotOwnDetails(error.details)) throw new Error(`not a not_own refusal: ${JSON.stringify(error.details)}`);
  return error.details;
}

beforeEach(async () => {
  // The browser host's connection, and a command-line invocation's on the same file.
  host = openTestWorkspace({ session: createSession('browser') });
  cli = openTestWorkspace({ file: host.file, session: createSession('cli') });
  const docs = await host.call('documents.list', {});
  rt = await host.call('documents.get', { id: docs.find((d) => d.outlet === 'Global Research')!.id });
});
afterEach(() => {
  cli.ws.close();
  host.dispose();
});

describe('undo and redo per session', () => {
  it("does not undo the command line's annotation on the host's plain undo; names it, and undoes it when chosen", async () => {
    const made = await tag(cli, 'Peskov');
    const error = await expectApiError(host.call('history.undo', {}), 'conflict');
    const details = notOwn(error);
    expect(details).toMatchObject({
      direction: 'undo',
      yours: true, // the same analyst (the OS user), in another program
      session: { kind: 'cli', label: 'command line' },
      summary: 'Tagged “Peskov” as Person',
      where: {
        documents: [{ id: rt.id, title: rt.title }],
        documentCount: 1,
        annotations: [{ id: made.id, documentId: rt.id, quote: 'Peskov' }],
        annotationCount: 1,
      },
    });
    expect(error.message).toContain('your change from another session (command line)');
    expect(error.message).toContain(`Tagged “Peskov” as Person in “${rt.title.slice(0, 20)}`);
    expect(error.message).toContain(`{"entryId": ${details.entryId}}`);
    // Nothing was undone.
    expect(await quotes(host)).toEqual(['Peskov']);

    // The explicit choice undoes exactly that entry; it is now on the host's redo stack.
    const { entry } = await host.call('history.undo', { entryId: details.entryId });
    expect(entry).toMatchObject({ id: details.entryId, state: 'undone', own: true, session: { kind: 'cli' } });
    expect(await quotes(host)).toEqual([]);
    await host.call('history.redo', {});
    expect(await quotes(host)).toEqual(['Peskov']);
  });

  it("says another analyst's name when the latest change is theirs", async () => {
    // The analyst is a setting of the file: Bob tags on the command line, then Ada takes over.
    await cli.call('settings.set', { key: 'analyst', value: 'Bob' });
    await tag(cli, 'Peskov');
    await host.call('settings.set', { key: 'analyst', value: 'Ada' });
    const error = await expectApiError(host.call('history.undo', {}), 'conflict');
    expect(notOwn(error)).toMatchObject({ analyst: 'Bob', yours: false, session: { label: 'command line' } });
    expect(error.message).toContain("Bob's change (command line)");
  });

  it("undoes the caller's own latest entry, past another session's newer one", async () => {
    const own = await tag(host, 'Peskov');
    await tag(cli, 'Putin');
    const { entry } = await host.call('history.undo', {});
    expect(entry).toMatchObject({ method: 'annotations.create', own: true, session: { current: true } });
    expect(entry.where.annotations).toEqual([{ id: own.id, documentId: rt.id, quote: 'Peskov' }]);
    expect(await quotes(host)).toEqual(['Putin']);
    // The command line's own undo takes back its own change.
    await cli.call('history.undo', {});
    expect(await quotes(host)).toEqual([]);
    // Both stacks are empty, and nothing else is left to undo.
    await expectApiError(host.call('history.undo', {}), 'nothing_to_undo');
    await expectApiError(cli.call('history.undo', {}), 'nothing_to_undo');
  });

  it("keeps each session's redo stack: another's change does not discard it, one's own does", async () => {
    await tag(host, 'Peskov');
    await tag(cli, 'Putin');
    await host.call('history.undo', {});
    await cli.call('history.undo', {});
    // The host's redo redoes what the host undid, though the command line's undo is newer.
    const redone = await host.call('history.redo', {});
    expect(redone.entry.where.annotations[0]?.quote).toBe('Peskov');
    expect(await quotes(host)).toEqual(['Peskov']);
    // Nothing of the host's is left to redo, and the command line's undo is no longer the newest step.
    await expectApiError(host.call('history.redo', {}), 'nothing_to_redo');
    // A new change of the host's discards only the host's redo stack.
    await host.call('history.undo', {});
    await tag(host, 'Baghdad', 'place');
    await expectApiError(host.call('history.redo', {}), 'nothing_to_redo');
    await cli.call('history.redo', {});
    expect(await quotes(host)).toEqual(['Baghdad', 'Putin']);
    await expectApiError(cli.call('history.redo', {}), 'nothing_to_redo');
  });

  it("offers to redo another session's undo while it is the newest step", async () => {
    await tag(cli, 'Putin');
    await cli.call('history.undo', {});
    const error = await expectApiError(host.call('history.redo', {}), 'conflict');
    const details = notOwn(error);
    expect(details).toMatchObject({ direction: 'redo', summary: 'Tagged “Putin” as Person' });
    expect(error.message).toContain(`history.redo with {"entryId": ${details.entryId}}`);
    expect(await quotes(host)).toEqual([]);
    await host.call('history.redo', { entryId: details.entryId });
    expect(await quotes(host)).toEqual(['Putin']);
  });

  it('refuses an explicit choice the entry cannot take, writing nothing', async () => {
    const log = await host.call('history.list', {});
    const seed = log.find((e) => e.state === 'permanent')!;
    await expectApiError(host.call('history.undo', { entryId: 999_999 }), 'not_found');
    expect((await expectApiError(host.call('history.undo', { entryId: seed.id }), 'conflict')).message).toMatch(
      /cannot be undone/,
    );
    const made = await tag(cli, 'Peskov');
    const id = (await cli.call('history.list', { limit: 1 }))[0]!.id;
    await expectApiError(host.call('history.redo', { entryId: id }), 'conflict'); // not undone
    // The rows changed since (relabelled by the host): the entry is not the newest change to them.
    await host.call('annotations.update', { id: made.id, labelId: 'country' });
    expect((await expectApiError(host.call('history.undo', { entryId: id }), 'conflict')).message).toMatch(
      /changed outside this history entry/,
    );
    await host.call('history.undo', {}); // the relabel (the host's own)
    const audit = (await host.call('history.list', { limit: 1 }))[0]!;
    expect((await expectApiError(host.call('history.undo', { entryId: audit.id }), 'conflict')).message).toMatch(
      /itself an undo or redo/,
    );
    await host.call('history.undo', { entryId: id });
    await expectApiError(host.call('history.undo', { entryId: id }), 'conflict'); // undone already
    expect(await quotes(host)).toEqual([]);
  });

  it('does not cross a permanent entry even when chosen', async () => {
    await tag(cli, 'Peskov');
    const id = (await cli.call('history.list', { limit: 1 }))[0]!.id;
    const dataset = path.join(path.dirname(host.file), 'one.jsonl');
    fs.writeFileSync(dataset, JSON.stringify({ text: 'Daesh claimed it.', spans: [] }) + '\n');
    await host.call('datasets.import', { format: 'jsonl', path: dataset });
    // The import lists the document it brought, though it kept no row images.
    const [imported] = await host.call('history.list', { limit: 1 });
    expect(imported).toMatchObject({ state: 'permanent', where: { documentCount: 1 } });
    expect((await expectApiError(host.call('history.undo', { entryId: id }), 'conflict')).message).toMatch(
      /does not go past it/,
    );
  });

  it('after a restart (a new session) asks before undoing the earlier session’s changes', async () => {
    await tag(host, 'Peskov');
    host.ws.close();
    const restarted = openTestWorkspace({ file: host.file, session: createSession('browser') });
    try {
      const error = await expectApiError(restarted.call('history.undo', {}), 'conflict');
      expect(notOwn(error)).toMatchObject({ yours: true, session: { kind: 'browser', label: 'browser host' } });
      await restarted.call('history.undo', { entryId: notOwn(error).entryId });
      expect(await quotes(restarted)).toEqual([]);
    } finally {
      restarted.ws.close();
    }
  });
});

describe('history.list', () => {
  it('shows per entry who, which session (own or other, and what program) and where it acts', async () => {
    const made = await tag(cli, 'Peskov');
    const note = await host.call('notes.create', { targetId: made.id, body: 'Kremlin spokesman' });
    expect(note.id).toBeTruthy();
    const asHost = await host.call('history.list', { limit: 2 });
    const byMethod = (list: HistoryEntry[], method: string) => list.find((e) => e.method === method)!;
    expect(byMethod(asHost, 'annotations.create')).toMatchObject({
      own: false,
      session: { kind: 'cli', label: 'command line', current: false },
      where: { documents: [{ id: rt.id, title: rt.title }], annotations: [{ id: made.id, quote: 'Peskov' }] },
    });
    expect(byMethod(asHost, 'notes.create')).toMatchObject({
      own: true,
      session: { kind: 'browser', label: 'browser host', current: true },
      where: { documentCount: 1, annotations: [{ id: made.id }] },
    });
    // The command line sees the same entries the other way round.
    const asCli = await cli.call('history.list', { limit: 2 });
    expect(byMethod(asCli, 'annotations.create')).toMatchObject({ own: true, session: { current: true } });
    expect(byMethod(asCli, 'notes.create')).toMatchObject({ own: false, session: { current: false } });
  });

  it('cuts long quotes and lists at most 20 annotations with their count', async () => {
    const long = rt.text.slice(0, 200);
    await host.call('annotations.create', {
      documentId: rt.id,
      labelId: 'claim',
      fragments: [{ start: 0, end: 200 }],
    });
    const [entry] = await host.call('history.list', { limit: 1 });
    expect(entry!.where.annotations[0]!.quote.length).toBeLessThanOrEqual(60);
    expect(entry!.where.annotations[0]!.quote.endsWith('…')).toBe(long.length > 60);
    // Deleting the document removes every annotation of it in one entry.
    const ids: string[] = [];
    for (const word of ['Russia', 'Iran', 'Iraq', 'Syria', 'Baghdad']) {
      let from = 0;
      for (let i = 0; i < 6; i++) {
        const start = rt.text.indexOf(word, from);
        if (start < 0) break;
        from = start + word.length;
        const a = await host.call('annotations.create', {
          documentId: rt.id,
          labelId: 'place',
          fragments: [{ start, end: start + word.length }],
        });
        ids.push(a.id);
      }
    }
    expect(ids.length).toBeGreaterThan(20);
    await host.call('documents.delete', { id: rt.id });
    const [deleted] = await host.call('history.list', { limit: 1 });
    expect(deleted!.where).toMatchObject({ documentCount: 1, annotationCount: ids.length + 1 });
    expect(deleted!.where.documents).toEqual([{ id: rt.id, title: rt.title }]);
    expect(deleted!.where.annotations).toHaveLength(20);
  });
});

describe('undo events', () => {
  it('carry the entry undone and where it acts', async () => {
    const made = await tag(host, 'Peskov');
    const events: Array<Events['changed']> = [];
    host.dispatcher.subscribe((m: EventMessage) => {
      if (m.event === 'changed') events.push(m.data);
    });
    const { entry } = await host.call('history.undo', {});
    await host.call('history.redo', {});
    expect(events.map((e) => [e.method, e.target?.id, e.target?.where.annotations.map((a) => a.id)])).toEqual([
      ['history.undo', entry.id, [made.id]],
      ['history.redo', entry.id, [made.id]],
    ]);
    expect(events[0]!.target?.where.documents).toEqual([{ id: rt.id, title: rt.title }]);
  });
});

describe('entries from before sessions were recorded', () => {
  it('count as another session’s, and still say where they act', async () => {
    // A workspace of schema 1 with one annotation made through the API of that version.
    const dir = tempDir();
    const file = path.join(dir, 'v1.triangulate');
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!.sql);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 1');
    const now = new Date().toISOString();
    db.prepare(
      "INSERT INTO document (id, title, text, content_hash, paragraphs, imported_at) VALUES ('doc_1', 'Old article', 'Peskov said so.', 'sha256:x', '[[0,15]]', ?)",
    ).run(now);
    db.prepare(
      "INSERT INTO label (id, name, kind, color, position) VALUES ('person', 'Person', 'entity', '#123456', 0)",
    ).run();
    const annotation = {
      id: 'ann_1',
      document_id: 'doc_1',
      label_id: 'person',
      start_offset: 0,
      end_offset: 6,
      fragments: '[[0,6]]',
      quote: 'Peskov',
      prefix: '',
      suffix: ' said',
      attributes: '{}',
      author: 'ada',
      status: 'accepted',
      note: '',
      entity_id: null,
      claim_id: null,
      created_at: now,
      updated_at: now,
    };
    const columns = Object.keys(annotation);
    db.prepare(`INSERT INTO annotation (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`).run(
      annotation,
    );
    db.prepare(
      "INSERT INTO history (method, summary, author, at, state, changes, change_count) VALUES ('annotations.create', 'Tagged “Peskov” as Person', 'ada', ?, 'done', ?, 1)",
    ).run(now, JSON.stringify([{ t: 'annotation', id: 'ann_1', before: null, after: annotation }]));
    db.close();

    const old = openTestWorkspace({ file, seed: false, session: createSession('desktop') });
    try {
      await old.call('settings.set', { key: 'analyst', value: 'ada' });
      const [entry] = await old.call('history.list', {});
      expect(entry).toMatchObject({
        own: false,
        session: { id: null, kind: null, label: 'earlier session', current: false },
        where: {
          documents: [{ id: 'doc_1', title: 'Old article' }],
          annotations: [{ id: 'ann_1', documentId: 'doc_1', quote: 'Peskov' }],
        },
      });
      const error = await expectApiError(old.call('history.undo', {}), 'conflict');
      expect(notOwn(error)).toMatchObject({ entryId: entry!.id, yours: true, session: { label: 'earlier session' } });
      await old.call('history.undo', { entryId: entry!.id });
      expect(await old.call('annotations.list', {})).toEqual([]);
    } finally {
      old.dispose();
    }
  });
});
