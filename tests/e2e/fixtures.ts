/**
 * End-to-end fixtures: each test gets its own `triangulate serve` on a fresh temporary
 * workspace (seeded with the five articles), a way to call the API from the test process the
 * way the page does (HTTP with the token), and helpers to find things as a person would.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodName, ParamsOf, ResultOf } from '../../common/contract.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running workbench server. */
export interface Server {
  /** The URL with its token, as `triangulate serve` printed it. */
  url: string;
  origin: string;
  token: string;
  workspace: string;
  /** Calls the API over HTTP like the page does (so the server's views see the change). */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`triangulate serve printed no URL in ${timeoutMs} ms: ${err}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, newline).trim());
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`triangulate serve exited with ${code}: ${err}`));
    });
  });
}

/** Starts `triangulate serve` on a fresh workspace; returns it with a stop function. */
export async function startServer(): Promise<Server & { stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-e2e-'));
  const workspace = path.join(dir, 'e2e.triangulate');
  const child = spawn(process.execPath, ['bin/triangulate.js', 'serve', '--port', '0', '--workspace', workspace], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRIANGULATE_WORKSPACE: workspace },
  });
  // Never leave a server behind, even when the test process dies.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const url = await firstLine(child, 30_000);
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  const origin = parsed.origin;
  return {
    url,
    origin,
    token,
    workspace,
    async call(method, params) {
      const response = await fetch(`${origin}/api/call`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ method, params }),
      });
      const reply = (await response.json()) as {
        ok: boolean;
        result?: unknown;
        error?: { code: string; message: string };
      };
      if (!reply.ok) throw new Error(`${method}: ${reply.error?.code}: ${reply.error?.message}`);
      return reply.result as ResultOf<typeof method>;
    },
    async stop() {
      process.removeListener('exit', killChild);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ server: Server }>({
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
});

export { expect };

/** The seed article most tests work on. */
export const ARUTZ = 'Iraq Steps Up Anti-ISIS Coordination with Iran, Syria, Russia';
export const UPI = 'Iraq, Russia, Iran and Syria to share intelligence on Daesh';
export const GLOBAL_RESEARCH =
  "Russia, Iran, Iraq & Syria Setting Up 'Joint Information Center' to Coordinate Anti-ISIS Operations";

/**
 * Tags `phrase` (its first occurrence; or from the first `[from` to the next `to]`, when the
 * stored text differs from the file's markup) in the document titled `title`.
 */
export async function tagPhrase(
  server: Server,
  title: string,
  phrase: string | [string, string],
  labelId: string,
  attributes?: Record<string, string>,
  links: { entityId?: string; claimId?: string } = {},
) {
  const documents = await server.call('documents.list', {});
  const summary = documents.find((d) => d.title === title);
  if (!summary) throw new Error(`no document ${title}`);
  const { text } = await server.call('documents.get', { id: summary.id });
  const [from, to] = typeof phrase === 'string' ? [phrase, ''] : phrase;
  const start = text.indexOf(from);
  const end = to ? text.indexOf(to, start) + to.length : start + from.length;
  if (start < 0 || end < start + from.length) throw new Error(`“${from}…${to}” is not in ${title}`);
  return server.call('annotations.create', {
    documentId: summary.id,
    labelId,
    fragments: [{ start, end }],
    ...(attributes ? { attributes } : {}),
    ...links,
  });
}

/** Opens the workbench and waits until the corpus is listed. */
export async function openWorkbench(page: Page, server: Server): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByRole('navigation', { name: 'Documents' }).getByRole('button').first()).toBeVisible();
}

/** Opens a document by clicking it in the corpus, and waits for its text. */
export async function openDocument(page: Page, title: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Documents' })
    .getByRole('button', { name: new RegExp(`^${escapeRegExp(title)}`) })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await expect(reader(page)).toBeVisible();
  await expect(page.getByRole('main')).toHaveAttribute('data-annotations', 'complete');
}

export function reader(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Article text' });
}

export function annotationList(page: Page): Locator {
  return page.getByRole('listbox', { name: 'Annotations in this document' });
}

export function inspector(page: Page): Locator {
  return page.getByRole('complementary', { name: /Annotation|Inspector/ });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CharBox {
  left: number;
  right: number;
  top: number;
  height: number;
}

/**
 * The screen boxes of characters of the `occurrence`-th `phrase` in the reader (scrolled into
 * view), one per offset in `offsets` (offsets inside the phrase).
 */
async function charBoxes(page: Page, phrase: string, occurrence: number, offsets: number[]): Promise<CharBox[]> {
  return page.evaluate(
    ({ phrase, occurrence, offsets }) => {
      const root = document.querySelector('.reader-text');
      if (!root) throw new Error('no reader');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        let from = 0;
        for (;;) {
          const at = node.data.indexOf(phrase, from);
          if (at < 0) break;
          if (seen++ === occurrence) {
            node.parentElement?.scrollIntoView({ block: 'center' });
            return offsets.map((offset) => {
              const r = document.createRange();
              r.setStart(node, at + offset);
              r.setEnd(node, at + offset + 1);
              const rects = r.getClientRects();
              const rect = rects[rects.length - 1] as DOMRect;
              return { left: rect.left, right: rect.right, top: rect.top, height: rect.height };
            });
          }
          from = at + 1;
        }
      }
      throw new Error(`“${phrase}” is not in the text`);
    },
    { phrase, occurrence, offsets },
  );
}

/** Selects `[start, end)` of `phrase`'s first occurrence in the reader by dragging the mouse. */
export async function dragSelect(page: Page, phrase: string, occurrence = 0): Promise<void> {
  const [a, b] = (await charBoxes(page, phrase, occurrence, [0, phrase.length - 1])) as [CharBox, CharBox];
  const box = { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

/** The screen position of the middle of a phrase's first character in the reader. */
export async function pointOf(
  page: Page,
  phrase: string,
  occurrence = 0,
  offsetInPhrase = 0,
): Promise<{ x: number; y: number }> {
  const [rect] = (await charBoxes(page, phrase, occurrence, [offsetInPhrase])) as [CharBox];
  return { x: (rect.left + rect.right) / 2, y: rect.top + rect.height / 2 };
}
