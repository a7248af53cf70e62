/**
 * main.ts against a stand-in for Electron's main-process API: checks that the thin entry point
 * really wires the tested pieces (secure window, app:// protocol with CSP, guards on every page,
 * permission denial, the validated IPC handler in front of a real workspace, the menu, the saved
 * window bounds). The stand-in records what main.ts does and lets the test trigger events.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shell, type MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../host/content-security-policy.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
  }
  class FakeWebContents extends Emitter {
    sent: Array<[string, unknown]> = [];
    reloads = 0;
    windowOpenHandler: Listener | undefined;
    send(channel: string, message: unknown) {
      this.sent.push([channel, message]);
    }
    isDestroyed() {
      return false;
    }
    reload() {
      this.reloads++;
    }
    setWindowOpenHandler(handler: Listener) {
      this.windowOpenHandler = handler;
    }
  }
  class BrowserWindow extends Emitter {
    static instances: BrowserWindow[] = [];
    webContents = new FakeWebContents();
    loaded: string[] = [];
    title = '';
    constructor(readonly options: Record<string, unknown>) {
      super();
      BrowserWindow.instances.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    setTitle(title: string) {
      this.title = title;
    }
    getNormalBounds() {
      return { x: 50, y: 60, width: 1111, height: 777 };
    }
    isMaximized() {
      return false;
    }
    isMinimized() {
      return false;
    }
    maximize() {}
    show() {}
    restore() {}
    focus() {}
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    name: 'Triangulate',
    paths: new Map<string, string>(),
    sandboxed: false,
    setName(name: string) {
      app.name = name;
    },
    setPath(name: string, value: string) {
      app.paths.set(name, value);
    },
    getPath(name: string) {
      return app.paths.get(name) ?? `/fake/${name}`;
    },
    enableSandbox() {
      app.sandboxed = true;
    },
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => undefined,
    exit: () => undefined,
  });
  const handlers: Record<string, Listener> = {};
  return {
    BrowserWindow,
    FakeWebContents,
    app,
    handlers,
    ipc: new Map<string, Listener>(),
    privileged: [] as unknown[],
    protocols: new Map<string, Listener>(),
    menus: [] as unknown[][],
    errors: [] as unknown[][],
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  Menu: {
    buildFromTemplate: (template: unknown[]) => template,
    setApplicationMenu: (menu: unknown[]) => fake.menus.push(menu),
  },
  dialog: {
    showErrorBox: (...args: unknown[]) => fake.errors.push(args),
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: true, filePath: '' }),
    showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
  },
  ipcMain: {
    handle: (channel: string, handler: Listener) => fake.ipc.set(channel, handler),
    removeHandler: (channel: string) => fake.ipc.delete(channel),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
    handle: (scheme: string, handler: Listener) => fake.protocols.set(scheme, handler),
  },
  screen: {
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: Listener) => (fake.handlers.permissionRequest = h),
      setPermissionCheckHandler: (h: Listener) => (fake.handlers.permissionCheck = h),
      setDevicePermissionHandler: (h: Listener) => (fake.handlers.devicePermission = h),
      webRequest: { onBeforeRequest: (h: Listener) => (fake.handlers.beforeRequest = h) },
    },
  },
  shell: { openExternal: vi.fn(async () => undefined) },
}));

let home: string;
const saved = { home: process.env.TRIANGULATE_HOME, workspace: process.env.TRIANGULATE_WORKSPACE };

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-main-'));
  process.env.TRIANGULATE_HOME = home;
  process.env.TRIANGULATE_WORKSPACE = path.join(home, 'main.triangulate');
  await import('../../electron/main.js');
  // The workspace opens in a worker thread first (through tsx here, slow under load): give it time.
  await vi.waitFor(() => expect([fake.errors, fake.BrowserWindow.instances.length]).toEqual([[], 1]), 30_000);
});

afterAll(() => {
  vi.restoreAllMocks();
  fake.app.emit('will-quit');
  process.env.TRIANGULATE_HOME = saved.home;
  process.env.TRIANGULATE_WORKSPACE = saved.workspace;
  if (saved.home === undefined) delete process.env.TRIANGULATE_HOME;
  if (saved.workspace === undefined) delete process.env.TRIANGULATE_WORKSPACE;
  fs.rmSync(home, { recursive: true, force: true });
});

const window = () => fake.BrowserWindow.instances[0] as InstanceType<typeof fake.BrowserWindow>;

describe('main.ts before ready', () => {
  it('registers app:// as a privileged scheme, sandboxes every renderer, keeps data with the CLI', () => {
    expect(fake.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.app.sandboxed).toBe(true);
    expect(fake.app.paths.get('userData')).toBe(home);
  });
});

describe('main.ts once ready', () => {
  it('opens one secure window on the app origin', () => {
    const options = window().options as { webPreferences: Record<string, unknown>; show: boolean; title: string };
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: true,
    });
    expect(path.isAbsolute(options.webPreferences.preload as string)).toBe(true);
    expect(path.basename(options.webPreferences.preload as string)).toBe('preload.cjs');
    expect(options.show).toBe(false);
    expect(options.title).toBe('main — Triangulate');
    expect(window().loaded).toEqual(['app://triangulate/index.html']);
  });

  it('serves app:// with the CSP', async () => {
    const handler = fake.protocols.get('app') as (request: Request) => Promise<Response>;
    const response = await handler(new Request('app://triangulate/index.html'));
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('denies permissions and cancels remote requests for the session', () => {
    const callback = vi.fn();
    fake.handlers.permissionRequest?.({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.handlers.permissionCheck?.({}, 'notifications', 'app://triangulate', {})).toBe(false);
    const cancel = vi.fn();
    fake.handlers.beforeRequest?.({ url: 'https://example.org/x.js' }, cancel);
    expect(cancel).toHaveBeenCalledWith({ cancel: true });
  });

  it('guards every page created', () => {
    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    const event = { url: 'https://example.org/', preventDefault: vi.fn() };
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('hands only checked http(s) links to the system browser', () => {
    const openExternal = vi.mocked(shell.openExternal);
    openExternal.mockClear();
    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    for (const url of ['https://example.org/a', 'https://user:pw@example.org/', 'file:///etc/passwd']) {
      contents.emit('will-navigate', { url, preventDefault: vi.fn() });
      contents.windowOpenHandler?.({ url });
    }
    expect(openExternal.mock.calls).toEqual([['https://example.org/a'], ['https://example.org/a']]);
  });

  it('answers IPC calls from the app origin with the workspace, refuses others', async () => {
    const call = fake.ipc.get('triangulate:call') as Listener;
    const fromApp = { senderFrame: { url: 'app://triangulate/index.html' } };
    const reply = (await call(fromApp, 'documents.list', {})) as { ok: boolean; result: unknown[] };
    expect(reply.ok).toBe(true);
    expect(reply.result).toHaveLength(5);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await call({ senderFrame: { url: 'https://evil.example/' } }, 'documents.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('pushes workspace events to the window', async () => {
    const call = fake.ipc.get('triangulate:call') as Listener;
    await call({ senderFrame: { url: 'app://triangulate/' } }, 'settings.set', { key: 'theme', value: 'dark' });
    expect(window().webContents.sent.at(-1)).toEqual([
      'triangulate:event',
      expect.objectContaining({ event: 'changed' }),
    ]);
  });

  it('sets the menu, whose Export… reaches the page as a command', () => {
    const menu = fake.menus.at(-1) as MenuItemConstructorOptions[];
    const file = menu.find((item) => item.id === 'file')?.submenu as MenuItemConstructorOptions[];
    const exportItem = file.find((item) => item.id === 'file.export');
    (exportItem?.click as () => void)();
    expect(window().webContents.sent.at(-1)).toEqual([
      'triangulate:event',
      { event: 'command', data: { name: 'export' } },
    ]);
    const recent = file.find((item) => item.id === 'file.open-recent')?.submenu as MenuItemConstructorOptions[];
    expect(recent[0]?.label).toBe(path.join(home, 'main.triangulate'));
  });

  it('remembers the window bounds when it closes', () => {
    window().emit('close');
    expect(JSON.parse(fs.readFileSync(path.join(home, 'window-state.json'), 'utf8'))).toEqual({
      x: 50,
      y: 60,
      width: 1111,
      height: 777,
      maximized: false,
    });
  });
});
