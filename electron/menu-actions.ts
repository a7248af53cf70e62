/**
 * What the menu items do in the main process: the native file dialogs for creating, opening and
 * importing, the workspace switch, the recent list, and `command` events for the page. Electron's
 * dialogs and the window come in as parameters, so every action is tested with fakes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  MessageBoxOptions,
  MessageBoxReturnValue,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
} from 'electron';
import type { EventMessage, ResultOf } from '../common/contract.js';
import { plural } from '../common/plural.js';
import type { MenuActions } from './menu.js';
import type { RecentWorkspaces } from './recent-workspaces.js';
import type { WorkspaceHost } from '../host/workspace-host.js';

export const WORKSPACE_EXTENSION = 'triangulate';
/** What File ▸ Import documents… offers (the kinds `documents.import` reads). */
export const IMPORTABLE_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'html', 'htm'];

/** Electron's `dialog`, already bound to the window it belongs to. */
export interface NativeDialogs {
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

export interface MenuActionDeps {
  dialogs: NativeDialogs;
  host: WorkspaceHost;
  recent: RecentWorkspaces;
  /** Sends an event to the page. */
  send(message: EventMessage): void;
  /** The open workspace changed: reload the page, retitle the window. */
  workspaceChanged(): void;
  /** The recent list changed: rebuild the menu. */
  recentChanged(): void;
  /** Where the dialog for a new workspace starts (the person's documents folder). */
  documentsDir: string;
}

/** The menu actions; the asynchronous ones resolve once done (and never reject: failures are logged). */
export interface DesktopActions extends MenuActions {
  newWorkspace(): Promise<void>;
  openWorkspace(): Promise<void>;
  openRecent(file: string): Promise<void>;
  importDocuments(): Promise<void>;
  /** Makes `file` the open workspace; on failure says why in a dialog and keeps the old one. */
  switchWorkspace(file: string): Promise<void>;
}

const workspaceFilter = { name: 'Triangulate workspace', extensions: [WORKSPACE_EXTENSION] };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createMenuActions(deps: MenuActionDeps): DesktopActions {
  const { dialogs, host, recent } = deps;

  async function showError(message: string, detail: string): Promise<void> {
    await dialogs.showMessageBox({ type: 'error', message, detail, buttons: ['OK'] });
  }

  async function switchWorkspace(file: string): Promise<void> {
    try {
      const switched = await host.switchTo(file);
      recent.add(host.path);
      deps.recentChanged();
      if (switched) deps.workspaceChanged();
    } catch (error) {
      await showError(`Could not open ${path.basename(file)}`, messageOf(error));
    }
  }

  async function newWorkspace(): Promise<void> {
    const { canceled, filePath } = await dialogs.showSaveDialog({
      title: 'New workspace',
      buttonLabel: 'Create',
      defaultPath: path.join(deps.documentsDir, `Untitled.${WORKSPACE_EXTENSION}`),
      filters: [workspaceFilter],
      properties: ['createDirectory'],
    });
    if (canceled || !filePath) return;
    const file = path.extname(filePath) ? filePath : `${filePath}.${WORKSPACE_EXTENSION}`;
    if (fs.existsSync(file)) {
      // Never wipe an existing file to make a new workspace: the person may have meant to open it.
      await showError(
        `${path.basename(file)} already exists`,
        'A new workspace needs a new file name. To work in the existing file, use File ▸ Open workspace….',
      );
      return;
    }
    await switchWorkspace(file);
  }

  async function openWorkspace(): Promise<void> {
    const { canceled, filePaths } = await dialogs.showOpenDialog({
      title: 'Open workspace',
      defaultPath: path.dirname(host.path),
      filters: [workspaceFilter, { name: 'All files', extensions: ['*'] }],
      properties: ['openFile'],
    });
    const file = filePaths[0];
    if (canceled || !file) return;
    await switchWorkspace(file);
  }

  async function openRecent(file: string): Promise<void> {
    // Opening a missing path would create an empty workspace there: say it is gone instead.
    if (!fs.existsSync(file)) {
      deps.recentChanged();
      await showError(`${path.basename(file)} is no longer there`, `${file} was moved or deleted.`);
      return;
    }
    await switchWorkspace(file);
  }

  async function importDocuments(): Promise<void> {
    const { canceled, filePaths } = await dialogs.showOpenDialog({
      title: 'Import documents',
      buttonLabel: 'Import',
      filters: [{ name: 'Articles (.txt, .md, .html)', extensions: IMPORTABLE_EXTENSIONS }],
      properties: ['openFile', 'multiSelections'],
    });
    if (canceled || filePaths.length === 0) return;
    // Progress events of this task reach the page like every other workspace event.
    const reply = await host.dispatch('documents.import', {
      sources: filePaths.map((file) => ({ path: file })),
      taskId: `menu-import-${Date.now().toString(36)}`,
    });
    if (!reply.ok) {
      await showError('The documents were not imported', reply.error.message);
      return;
    }
    const { imported, skipped } = reply.result as ResultOf<'documents.import'>;
    if (skipped.length > 0) {
      await dialogs.showMessageBox({
        type: 'info',
        message: `Imported ${plural(imported.length, 'document')}; ${skipped.length} already in the workspace`,
        detail: `Skipped: ${skipped.map((s) => path.basename(s.name)).join(', ')}`,
        buttons: ['OK'],
      });
    }
  }

  const logged = (work: Promise<void>) =>
    work.catch((error: unknown) => console.error('triangulate: a menu action failed:', error));

  return {
    newWorkspace: () => logged(newWorkspace()),
    openWorkspace: () => logged(openWorkspace()),
    openRecent: (file) => logged(openRecent(file)),
    clearRecent: () => {
      recent.clear();
      deps.recentChanged();
    },
    importDocuments: () => logged(importDocuments()),
    command: (name) => deps.send({ event: 'command', data: { name } }),
    switchWorkspace,
  };
}
