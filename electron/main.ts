/**
 * The Electron main process. It only wires together pieces that are tested without Electron
 * (tests/electron): the window (main-window.ts), the `app://` origin and its protocol handler,
 * the session and page guards (links to the web leave only through openExternalSafely), the
 * validated IPC handler in front of the workspace host, the menu and its actions, and the
 * remembered window bounds. Built to dist/electron/main.js (ESM); the preload sits beside it as
 * preload.cjs and the renderer in dist/renderer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Menu, app, dialog, ipcMain, protocol, screen, session, shell, type BrowserWindow } from 'electron';
import { appDataDir } from '../host/paths.js';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './app-origin.js';
import { createAppProtocolHandler } from './app-protocol.js';
import { forwardEvents, registerCallHandler, sendEvent } from './ipc.js';
import { launchOptions } from './launch-options.js';
import { createMainWindow, windowTitle } from './main-window.js';
import { createMenuActions, type NativeDialogs } from './menu-actions.js';
import { buildMenuTemplate } from './menu.js';
import { RecentWorkspaces } from './recent-workspaces.js';
import { hardenSession, hardenWebContents } from './security.js';
import {
  captureWindowState,
  fitWindowState,
  loadWindowState,
  saveWindowState,
  windowStateFile,
} from './window-state.js';
import { WorkspaceHost } from '../host/workspace-host.js';
import { createSession, WorkerDispatcher } from '../host/worker-dispatcher.js';
import { FileGrants } from '../host/file-grants.js';
import { registerFileChoosers } from './file-choosers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(here, 'preload.cjs');
const RENDERER_DIR = path.join(here, '..', 'renderer');
const isDev = !app.isPackaged;
// Electron's opener, handed only to the guards, which call it through openExternalSafely.
const openExternal = shell.openExternal.bind(shell);

// Before `ready`: the privileged scheme, the app's name and data folder (shared with the CLI),
// the sandbox for every renderer, one instance per data folder.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.setName('Triangulate');
app.setPath('userData', appDataDir());
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { openExternal }));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Triangulate could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: RENDERER_DIR }));

  const launch = launchOptions(process.argv, process.env, {
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
  });
  // SQLite runs in a worker thread: the main process only routes messages and never waits on it.
  // One session for the whole run, whichever workspace is open: undo acts on its own changes.
  const desktopSession = createSession('desktop');
  const host = await WorkspaceHost.open(launch.workspacePath, {
    open: (file) =>
      WorkerDispatcher.start({
        path: file,
        session: desktopSession,
        ...(launch.nativeBinding ? { nativeBinding: launch.nativeBinding } : {}),
        ...(launch.seedsDir ? { seedsDir: launch.seedsDir } : {}),
      }),
  });
  app.on('will-quit', () => void host.close());
  // The files the person chose in a native dialog, the only ones the page can name.
  const grants = new FileGrants();
  app.on('will-quit', () => grants.close());
  registerCallHandler(ipcMain, () => host, grants);

  const recent = new RecentWorkspaces(RecentWorkspaces.fileIn(appDataDir()));
  recent.add(host.path);

  const window = createWindow(host.path);
  forwardEvents(host, window.webContents);

  const dialogs: NativeDialogs = {
    showOpenDialog: (options) => dialog.showOpenDialog(window, options),
    showSaveDialog: (options) => dialog.showSaveDialog(window, options),
    showMessageBox: (options) => dialog.showMessageBox(window, options),
  };
  registerFileChoosers(ipcMain, {
    dialogs: () => dialogs,
    grants,
    defaultFolder: () => app.getPath('documents'),
  });
  const actions = createMenuActions({
    dialogs,
    host,
    recent,
    send: (message) => sendEvent(window.webContents, message),
    workspaceChanged: () => {
      window.setTitle(windowTitle(host.path));
      window.webContents.reload();
    },
    recentChanged: () => buildMenu(),
    documentsDir: app.getPath('documents'),
  });
  const buildMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate(actions, {
          platform: process.platform,
          isDev,
          recent: recent.existing(),
          appName: app.name,
        }),
      ),
    );
  buildMenu();

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
}

function createWindow(workspacePath: string): BrowserWindow {
  const stateFile = windowStateFile(appDataDir());
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((display) => display.workArea);
  const state = fitWindowState(loadWindowState(stateFile), workAreas);
  const window = createMainWindow({
    state,
    preload: PRELOAD,
    isDev,
    title: windowTitle(workspacePath),
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  // The title names the open workspace; the page does not replace it.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.on('close', () => {
    try {
      saveWindowState(stateFile, captureWindowState(window));
    } catch (error) {
      console.warn(`triangulate: could not remember the window size: ${(error as Error).message}`);
    }
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
