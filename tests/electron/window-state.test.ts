import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  captureWindowState,
  fitWindowState,
  loadWindowState,
  parseWindowState,
  saveWindowState,
  windowStateFile,
  type Rectangle,
} from '../../electron/window-state.js';

const laptop: Rectangle = { x: 0, y: 25, width: 1440, height: 875 };
const monitorRight: Rectangle = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('parsing a saved window state', () => {
  it.each([
    [
      { x: 10, y: 20, width: 900, height: 700, maximized: true },
      { x: 10, y: 20, width: 900, height: 700, maximized: true },
    ],
    [
      { width: 900.4, height: 700.6 },
      { width: 900, height: 701, maximized: false },
    ],
    [
      { x: 10, width: 900, height: 700 },
      { width: 900, height: 700, maximized: false },
    ],
    [
      { x: -1500, y: 0, width: 900, height: 700, maximized: 'yes' },
      { x: -1500, y: 0, width: 900, height: 700, maximized: false },
    ],
  ])('keeps what is valid in %j', (input, expected) => {
    expect(parseWindowState(input)).toEqual(expected);
  });

  it.each([
    null,
    'big',
    [],
    {},
    { width: 0, height: 700 },
    { width: -5, height: 700 },
    { width: '900', height: 700 },
    { width: Number.NaN, height: 700 },
    { width: 900, height: Number.POSITIVE_INFINITY },
  ])('refuses %j', (input) => {
    expect(parseWindowState(input)).toBeUndefined();
  });
});

describe('fitting a window state to the displays', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(fitWindowState(undefined, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('keeps a window that is on a display', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 900, maximized: false };
    expect(fitWindowState(saved, [laptop, monitorRight])).toEqual(saved);
  });

  it('centres a window whose display is gone', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 900, maximized: true };
    expect(fitWindowState(saved, [laptop])).toEqual({ width: 1200, height: 875, maximized: true });
  });

  it('centres a window that would barely show', () => {
    const saved = { x: 1400, y: 860, width: 800, height: 600, maximized: false };
    expect(fitWindowState(saved, [laptop])).toEqual({ width: 800, height: 600, maximized: false });
  });

  it('pulls a window that hangs over an edge back onto its display', () => {
    const saved = { x: 1000, y: -200, width: 800, height: 600, maximized: false };
    expect(fitWindowState(saved, [laptop])).toEqual({ x: 640, y: 25, width: 800, height: 600, maximized: false });
  });

  it('shrinks a window larger than its display, and grows one below the minimum', () => {
    expect(fitWindowState({ x: 0, y: 25, width: 5000, height: 3000, maximized: false }, [laptop])).toEqual({
      x: 0,
      y: 25,
      width: 1440,
      height: 875,
      maximized: false,
    });
    expect(fitWindowState({ x: 100, y: 100, width: 200, height: 100, maximized: false }, [laptop])).toMatchObject({
      width: 640,
      height: 420,
    });
  });

  it('picks the display that shows most of the window', () => {
    const saved = { x: 1300, y: 100, width: 1000, height: 700, maximized: false };
    expect(fitWindowState(saved, [laptop, monitorRight])).toMatchObject({ x: 1440, y: 100 });
  });

  it('copes with no display information', () => {
    expect(fitWindowState({ x: 5, y: 5, width: 900, height: 700, maximized: false }, [])).toEqual({
      width: 900,
      height: 700,
      maximized: false,
    });
  });
});

describe('saving and loading', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips through window-state.json, and reads a damaged file as nothing', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-window-'));
    const file = windowStateFile(path.join(dir, 'nested'));
    expect(loadWindowState(file)).toBeUndefined();
    const window = {
      getNormalBounds: () => ({ x: 30, y: 40, width: 1100, height: 760 }),
      isMaximized: () => true,
    };
    saveWindowState(file, captureWindowState(window));
    expect(loadWindowState(file)).toEqual({ x: 30, y: 40, width: 1100, height: 760, maximized: true });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
    fs.writeFileSync(file, '{"width": 11');
    expect(loadWindowState(file)).toBeUndefined();
  });
});
