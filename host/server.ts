/**
 * The loopback browser host: serves the renderer bundle and the same request dispatcher the
 * Electron window uses, on 127.0.0.1 only, guarded by a per-run secret token. Live events reach
 * the page through server-sent events. This is what `triangulate serve` runs and what the
 * browser tests drive. Protocol: docs/transport.md.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { EventMessage } from '../common/contract.js';
import type { Dispatcher } from './dispatcher.js';
import { FileGrants } from './file-grants.js';
import { handleFileRoute, MAX_UPLOAD_BYTES } from './file-routes.js';
import { mimeTypeOf } from './mime-types.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { pageDispatcher } from './page-access.js';
import { BodyTooLarge, readBody, refuseTooLarge, sameSecret, sendJson, unauthorized } from './http-replies.js';

export interface ServerOptions {
  dispatcher: Dispatcher;
  /** Folder with the built renderer (index.html, app.js, app.css). */
  rendererDir: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** The secret; random by default. */
  token?: string;
  /** Largest request body accepted, in bytes; {@link MAX_BODY_BYTES} by default. */
  maxBodyBytes?: number;
  /** Most event streams open at once per token; {@link MAX_EVENT_STREAMS} by default. */
  maxEventStreams?: number;
  /** Largest upload (`POST /api/files`), in bytes; {@link MAX_UPLOAD_BYTES} by default. */
  maxUploadBytes?: number;
  /** The grants of uploads and downloads; a new registry by default (closed with the server). */
  grants?: FileGrants;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/?token=TOKEN`: what a person opens. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The largest `POST /api/call` body, 64 MiB: a bigger one is refused with HTTP 413 `too_large`
 * as soon as its Content-Length says so, or as soon as a streamed body passes the cap, without
 * buffering the rest. Documents larger than this are imported from a path, not inline.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/**
 * The most event streams (`GET /api/events`) open at once per token: a page holds one, so 16
 * leave room for many tabs. One more is refused with HTTP 429 `too_large` (the open ones keep
 * their events; closing a tab frees a place).
 */
export const MAX_EVENT_STREAMS = 16;
const KEEPALIVE_MS = 15_000;

/** Starts the host. Resolves once it listens. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const maxEventStreams = options.maxEventStreams ?? MAX_EVENT_STREAMS;
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const ownGrants = options.grants === undefined;
  const grants = options.grants ?? new FileGrants();
  // Every request of the page passes the gate: no paths, only files the person chose.
  const dispatcher = pageDispatcher(options.dispatcher, grants);
  // Every open event stream. The host has one token, so this set is the per-token count.
  const streams = new Set<http.ServerResponse>();
  let port = options.port ?? 0;

  const unsubscribe = options.dispatcher.subscribe((message: EventMessage) => {
    const frame = `data: ${JSON.stringify(message)}\n\n`;
    for (const res of streams) res.write(frame);
  });
  const keepalive = setInterval(() => {
    for (const res of streams) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS-rebinding guard: only our own loopback names may address this server.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Malformed URL');
      return;
    }

    if (url.pathname === '/api/call') {
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST' }).end();
        return;
      }
      const auth = req.headers.authorization ?? '';
      if (!sameSecret(auth.startsWith('Bearer ') ? auth.slice(7) : null, token)) return unauthorized(res);
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) return refuseTooLarge(req, res, maxBodyBytes);
        throw error;
      }
      let body: { method?: unknown; params?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch (error) {
        return sendJson(res, 400, {
          ok: false,
          error: { code: 'invalid_params', message: `The request body is not JSON: ${(error as Error).message}` },
        });
      }
      const result = await dispatcher.dispatch(String(body.method ?? ''), body.params ?? {});
      return sendJson(res, 200, result);
    }

    if (url.pathname === '/api/files' || url.pathname.startsWith('/api/files/')) {
      return handleFileRoute(req, res, url, { token, grants, maxUploadBytes });
    }

    if (url.pathname === '/api/events') {
      if (!sameSecret(url.searchParams.get('token'), token)) return unauthorized(res);
      if (streams.size >= maxEventStreams) {
        return sendJson(res, 429, {
          ok: false,
          error: {
            code: 'too_large',
            message: `Already ${maxEventStreams} live views are open on this workspace, the host's cap. Close a Triangulate tab, then reload this one.`,
          },
        });
      }
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      // A lone `%` or an escape that is not UTF-8 (`GET /%`): the client's mistake, not ours.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Malformed URL');
      return;
    }
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': mimeTypeOf(file),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(keepalive);
            unsubscribe();
            for (const res of streams) res.end();
            streams.clear();
            if (ownGrants) grants.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
