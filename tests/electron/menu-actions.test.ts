import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import { createMenuActions, type NativeDialogs } from '../../electron/menu-actions.js';
import { RecentWorkspaces } from '../../electron/recent-workspaces.js';
import { WorkspaceHost } from '../../host/workspace-host.js';
import { openWorkspace } from '../../host/open-workspace.js';
import { WorkerDispatcher } from '../../host/worker-dispatcher.js';

let dir: string;
let host: WorkspaceHost;

/** Dialogs that answer from a script: each open/save call takes the next answer. */
function scriptedDialogs(answers: { open?: string[][]; save?: string[] } = {}) {
  const opens = [...(answers.open ?? [])];
  const saves = [...(answers.save ?? [])];
  const calls = {
    open: [] as OpenDialogOptions[],
    save: [] as SaveDialogOptions[],
    message: [] as MessageBoxOptions[],
  };
  const dialogs: NativeDialogs = {
    showOpenDialog: async (options) => {
      calls.open.push(options);
      const filePaths = opens.shift() ?? [];
      return { canceled: filePaths.length === 0, filePaths };
    },
    showSaveDialog: async (options) => {
      calls.save.push(options);
      const filePath = saves.shift();
      return filePath ? { canceled: false, filePath } : { canceled: true, filePath: '' };
    },
    showMessageBox: async (options) => {
      calls.message.push(options);
      return { response: 0, checkboxChecked: false };
    },
  };
  return { dialogs, calls };
}

function setUp(answers: Parameters<typeof scriptedDialogs>[0] = {}) {
  const { dialogs, calls } = scriptedDialogs(answers);
  const sent: EventMessage[] = [];
  const recent = new RecentWorkspaces(RecentWorkspaces.fileIn(dir));
  const workspaceChanged = vi.fn();
  const recentChanged = vi.fn();
  const events: EventMessage[] = [];
  host.subscribe((message) => events.push(message));
  const actions = createMenuActions({
    dialogs,
    host,
    recent,
    send: (message) => sent.push(message),
    workspaceChanged,
    recentChanged,
    documentsDir: path.join(dir, 'Documents'),
  });
  return { actions, calls, sent, recent, workspaceChanged, recentChanged, events };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-menu-'));
  // The same host the shell builds: each workspace in a worker thread.
  host = await WorkspaceHost.open(path.join(dir, 'first.triangulate'), {
    open: (file) => WorkerDispatcher.start({ path: file }),
  });
});

afterEach(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('File ▸ New workspace…', () => {
  it('creates the chosen file as a seeded workspace, switches to it and remembers it', async () => {
    const { actions, calls, recent, workspaceChanged, recentChanged } = setUp({ save: [path.join(dir, 'fresh')] });
    await actions.newWorkspace();
    expect(calls.save[0]).toMatchObject({
      title: 'New workspace',
      defaultPath: path.join(dir, 'Documents', 'Untitled.triangulate'),
      filters: [{ extensions: ['triangulate'] }],
    });
    expect(host.path).toBe(path.join(dir, 'fresh.triangulate'));
    expect(fs.existsSync(host.path)).toBe(true);
    expect(workspaceChanged).toHaveBeenCalledOnce();
    expect(recentChanged).toHaveBeenCalled();
    expect(recent.existing()[0]).toBe(host.path);
  });

  it('never overwrites an existing file', async () => {
    const existing = path.join(dir, 'kept.triangulate');
    fs.writeFileSync(existing, 'precious');
    const { actions, calls, workspaceChanged } = setUp({ save: [existing] });
    await actions.newWorkspace();
    expect(fs.readFileSync(existing, 'utf8')).toBe('precious');
    expect(host.path).toBe(path.join(dir, 'first.triangulate'));
    expect(workspaceChanged).not.toHaveBeenCalled();
    expect(calls.message[0]).toMatchObject({ type: 'error', message: 'kept.triangulate already exists' });
  });

  it('does nothing when cancelled', async () => {
    const { actions, workspaceChanged, calls } = setUp();
    await actions.newWorkspace();
    expect(workspaceChanged).not.toHaveBeenCalled();
    expect(calls.message).toHaveLength(0);
  });
});

describe('File ▸ Open workspace… and Open recent', () => {
  it('opens the chosen workspace', async () => {
    const other = path.join(dir, 'other.triangulate');
    openWorkspace({ path: other }).close();
    const { actions, calls, workspaceChanged } = setUp({ open: [[other]] });
    await actions.openWorkspace();
    expect(calls.open[0]).toMatchObject({ title: 'Open workspace', properties: ['openFile'], defaultPath: dir });
    expect(host.path).toBe(other);
    expect(workspaceChanged).toHaveBeenCalledOnce();
  });

  it('says why a file cannot be opened, and keeps the workspace that was open', async () => {
    const notOurs = path.join(dir, 'notes.triangulate');
    fs.writeFileSync(notOurs, 'plain text');
    const { actions, calls, workspaceChanged } = setUp({ open: [[notOurs]] });
    await actions.openWorkspace();
    expect(host.path).toBe(path.join(dir, 'first.triangulate'));
    expect(workspaceChanged).not.toHaveBeenCalled();
    expect(calls.message[0]).toMatchObject({ type: 'error', message: 'Could not open notes.triangulate' });
    expect(String(calls.message[0]?.detail)).toMatch(/not a Triangulate workspace/);
  });

  it('opens a recent workspace, and clears the list', async () => {
    openWorkspace({ path: path.join(dir, 'recent.triangulate') }).close();
    const { actions, recent, recentChanged } = setUp();
    await actions.openRecent(path.join(dir, 'recent.triangulate'));
    expect(host.path).toBe(path.join(dir, 'recent.triangulate'));
    expect(recent.existing()).toEqual([path.join(dir, 'recent.triangulate')]);
    actions.clearRecent();
    expect(recent.existing()).toEqual([]);
    expect(recentChanged).toHaveBeenCalledTimes(2);
  });

  it('says so when a recent workspace is gone, rather than creating an empty one there', async () => {
    const gone = path.join(dir, 'gone.triangulate');
    const { actions, calls, workspaceChanged } = setUp();
    await actions.openRecent(gone);
    expect(fs.existsSync(gone)).toBe(false);
    expect(host.path).toBe(path.join(dir, 'first.triangulate'));
    expect(workspaceChanged).not.toHaveBeenCalled();
    expect(calls.message[0]).toMatchObject({ type: 'error', message: 'gone.triangulate is no longer there' });
  });
});

describe('File ▸ Import documents…', () => {
  it('imports the chosen files by path, with progress events on the way', async () => {
    const txt = path.join(dir, 'tass.txt');
    const md = path.join(dir, 'sana.md');
    fs.writeFileSync(txt, 'Moscow, 27 September. The information centre in Baghdad will coordinate.\n');
    fs.writeFileSync(md, '# SANA\n\nDamascus welcomed the joint information centre.\n');
    const { actions, calls, events } = setUp({ open: [[txt, md]] });
    await actions.importDocuments();
    expect(calls.open[0]).toMatchObject({
      properties: ['openFile', 'multiSelections'],
      filters: [{ extensions: expect.arrayContaining(['txt', 'md', 'html']) }],
    });
    const docs = await host.dispatch('documents.list', {});
    expect((docs as { result: unknown[] }).result).toHaveLength(7);
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((e) => e.event === 'progress' && e.data.task === 'import')).toBe(true);
    expect(events.some((e) => e.event === 'changed')).toBe(true);
    expect(calls.message).toHaveLength(0);
  });

  it('says which files were already there', async () => {
    const txt = path.join(dir, 'again.txt');
    fs.writeFileSync(txt, 'The same article twice.\n');
    const { actions, calls } = setUp({ open: [[txt], [txt]] });
    await actions.importDocuments();
    await actions.importDocuments();
    expect(calls.message[0]).toMatchObject({ type: 'info', detail: 'Skipped: again.txt' });
  });

  it('shows the reason when the import is refused', async () => {
    const binary = path.join(dir, 'photo.txt');
    fs.writeFileSync(binary, Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10, 0x4a, 0x46]));
    const { actions, calls } = setUp({ open: [[binary]] });
    await actions.importDocuments();
    expect(calls.message[0]).toMatchObject({ type: 'error', message: 'The documents were not imported' });
    expect(String(calls.message[0]?.detail)).toContain('photo.txt');
  });
});

describe('commands for the page', () => {
  it('sends Export…, undo, theme and about as command events', () => {
    const { actions, sent } = setUp();
    actions.command('export');
    actions.command('undo');
    actions.command('toggle-theme');
    actions.command('about');
    expect(sent).toEqual([
      { event: 'command', data: { name: 'export' } },
      { event: 'command', data: { name: 'undo' } },
      { event: 'command', data: { name: 'toggle-theme' } },
      { event: 'command', data: { name: 'about' } },
    ]);
  });
});
