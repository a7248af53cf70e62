/**
 * The loopback browser host: binds 127.0.0.1, requires the token on every API route, refuses
 * foreign Host headers, serves the renderer with the CSP, and pushes change events over SSE.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../host/server.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let server: RunningServer;
let rendererDir: string;

beforeEach(async () => {
  t = openTestWorkspace();
  rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Triangulate</title>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  server = await startServer({ dispatcher: t.dispatcher, rendererDir });
});
afterEach(async () => {
  await server.close();
  t.dispose();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;

async function call(method: string, params: unknown, token = server.token): Promise<Response> {
  return fetch(`${base()}/api/call`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ method, params }),
  });
}

describe('loopback host', () => {
  it('prints a URL on 127.0.0.1 with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('answers API calls with the token, refuses them without', async () => {
    const ok = await call('documents.list', {});
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { ok: boolean; result: unknown[] };
    expect(body.ok).toBe(true);
    expect(body.result).toHaveLength(5);
    const wrong = await call('documents.list', {}, 'x'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const none = await fetch(`${base()}/api/call`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
  });

  it('returns API errors as {ok: false, error}', async () => {
    const reply = await call('documents.get', { id: 'nope' });
    expect(await reply.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bad = await fetch(`${base()}/api/call`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
  });

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const page = await fetch(`${base()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Triangulate</title>');
    expect((await fetch(`${base()}/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    const traversal = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: server.port, path: '/../../etc/passwd' }, (res) =>
        resolve(res.statusCode ?? 0),
      );
    });
    expect(traversal).toBe(404);
    expect((await fetch(`${base()}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'evil.example:80' } }, (res) =>
        resolve(res.statusCode ?? 0),
      );
    });
    expect(status).toBe(421);
  });

  it('streams change events to subscribers with the token', async () => {
    const unauthorized = await fetch(`${base()}/api/events`);
    expect(unauthorized.status).toBe(401);
    const controller = new AbortController();
    const events = await fetch(`${base()}/api/events?token=${server.token}`, { signal: controller.signal });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = events.body!.getReader();
    const docs = (await (await call('documents.list', {})).json()) as { result: Array<{ id: string }> };
    await call('annotations.create', {
      documentId: docs.result[0]!.id,
      labelId: 'claim',
      fragments: [{ start: 0, end: 4 }],
    });
    let text = '';
    while (!text.includes('annotations.create')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const frame = text.split('\n').find((line) => line.startsWith('data: '))!;
    const message = JSON.parse(frame.slice(6)) as { event: string; data: { method: string } };
    expect(message).toMatchObject({ event: 'changed', data: { method: 'annotations.create' } });
  });
});
