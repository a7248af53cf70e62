/**
 * The one Triangulate window: its creation (saved bounds, size limits, the secure web
 * preferences) and its title. The web preferences are written out literally at the
 * `new BrowserWindow({...})` call so that a static scanner (electronegativity, see
 * tests/electron/electronegativity.test.ts) can read them where the window is made, in these
 * sources and in the bundle built from them. The tests replace Electron's module with a stand-in.
 */
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { MIN_WINDOW_SIZE, type WindowState } from './window-state.js';

export interface MainWindowInput {
  /** Where and how big, already fitted to the displays. */
  state: WindowState;
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preload: string;
  /** Development builds get DevTools. */
  isDev: boolean;
  title: string;
}

/**
 * Creates the window, hidden until painted (main.ts shows it on `ready-to-show`). Its pages are
 * isolated from the preload, sandboxed, without Node and with web security on; no webviews, no
 * insecure content, no experimental features; dropping a file does not navigate; middle-click
 * (Auxclick) cannot open links; dialogs a page spams can be suppressed. Spellchecking is off
 * because Chromium downloads its dictionaries from the network. DevTools only in development.
 */
export function createMainWindow(input: MainWindowInput): BrowserWindow {
  const { state } = input;
  return new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: input.title,
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: input.isDev,
    },
  });
}

/** "name — Triangulate", naming the open workspace file. */
export function windowTitle(workspacePath: string): string {
  return `${path.basename(workspacePath, path.extname(workspacePath))} — Triangulate`;
}
