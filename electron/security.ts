/**
 * The Electron window's security: the one validated way out to the person's browser
 * (`openExternalSafely`), the navigation and new-window guards, permission denial and the network
 * filter. The window's web preferences are in main-window.ts, at the `new BrowserWindow` call.
 * Each guard takes the Electron object it configures as a parameter, so it is tested without an
 * Electron binary.
 */
import type { Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './app-origin.js';

/**
 * The URL to hand to the person's browser for `url`, or `undefined`: only an absolute http(s) URL
 * as the WHATWG URL parser reads it, with no user name or password in it (`https://bank@evil/`
 * reads as a trusted name but goes elsewhere). The answer is the parser's serialization, so what
 * is checked is exactly what is opened.
 */
export function externalWebUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}

/** Electron's `shell.openExternal`, or a stand-in in the tests. */
export type OpenExternal = (url: string) => Promise<void> | void;

/**
 * The only way Triangulate opens a URL outside itself: `open` (Electron's `shell.openExternal`)
 * receives the URL only if `externalWebUrl` accepts it, never a file, custom-scheme or
 * credential-carrying URL. Resolves true once handed over, false if refused or if the system
 * could not open it.
 */
export async function openExternalSafely(url: string, open: OpenExternal): Promise<boolean> {
  const href = externalWebUrl(url);
  if (href === undefined) return false;
  try {
    await open(href);
    return true;
  } catch (error) {
    console.warn(`triangulate: could not open a link in the browser: ${(error as Error).message}`);
    return false;
  }
}

const LOCAL_REQUEST_SCHEMES = new Set(['data:', 'blob:', 'devtools:']);

/** Whether the session may load `url`: the app's own origin and in-memory data only. */
export function isAllowedRequestUrl(url: string): boolean {
  if (isAppUrl(url)) return true;
  try {
    return LOCAL_REQUEST_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** What the guards read of a `will-navigate` / `will-redirect` event. */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

export interface GuardOptions {
  /**
   * Electron's `shell.openExternal`; the guards call it only through `openExternalSafely`. Omit
   * to drop links to the web. Electron does not tell these events whether a click started them,
   * so the guards cannot require one: what reaches them is the page's own navigation, and the
   * page runs only the app's bundle (the CSP allows scripts from the app's origin only).
   */
  openExternal?: OpenExternal;
}

/**
 * The `will-navigate` listener: the window stays on the app's origin. Anything else is prevented;
 * an http(s) link goes to the person's browser instead (`openExternalSafely`).
 */
export function navigationGuard(options: GuardOptions = {}): (event: NavigationEvent) => void {
  return (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    if (options.openExternal) void openExternalSafely(event.url, options.openExternal);
  };
}

/**
 * The `setWindowOpenHandler` handler: never a new window; http(s) links go to the browser
 * (`openExternalSafely`).
 */
export function windowOpenHandler(options: GuardOptions = {}): (details: { url: string }) => WindowOpenHandlerResponse {
  return ({ url }) => {
    if (options.openExternal) void openExternalSafely(url, options.openExternal);
    return { action: 'deny' };
  };
}

/** Applies every per-page guard to a web contents (called for each one created). */
export function hardenWebContents(contents: WebContents, options: GuardOptions = {}): void {
  contents.on('will-navigate', navigationGuard(options));
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler(options));
}

/**
 * Session-wide guards: every permission request and check is refused (camera, notifications,
 * geolocation, clipboard reads, devices...), and every request outside the app's origin is
 * cancelled before it reaches the network.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
}
