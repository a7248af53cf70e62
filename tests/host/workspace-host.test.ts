import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import { type Workspace } from '../../db/workspace.js';
import { createDispatcher, type Dispatcher } from '../../host/dispatcher.js';
import { RecentWorkspaces, parseRecentWorkspaces, withRecentWorkspace } from '../../electron/recent-workspaces.js';
import { WorkspaceHost, type OpenedDispatcher } from '../../host/workspace-host.js';
import { openWorkspace } from '../../host/open-workspace.js';

let dir: string;
let opened: Workspace[];
let host: WorkspaceHost | undefined;

/** Opens in this thread (the worker boundary has its own tests), remembering each workspace. */
const openWith =
  (wrap: (workspace: Workspace) => Dispatcher = createDispatcher) =>
  (file: string): Promise<OpenedDispatcher> => {
    const workspace = openWorkspace({ path: file });
    opened.push(workspace);
    const dispatcher = wrap(workspace);
    return Promise.resolve({ ...dispatcher, close: () => workspace.close() });
  };
const open = openWith();
const isOpen = (workspace: Workspace) => workspace.db.open;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-host-'));
  opened = [];
});

afterEach(async () => {
  await host?.close();
  host = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the workspace host', () => {
  it('answers requests for the workspace it opened', async () => {
    host = await WorkspaceHost.open(path.join(dir, 'a.triangulate'), { open });
    expect(host.path).toBe(path.join(dir, 'a.triangulate'));
    const reply = await host.dispatch('documents.list', {});
    expect(reply.ok && (reply.result as unknown[]).length).toBe(5);
  });

  it('switches: the new file answers, the old one is closed, listeners stay subscribed', async () => {
    host = await WorkspaceHost.open(path.join(dir, 'a.triangulate'), { open });
    const events: EventMessage[] = [];
    host.subscribe((message) => events.push(message));
    await host.dispatch('labels.create', { name: 'Only in A', kind: 'entity' });
    expect(events.map((e) => e.event)).toEqual(['changed']);

    expect(await host.switchTo(path.join(dir, 'b.triangulate'))).toBe(true);
    expect(host.path).toBe(path.join(dir, 'b.triangulate'));
    const [first, second] = opened as [Workspace, Workspace];
    expect(isOpen(first)).toBe(false);
    expect(isOpen(second)).toBe(true);

    const labels = await host.dispatch('labels.list', {});
    expect((labels as { result: Array<{ name: string }> }).result.map((l) => l.name)).not.toContain('Only in A');
    await host.dispatch('labels.create', { name: 'Only in B', kind: 'entity' });
    expect(events.map((e) => e.event)).toEqual(['changed', 'changed']);
  });

  it('does nothing when asked for the workspace that is open', async () => {
    host = await WorkspaceHost.open(path.join(dir, 'a.triangulate'), { open });
    expect(await host.switchTo(path.join(dir, '.', 'a.triangulate'))).toBe(false);
    expect(opened).toHaveLength(1);
  });

  it('keeps the old workspace when the new file cannot be opened', async () => {
    host = await WorkspaceHost.open(path.join(dir, 'a.triangulate'), { open });
    const notOurs = path.join(dir, 'notes.txt');
    fs.writeFileSync(notOurs, 'Just some notes, not a database at all.');
    await expect(host.switchTo(notOurs)).rejects.toMatchObject({ code: 'incompatible_workspace' });
    expect(host.path).toBe(path.join(dir, 'a.triangulate'));
    expect((await host.dispatch('workspace.stats', {})).ok).toBe(true);
    expect(fs.readFileSync(notOurs, 'utf8')).toBe('Just some notes, not a database at all.');
  });

  it('lets running requests finish before closing the old workspace', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    host = await WorkspaceHost.open(path.join(dir, 'a.triangulate'), {
      open: openWith((workspace) => {
        const real = createDispatcher(workspace);
        return {
          dispatch: async (method, params) => {
            if (method === 'workspace.stats') await gate;
            return real.dispatch(method, params);
          },
          subscribe: real.subscribe,
        };
      }),
    });
    const slow = host.dispatch('workspace.stats', {});
    const switching = host.switchTo(path.join(dir, 'b.triangulate'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(host.path).toBe(path.join(dir, 'b.triangulate'));
    expect(isOpen(opened[0] as Workspace)).toBe(true);
    release();
    const reply = await slow;
    expect(reply.ok && (reply.result as { path: string }).path).toBe(path.join(dir, 'a.triangulate'));
    await switching;
    expect(isOpen(opened[0] as Workspace)).toBe(false);
  });
});

describe('recent workspaces', () => {
  it('keeps absolute paths, newest first, without duplicates, at most ten', () => {
    let list: string[] = [];
    for (let i = 0; i < 12; i++) list = withRecentWorkspace(list, `/w/${i}.triangulate`);
    list = withRecentWorkspace(list, '/w/5.triangulate');
    expect(list).toHaveLength(10);
    expect(list.slice(0, 3)).toEqual(['/w/5.triangulate', '/w/11.triangulate', '/w/10.triangulate']);
    expect(parseRecentWorkspaces({ workspaces: ['/a', 'relative', 3, '/a', '/b'] })).toEqual(['/a', '/b']);
    expect(parseRecentWorkspaces('garbage')).toEqual([]);
  });

  it('remembers the list in a file and lists only files that exist', () => {
    const file = RecentWorkspaces.fileIn(dir);
    const there = path.join(dir, 'there.triangulate');
    fs.writeFileSync(there, '');
    const recent = new RecentWorkspaces(file);
    recent.add(path.join(dir, 'gone.triangulate'));
    recent.add(there);
    expect(new RecentWorkspaces(file).existing()).toEqual([there]);
    recent.clear();
    expect(new RecentWorkspaces(file).existing()).toEqual([]);
  });
});
