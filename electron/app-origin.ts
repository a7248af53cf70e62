/**
 * The app's own origin, `app://triangulate`. The desktop window loads the renderer from this
 * custom scheme instead of `file://`, so the page has a stable origin of its own: the IPC sender
 * check and the navigation guard compare URLs against it, and `'self'` in the CSP means it.
 */
import type { CustomScheme } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'triangulate';
/** What the window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * How the scheme is registered (`protocol.registerSchemesAsPrivileged`, before `ready`): a
 * standard, secure scheme, so relative URLs, `'self'` and `fetch` behave as they do on https. It
 * does not bypass the CSP and grants nothing else.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** True for a URL of the app's own origin (`app://triangulate/...`), false for anything else. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}
