/**
 * Remembers the window's size and position between runs (`window-state.json` in the app data
 * folder). A saved state is validated field by field and fitted to the displays present now: a
 * window saved on a monitor that is gone, or dragged mostly off screen, comes back centred on the
 * primary display instead of invisible.
 */
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { readJsonFile, writeJsonFile } from './json-store.js';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size, optional position (absent: let Electron centre the window) and whether it was maximized. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 640, height: 420 } as const;
/** How much of a saved window must still show on some display for its position to be kept. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A saved state if `value` is one (numbers where numbers belong, positive sizes), else `undefined`. */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isNumber(v.width) || !isNumber(v.height) || v.width <= 0 || v.height <= 0) return undefined;
  const state: WindowState = {
    width: Math.round(v.width),
    height: Math.round(v.height),
    maximized: v.maximized === true,
  };
  if (isNumber(v.x) && isNumber(v.y)) {
    state.x = Math.round(v.x);
    state.y = Math.round(v.y);
  }
  return state;
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

function fitSize(width: number, height: number, area: Rectangle): { width: number; height: number } {
  return {
    width: clamp(width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width),
    height: clamp(height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height),
  };
}

/**
 * Where the window opens: the saved state fitted to the displays' work areas (`workAreas[0]` is
 * the primary display). Without a saved state, or when the saved window would hardly show on any
 * display, the default size centred on the primary display. The size never exceeds the display
 * it is on, and the window is moved inside it.
 */
export function fitWindowState(saved: WindowState | undefined, workAreas: readonly Rectangle[]): WindowState {
  const primary = workAreas[0];
  const wanted = saved ?? { ...DEFAULT_WINDOW_SIZE, maximized: false };
  if (!primary) return { width: wanted.width, height: wanted.height, maximized: wanted.maximized };
  const centred = { ...fitSize(wanted.width, wanted.height, primary), maximized: wanted.maximized };
  if (wanted.x === undefined || wanted.y === undefined) return centred;

  const bounds = { x: wanted.x, y: wanted.y, width: wanted.width, height: wanted.height };
  let best: Rectangle | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const { width, height } = overlap(bounds, area);
    if (width >= Math.min(MIN_VISIBLE.width, bounds.width) && height >= Math.min(MIN_VISIBLE.height, bounds.height)) {
      if (width * height > bestArea) {
        best = area;
        bestArea = width * height;
      }
    }
  }
  if (!best) return centred;
  const size = fitSize(bounds.width, bounds.height, best);
  return {
    x: clamp(bounds.x, best.x, best.x + best.width - size.width),
    y: clamp(bounds.y, best.y, best.y + best.height - size.height),
    ...size,
    maximized: wanted.maximized,
  };
}

/** The window's state as it should be saved: its normal (unmaximized) bounds and whether it is maximized. */
export function captureWindowState(window: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'>): WindowState {
  const { x, y, width, height } = window.getNormalBounds();
  return { x, y, width, height, maximized: window.isMaximized() };
}

/** Where the state is kept. */
export function windowStateFile(appDataDir: string): string {
  return path.join(appDataDir, 'window-state.json');
}

export function loadWindowState(file: string): WindowState | undefined {
  return parseWindowState(readJsonFile(file));
}

export function saveWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, state);
}
