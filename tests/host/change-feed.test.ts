/**
 * The change feed across connections: a host hears of commits it did not make (the command line,
 * a second window, a script on the same file) and pushes the same `changed` events its own
 * commits push, marked `external`; its own commits are announced once, and so is a long task's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import { createAnnotation } from '../../db/annotations.js';
import { listDocuments } from '../../db/documents.js';
import { undo } from '../../db/history.js';
import type { Workspace } from '../../db/workspace.js';
import { openWorkspace } from '../../host/open-workspace.js';
import { WorkerDispatcher } from '../../host/worker-dispatcher.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let template: TestWorkspace;
let dir: string;
let file: string;
let host: WorkerDispatcher;
let other: Workspace;
let events: Array<Extract<EventMessage, { event: 'changed' }>['data']>;

beforeAll(() => {
  template = openTestWorkspace();
  template.ws.close();
});
afterAll(() => template.dispose());

beforeEach(async () => {
  dir = tempDir('triangulate-feed-');
  file = path.join(dir, 'feed.triangulate');
  fs.copyFileSync(template.file, file);
  host = await WorkerDispatcher.start({ path: file, watchIntervalMs: 50 });
  events = [];
  host.subscribe((message) => {
    if (message.event === 'changed') events.push(message.data);
  });
  // Another program on the same file: its own connection, in this thread.
  other = openWorkspace({ path: file });
});

afterEach(async () => {
  other.close();
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("pushes another connection's commit to the host's listeners, as the same records, marked external", async () => {
  const doc = listDocuments(other)[0]!;
  const annotation = createAnnotation(other, {
    documentId: doc.id,
    labelId: 'country',
    fragments: [{ start: 0, end: 4 }],
  });
  await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 10_000, interval: 25 });
  expect(events[0]).toMatchObject({
    method: 'annotations.create',
    external: true,
    records: [{ kind: 'annotation', id: annotation.id, change: 'created', documentIds: [doc.id] }],
  });

  // An undo made over there reaches here as the deletion it is.
  undo(other);
  await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 10_000, interval: 25 });
  expect(events[1]).toMatchObject({
    method: 'history.undo',
    external: true,
    records: [{ kind: 'annotation', id: annotation.id, change: 'deleted' }],
    // It says which entry it undid and where that acts.
    target: {
      id: events[0]!.historyId,
      summary: `Tagged “${annotation.quote}” as Country`,
      where: {
        documents: [{ id: doc.id, title: doc.title }],
        annotations: [{ id: annotation.id, quote: annotation.quote }],
      },
    },
  });
});

it('announces its own commits once, not again through the feed', async () => {
  const reply = await host.dispatch('labels.create', { name: 'Militia', kind: 'entity' });
  expect(reply.ok).toBe(true);
  // Let the feed poll a few times after the commit.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(events.map((e) => [e.method, e.external ?? false])).toEqual([['labels.create', false]]);
});

it("announces a long task's commit once, though it ran on another connection of the same host", async () => {
  const reply = await host.dispatch('documents.import', {
    sources: [{ name: 'note.txt', content: 'Daesh claimed the attack near Latakia.' }],
  });
  expect(reply.ok).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const imports = events.filter((e) => e.method === 'documents.import');
  expect(imports).toHaveLength(1);
});
