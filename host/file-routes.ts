/**
 * The browser host's file routes (docs/transport.md, "Files"): how a page in a browser hands the
 * workspace a file and takes one back without ever naming a path.
 *
 * - `POST /api/files?name=NAME` (Bearer token): the body is the file, streamed to a private
 *   temporary file (never held in memory) up to {@link MAX_UPLOAD_BYTES}; the reply is a read
 *   grant `{grant, name, bytes}` for `documents.import` or `datasets.import`.
 * - `POST /api/files/download?name=NAME` (Bearer token): a write grant for `datasets.export`,
 *   pointing into the private folder.
 * - `GET /api/files/GRANT?token=TOKEN`: once that export is done, its files as one .zip (the data
 *   file with its manifest, or the brat folder), streamed; `&only=data` gives the data file alone.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { once } from 'node:events';
import { Zip, ZipDeflate } from 'fflate';
import type { FileGrants, Grant } from './file-grants.js';
import { formatMiB, refuseTooLarge, sameSecret, sendJson, unauthorized } from './http-replies.js';

/** The largest upload, 2 GiB: a dataset of a million annotations is well under it. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

export interface FileRouteOptions {
  token: string;
  grants: FileGrants;
  maxUploadBytes: number;
}

const CHUNK = 1 << 20;

function bearer(req: http.IncomingMessage): string | null {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7) : null;
}

function nameParam(url: URL): string {
  return (url.searchParams.get('name') ?? '').slice(0, 500);
}

/** Streams the request body into `file`; its size, or null once it passes `maxBytes` (the caller revokes the grant). */
async function receive(req: http.IncomingMessage, file: string, maxBytes: number): Promise<number | null> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  const out = fs.createWriteStream(file, { flags: 'w', mode: 0o600 });
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) return null;
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close').catch(() => undefined);
  }
  return size;
}

async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: FileRouteOptions) {
  const grant = options.grants.newUpload(nameParam(url) || 'upload');
  let bytes: number | null;
  try {
    bytes = await receive(req, grant.path, options.maxUploadBytes);
  } catch (error) {
    options.grants.revoke(grant.id);
    const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
    return sendJson(res, full ? 507 : 400, {
      ok: false,
      error: {
        code: full ? 'disk_full' : 'invalid_file',
        message: full
          ? `The disk holding the host's temporary folder is full, so “${grant.name}” could not be received. Free some space and try again.`
          : `“${grant.name}” did not arrive whole (${(error as Error).message}); try again.`,
      },
    });
  }
  if (bytes === null) {
    options.grants.revoke(grant.id);
    return refuseTooLarge(
      req,
      res,
      options.maxUploadBytes,
      `“${grant.name}” is larger than ${formatMiB(options.maxUploadBytes)} MiB, the most one upload may be.`,
    );
  }
  return sendJson(res, 200, { ok: true, result: { grant: grant.id, name: grant.name, bytes } });
}

/** `attachment` with the name in ASCII and, for every browser that reads it, in UTF-8 (RFC 6266). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The files under `target` (itself, or every file of a folder), with their names in the archive. */
function filesOf(target: string, base: string): Array<{ file: string; name: string }> {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return [{ file: target, name: path.relative(base, target).split(path.sep).join('/') }];
  return fs
    .readdirSync(target)
    .sort()
    .flatMap((entry) => filesOf(path.join(target, entry), base));
}

/** Streams every file into one zip on `res`, waiting for the client when it reads slowly. */
async function sendZip(res: http.ServerResponse, entries: Array<{ file: string; name: string }>): Promise<void> {
  let failed: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failed = error;
    else res.write(chunk);
    if (final) res.end();
  });
  const buffer = Buffer.alloc(CHUNK);
  for (const { file, name } of entries) {
    const entry = new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    const fd = fs.openSync(file, 'r');
    try {
      for (;;) {
        const n = fs.readSync(fd, buffer, 0, CHUNK, null);
        entry.push(buffer.subarray(0, n), n === 0);
        if (failed) throw failed;
        if (n === 0) break;
        if (res.writableNeedDrain) await once(res, 'drain');
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  zip.end();
}

async function download(res: http.ServerResponse, grant: Grant, dataOnly: boolean): Promise<void> {
  const base = path.dirname(grant.path);
  const entries = (dataOnly ? [grant.path] : (grant.files ?? [grant.path])).flatMap((target) =>
    fs.existsSync(target) && !(target !== grant.path && target.startsWith(grant.path + path.sep))
      ? filesOf(target, base)
      : [],
  );
  const single = entries.length === 1 && entries[0]?.file === grant.path ? entries[0] : null;
  if (single) {
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': fs.statSync(single.file).size,
      'Content-Disposition': disposition(grant.name),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    fs.createReadStream(single.file).pipe(res);
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Disposition': disposition(`${grant.name}.zip`),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  await sendZip(res, entries);
}

/** Answers one request under `/api/files`. */
export async function handleFileRoute(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  options: FileRouteOptions,
): Promise<void> {
  const rest = url.pathname.slice('/api/files'.length);
  if (req.method === 'POST') {
    if (!sameSecret(bearer(req), options.token)) return unauthorized(res);
    if (rest === '' || rest === '/') return upload(req, res, url, options);
    if (rest === '/download') {
      const grant = options.grants.newDownload(nameParam(url) || 'triangulate-export');
      return sendJson(res, 200, { ok: true, result: { grant: grant.id, name: grant.name } });
    }
  } else if (req.method === 'GET' && /^\/fg_[A-Za-z0-9_-]+$/.test(rest)) {
    if (!sameSecret(url.searchParams.get('token'), options.token)) return unauthorized(res);
    const grant = options.grants.download(rest.slice(1));
    if (!grant) {
      return sendJson(res, 404, {
        ok: false,
        error: {
          code: 'not_found',
          message: 'This download is no longer available (it expired or the host restarted); export again.',
        },
      });
    }
    return download(res, grant, url.searchParams.get('only') === 'data');
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
}
