/**
 * The `app://` protocol handler: serves the renderer bundle to the desktop window from the app's
 * own origin (see app-origin.ts), with the Content-Security-Policy on every response, and never
 * anything outside the renderer folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin.js';
import { CONTENT_SECURITY_POLICY } from '../host/content-security-policy.js';
import { mimeTypeOf } from '../host/mime-types.js';

export interface AppProtocolOptions {
  /** Folder of the built renderer (index.html, app.js, app.css). */
  rendererDir: string;
  /** Reads a file (injected for tests; Electron's fs also reads inside app.asar). */
  readFile?: (file: string) => Promise<Buffer>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The `protocol.handle(APP_SCHEME, ...)` handler: GET/HEAD of a file under `rendererDir`, with
 * the CSP on every response. Other hosts, other methods and paths that leave the folder are
 * refused.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.rendererDir);
  const readFile = options.readFile ?? ((file: string) => fs.promises.readFile(file));
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      return plain(400, 'Bad request');
    }
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep) || relative.includes('\0')) return plain(404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeOf(file) },
    });
  };
}
