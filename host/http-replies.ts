/**
 * The small pieces of HTTP the browser host's routes share: the token check, JSON replies, and
 * reading a request body under a cap (HTTP 413 `too_large` past it, without buffering the rest).
 */
import crypto from 'node:crypto';
import type http from 'node:http';

export function sameSecret(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(data);
}

export function unauthorized(res: http.ServerResponse): void {
  sendJson(res, 401, {
    ok: false,
    error: { code: 'unauthorized', message: 'Missing or wrong token: open the URL that “triangulate serve” printed.' },
  });
}

/** A request body over the cap: answered with HTTP 413 `too_large`. */
export class BodyTooLarge extends Error {}

function tooLargeMessage(maxBytes: number): string {
  return `The request is larger than ${formatMiB(maxBytes)} MiB, the host's cap. Send large files as an upload (Import…) instead of inline.`;
}

export function formatMiB(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 100) / 100);
}

/**
 * Reads a request body of at most `maxBytes`. Refuses at once when Content-Length says it is
 * larger, and stops reading as soon as a streamed body passes the cap, so nothing above the cap
 * is ever held in memory.
 */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        req.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Answers 413 and closes the connection: the rest of the body is not read. The client gets the
 * answer before the socket closes (the response is flushed first).
 */
export function refuseTooLarge(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  maxBytes: number,
  message = tooLargeMessage(maxBytes),
): void {
  const data = JSON.stringify({ ok: false, error: { code: 'too_large', message } });
  res.writeHead(413, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  // Discard (never buffer) what the client is still sending until the answer is out, then close.
  req.on('data', () => undefined);
  req.resume();
  res.end(data, () => {
    setTimeout(() => req.socket.destroy(), 1000).unref();
  });
}
