import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../electron/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../host/content-security-policy.js';

let base: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-protocol-'));
  fs.mkdirSync(path.join(base, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(base, 'renderer', 'index.html'), '<!doctype html><title>Triangulate</title>');
  fs.writeFileSync(path.join(base, 'renderer', 'app.js'), 'console.log(1);');
  fs.writeFileSync(path.join(base, 'renderer', 'assets', 'font.woff2'), 'woff2');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'not for the page');
  handle = createAppProtocolHandler({ rendererDir: path.join(base, 'renderer') });
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('the app:// protocol', () => {
  it('serves the renderer with the CSP on every response', async () => {
    const page = await get('app://triangulate/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Triangulate</title>');

    const script = await get('app://triangulate/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://triangulate/assets/font.woff2')).headers.get('content-type')).toBe('font/woff2');
    expect(await (await get('app://triangulate/')).text()).toContain('Triangulate');

    const missing = await get('app://triangulate/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://triangulate/..%2fsecret.txt',
    'app://triangulate/%2e%2e%2fsecret.txt',
    'app://triangulate/assets/..%2f..%2fsecret.txt',
    'app://triangulate/%2e%2e/secret.txt',
  ])('never serves a file outside the renderer: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the page');
  });

  it('refuses other hosts, other methods and broken URLs', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://triangulate/index.html', 'POST')).status).toBe(405);
    expect((await get('app://triangulate/%E0%A4%A')).status).toBe(400);
    const head = await get('app://triangulate/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
