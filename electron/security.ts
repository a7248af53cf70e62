/**
 * The Electron window's security: the navigation and new-window guards, permission denial and
 * the network filter. The window's web preferences are in main-window.ts, at the
 * `new BrowserWindow` call. Each guard takes the Electron object it configures as a parameter, so
 * it is tested without an Electron binary.
 */
import type { Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './app-origin.js';

/** True for http(s) URLs, the only kind a link may hand to the person's browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
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
  /** Opens an http(s) URL in the person's browser (`shell.openExternal`); omit to drop such links. */
  openExternal?: (url: string) => unknown;
}

/**
 * The `will-navigate` listener: the window stays on the app's origin. Anything else is prevented;
 * an http(s) link goes to the person's browser instead.
 */
export function navigationGuard(options: GuardOptions = {}): (event: NavigationEvent) => void {
  return (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    if (isExternalWebUrl(event.url)) void options.openExternal?.(event.url);
  };
}

/** The `setWindowOpenHandler` handler: never a new window; http(s) links go to the browser. */
export function windowOpenHandler(options: GuardOptions = {}): (details: { url: string }) => WindowOpenHandlerResponse {
  return ({ url }) => {
    if (isExternalWebUrl(url)) void options.openExternal?.(url);
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
