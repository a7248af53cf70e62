/**
 * Finding 9 of the "Trust" issue (and the `GET /%` case of finding 8): the loopback host is
 * bounded. A body over 64 MiB is answered with 413 `too_large` as soon as its Content-Length
 * says so or the streamed body passes the cap, without being buffered; event streams are capped
 * per token (the one over the cap is refused with 429, the open ones keep working); a setting's
 * value is capped at 64 KiB; a malformed URL is the client's 400, not the host's 500.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_EVENT_STREAMS, startServer, type RunningServer } from '../../host/server.js';
import { MAX_SETTING_BYTES } from '../../db/settings.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let server: RunningServer;
let rendererDir: string;

beforeEach(async () => {
  t = openTestWorkspace({ seed: false });
  rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Triangulate</title>');
  server = await startServer({ dispatcher: t.dispatcher, rendererDir });
});
afterEach(async () => {
  await server.close();
  t.dispose();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
  /** Bytes the client had written when the answer came. */
  sent: number;
}

/**
 * POSTs to /api/call, writing `total` bytes in 1 MiB chunks (with a Content-Length, or chunked
 * when `declare` is false), and resolves with the first answer, whether or not the body was done.
 */
function post(total: number, declare: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: '/api/call',
      method: 'POST',
      headers: {
        Authorization: `Bearer ${server.token}`,
        'Content-Type': 'application/json',
        ...(declare ? { 'Content-Length': String(total) } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sent });
        req.destroy();
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const pump = () => {
      while (!answered && sent < total) {
        const size = Math.min(chunk.length, total - sent);
        sent += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && sent >= total) req.end();
    };
    pump();
  });
}

function rawGet(target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: target, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('finding 9: the request body is capped at 64 MiB', () => {
  it('documents the cap as 64 MiB', () => {
    expect(MAX_BODY_BYTES).toBe(64 * 1024 * 1024);
    expect(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/transport.md'), 'utf8')).toMatch(
      /64 MiB[\s\S]*413[\s\S]*too_large/,
    );
  });

  it('answers 413 too_large from the Content-Length of a 500 MB body, before the body is sent', async () => {
    const answer = await post(500 * 1000 * 1000, true);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(JSON.parse(answer.body).error.message).toMatch(/64 MiB/);
    // Refused on the headers: the client had written a small part of the body at most.
    expect(answer.sent).toBeLessThan(MAX_BODY_BYTES);
  });

  it('answers 413 too_large once a streamed (chunked) body passes the cap, before its end', async () => {
    const answer = await post(MAX_BODY_BYTES * 4, false);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(answer.sent).toBeLessThan(MAX_BODY_BYTES * 4);
  });

  it('keeps answering after refusing a body', async () => {
    await post(MAX_BODY_BYTES + 1, true);
    const reply = await fetch(`http://127.0.0.1:${server.port}/api/call`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ method: 'labels.list', params: {} }),
    });
    expect(reply.status).toBe(200);
  });
});

describe('finding 9: event streams are capped per token', () => {
  it(`keeps ${MAX_EVENT_STREAMS} streams and refuses one more with 429 too_large`, async () => {
    const controllers: AbortController[] = [];
    const open = async () => {
      const controller = new AbortController();
      controllers.push(controller);
      return fetch(`http://127.0.0.1:${server.port}/api/events?token=${server.token}`, { signal: controller.signal });
    };
    try {
      const streams: Response[] = [];
      for (let i = 0; i < MAX_EVENT_STREAMS; i++) streams.push(await open());
      expect(streams.every((s) => s.status === 200)).toBe(true);
      const refused = await open();
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'too_large' } });

      // A closed stream frees its place.
      controllers[0]!.abort();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await open();
      expect(again.status).toBe(200);
    } finally {
      for (const controller of controllers) controller.abort();
    }
  });
});

describe('finding 9: a setting’s value is capped at 64 KiB', () => {
  it('refuses a 50 MB setting (and one just over 64 KiB) with invalid_params, writing nothing', async () => {
    expect(MAX_SETTING_BYTES).toBe(64 * 1024);
    const before = await t.call('settings.get', {});
    for (const size of [50 * 1000 * 1000, MAX_SETTING_BYTES]) {
      const reply = await t.dispatcher.dispatch('settings.set', { key: 'blob', value: 'x'.repeat(size) });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/at most 64 KiB/);
    }
    expect(await t.call('settings.get', {})).toEqual(before);
    // Just under the cap is fine.
    const fits = 'x'.repeat(MAX_SETTING_BYTES - 2);
    expect((await t.call('settings.set', { key: 'blob', value: fits })).blob).toBe(fits);
  });
});

describe('finding 8: a malformed URL is 400, not 500', () => {
  it.each(['/%', '/%E0%A4%A', '/%FF', '/assets/%zz'])('GET %s → 400', async (target) => {
    const answer = await rawGet(target);
    expect(answer.status).toBe(400);
  });
});
