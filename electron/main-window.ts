/**
 * The one Triangulate window: its constructor options (saved bounds, size limits, the secure web
 * preferences) and its title.
 */
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './security.js';
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

/** Options for `new BrowserWindow(...)`. The window starts hidden and shows once painted. */
export function mainWindowOptions(input: MainWindowInput): BrowserWindowConstructorOptions {
  const { state } = input;
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: input.title,
    webPreferences: secureWebPreferences(input.preload, { devTools: input.isDev }),
  };
}

/** "name — Triangulate", naming the open workspace file. */
export function windowTitle(workspacePath: string): string {
  return `${path.basename(workspacePath, path.extname(workspacePath))} — Triangulate`;
}
