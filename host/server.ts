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
import { mimeTypeOf } from './mime-types.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

export interface ServerOptions {
  dispatcher: Dispatcher;
  /** Folder with the built renderer (index.html, app.js, app.css). */
  rendererDir: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** The secret; random by default. */
  token?: string;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/?token=TOKEN`: what a person opens. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024 * 1024;
const KEEPALIVE_MS = 15_000;

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(data);
}

function unauthorized(res: http.ServerResponse): void {
  sendJson(res, 401, {
    ok: false,
    error: { code: 'unauthorized', message: 'Missing or wrong token: open the URL that “triangulate serve” printed.' },
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('The request is larger than 256 MiB.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the host. Resolves once it listens. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
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
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname === '/api/call') {
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST' }).end();
        return;
      }
      const auth = req.headers.authorization ?? '';
      if (!sameSecret(auth.startsWith('Bearer ') ? auth.slice(7) : null, token)) return unauthorized(res);
      let body: { method?: unknown; params?: unknown };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch (error) {
        return sendJson(res, 400, {
          ok: false,
          error: { code: 'invalid_params', message: `The request body is not JSON: ${(error as Error).message}` },
        });
      }
      const result = await options.dispatcher.dispatch(String(body.method ?? ''), body.params ?? {});
      return sendJson(res, 200, result);
    }

    if (url.pathname === '/api/events') {
      if (!sameSecret(url.searchParams.get('token'), token)) return unauthorized(res);
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
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
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
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
