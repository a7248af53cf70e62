/**
 * The shell's security pieces, without Electron: the Content-Security-Policy and the page that
 * repeats it, the window's web preferences (through a stand-in for BrowserWindow), the app://
 * origin, the one way out to the browser (openExternalSafely), the navigation and new-window
 * guards, and the session's refusals.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, isAppUrl } from '../../electron/app-origin.js';
import { createAppProtocolHandler } from '../../electron/app-protocol.js';
import { createMainWindow, windowTitle, type MainWindowInput } from '../../electron/main-window.js';
import { CONTENT_SECURITY_POLICY } from '../../host/content-security-policy.js';
import {
  externalWebUrl,
  hardenSession,
  hardenWebContents,
  isAllowedRequestUrl,
  navigationGuard,
  openExternalSafely,
  windowOpenHandler,
} from '../../electron/security.js';

// main-window.ts creates its window with Electron's BrowserWindow; here, a stand-in that keeps its options.
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  },
}));

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name as string, values];
    }),
  );
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('the Content-Security-Policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('allows scripts from the app itself only', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('has no unsafe-eval, no inline script and no remote host anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*/);
    for (const [, values] of csp) {
      for (const value of values) expect(["'self'", "'none'", 'data:']).toContain(value);
    }
  });
});

describe('the renderer page', () => {
  it("carries the header's Content-Security-Policy in a meta tag, before anything it governs", async () => {
    const serve = createAppProtocolHandler({ rendererDir: path.join(root, 'renderer') });
    const response = await serve(new Request(APP_ENTRY_URL));
    const html = await response.text();
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
    expect(metas).toHaveLength(1);
    expect(metas[0]?.[1]).toBe(response.headers.get('content-security-policy'));
    expect(metas[0]?.[1]).toBe(CONTENT_SECURITY_POLICY);
    const meta = metas[0]?.index ?? Infinity;
    expect(meta).toBeLessThan(html.search(/<script|<link rel="stylesheet"/));
  });
});

describe('the window', () => {
  const optionsOf = (window: unknown) => (window as { options: BrowserWindowConstructorOptions }).options;
  const input: MainWindowInput = {
    state: { x: 10, y: 20, width: 1000, height: 700, maximized: false },
    preload: '/app/dist/electron/preload.cjs',
    isDev: false,
    title: windowTitle('/home/ana/Baghdad centre.triangulate'),
  };
  const options = optionsOf(createMainWindow(input));

  it('is isolated, sandboxed, has no Node, and middle-click opens nothing', () => {
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
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
      devTools: false,
    });
  });

  it('gets DevTools in development only', () => {
    expect(optionsOf(createMainWindow({ ...input, isDev: true })).webPreferences?.devTools).toBe(true);
  });

  it('opens where it was, hidden until painted, titled after the workspace', () => {
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
    expect(options.title).toBe('Baghdad centre — Triangulate');
  });

  it('lets Electron place it when no position was saved', () => {
    const placed = optionsOf(createMainWindow({ ...input, state: { width: 900, height: 600, maximized: true } }));
    expect(placed).not.toHaveProperty('x');
    expect(placed).not.toHaveProperty('y');
    expect(placed).toMatchObject({ width: 900, height: 600, minWidth: 640, minHeight: 420 });
  });
});

describe('opening a link in the browser', () => {
  it.each([
    [
      'https://www.rt.com/news/316503-russia-iraq-syria-iran/',
      'https://www.rt.com/news/316503-russia-iraq-syria-iran/',
    ],
    ['http://example.org', 'http://example.org/'],
    ['HTTPS://Example.ORG/a b?q=1#x', 'https://example.org/a%20b?q=1#x'],
    ['  https://example.org/\n', 'https://example.org/'],
  ])('opens %j as the parser reads it', async (url, href) => {
    const open = vi.fn(async () => undefined);
    expect(externalWebUrl(url)).toBe(href);
    await expect(openExternalSafely(url, open)).resolves.toBe(true);
    expect(open.mock.calls).toEqual([[href]]);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'mailto:a@example.org',
    'ms-msdt:/id PCWDiagnostic',
    'app://triangulate/index.html',
    'data:text/html,<script>alert(1)</script>',
    'https://bank.example@evil.example/',
    'https://user:secret@example.org/',
    'http://:pw@example.org/',
    '/relative',
    '//example.org/no-scheme',
    'https://',
    '',
    'not a url',
  ])('refuses %j', async (url) => {
    const open = vi.fn(async () => undefined);
    expect(externalWebUrl(url)).toBeUndefined();
    await expect(openExternalSafely(url, open)).resolves.toBe(false);
    expect(open).not.toHaveBeenCalled();
  });

  it('resolves false, with a warning, when the system cannot open it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const open = vi.fn(async () => {
      throw new Error('no browser');
    });
    await expect(openExternalSafely('https://example.org/', open)).resolves.toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no browser'));
    warn.mockRestore();
  });
});

describe('the app origin', () => {
  it('is a standard, secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    expect(APP_ENTRY_URL).toBe('app://triangulate/index.html');
  });

  it.each([
    ['app://triangulate/index.html', true],
    ['app://triangulate/', true],
    ['app://triangulate/app.js?x=1#y', true],
    ['app://evil/index.html', false],
    ['app://triangulate.evil.example/index.html', false],
    ['app://user:pw@triangulate/index.html', false],
    ['file:///work/main/dist/renderer/index.html', false],
    ['http://127.0.0.1:3000/?token=x', false],
    ['https://triangulate/index.html', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['', false],
    ['not a url', false],
  ])('%s is the app: %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('the navigation guard', () => {
  it('lets the window move within the app', () => {
    const event = navigationEvent('app://triangulate/index.html#doc-1');
    navigationGuard()(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents everything else and hands only http(s) links to the browser', () => {
    const openExternal = vi.fn();
    const guard = navigationGuard({ openExternal });
    for (const url of [
      'https://www.rt.com/news/316503-russia-iraq-syria-iran/',
      'http://example.org/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'app://elsewhere/',
      'data:text/html,<script>alert(1)</script>',
    ]) {
      const event = navigationEvent(url);
      guard(event);
      expect(event.preventDefault, url).toHaveBeenCalledOnce();
    }
    expect(openExternal.mock.calls).toEqual([
      ['https://www.rt.com/news/316503-russia-iraq-syria-iran/'],
      ['http://example.org/'],
    ]);
  });

  it('never opens a new window', () => {
    const openExternal = vi.fn();
    const handler = windowOpenHandler({ openExternal });
    expect(handler({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://triangulate/index.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.org/']]);
  });

  it('hands the browser only what openExternalSafely accepts', () => {
    const openExternal = vi.fn();
    const guard = navigationGuard({ openExternal });
    const handler = windowOpenHandler({ openExternal });
    for (const url of ['https://user:pw@example.org/', 'HTTP://Example.org']) {
      guard(navigationEvent(url));
      handler({ url });
    }
    expect(openExternal.mock.calls).toEqual([['http://example.org/'], ['http://example.org/']]);
  });

  it('drops web links when there is no opener', () => {
    const event = navigationEvent('https://example.org/');
    navigationGuard()(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(windowOpenHandler()({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });
});

describe('hardening a page', () => {
  it('guards navigation, redirects, webviews and window.open', () => {
    const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => unknown) | undefined;
    const contents = {
      on: (name: string, listener: (event: { url?: string; preventDefault(): void }) => void) =>
        listeners.set(name, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => unknown) => (openHandler = handler),
    };
    hardenWebContents(contents as unknown as WebContents);
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);

    const away = navigationEvent('https://example.org/');
    listeners.get('will-navigate')?.(away);
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = navigationEvent('https://example.org/');
    listeners.get('will-redirect')?.(redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const home = navigationEvent('app://triangulate/index.html');
    listeners.get('will-redirect')?.(home);
    expect(home.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler?.({ url: 'app://triangulate/index.html' })).toEqual({ action: 'deny' });
  });
});

describe('hardening the session', () => {
  function fakeSession() {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
      webRequest: { onBeforeRequest: (h: never) => (handlers.beforeRequest = h) },
    };
    hardenSession(session as unknown as Session);
    return handlers as Record<string, (...args: unknown[]) => unknown>;
  }

  it('refuses every permission request and check', () => {
    const handlers = fakeSession();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      handlers.request?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check?.({}, permission, 'app://triangulate', {})).toBe(false);
    }
    expect(handlers.device?.({})).toBe(false);
  });

  it('cancels every request that leaves the app', () => {
    const handlers = fakeSession();
    const decide = (url: string) => {
      const callback = vi.fn();
      handlers.beforeRequest?.({ url }, callback);
      return callback.mock.calls[0]?.[0] as { cancel: boolean };
    };
    expect(decide('app://triangulate/app.js')).toEqual({ cancel: false });
    expect(decide('data:image/png;base64,AAAA')).toEqual({ cancel: false });
    expect(decide('https://fonts.googleapis.com/css')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:8080/api/call')).toEqual({ cancel: true });
    expect(decide('wss://example.org/socket')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(isAllowedRequestUrl('blob:app://triangulate/1234')).toBe(true);
  });
});
