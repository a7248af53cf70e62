/**
 * Regenerates docs/screenshot.png: the workbench at 1440×900 on the seed corpus, with a few
 * annotations (nested and overlapping), an entity linked across two articles with its aliases,
 * a claim attributed to its source, and the inspector showing the linked entity.
 *
 *   npm run screenshot          (builds first)
 *   tsx scripts/screenshot.ts [--theme dark] [--width 960] [--out FILE]
 *
 * Runs `triangulate serve` on a fresh temporary workspace and drives Debian's Chromium
 * (CHROMIUM_PATH to use another). Everything is created through the API, so the picture is the
 * same on every run except for what the clock decides (no timestamps are in view).
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodName, ParamsOf, ResultOf } from '../common/contract.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const theme = args.includes('--theme') ? (args[args.indexOf('--theme') + 1] ?? 'light') : 'light';
const width = args.includes('--width') ? Number(args[args.indexOf('--width') + 1]) : 1440;
const out = path.resolve(args.includes('--out') ? (args[args.indexOf('--out') + 1] as string) : 'docs/screenshot.png');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-screenshot-'));
const server = spawn(
  process.execPath,
  ['bin/triangulate.js', 'serve', '--port', '0', '--workspace', path.join(dir, 'shot.triangulate')],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);

try {
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    server.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('\n')) resolve(buffer.slice(0, buffer.indexOf('\n')).trim());
    });
    server.once('exit', (code) => reject(new Error(`triangulate serve exited with ${code}`)));
  });
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token') ?? '';

  async function call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const response = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ method, params }),
    });
    const reply = (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
    if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
    return reply.result as ResultOf<M>;
  }

  await call('settings.set', { key: 'analyst', value: 'analyst' });
  const docs = await call('documents.list', {});
  const byOutlet = (outlet: string) => {
    const doc = docs.find((d) => d.outlet === outlet);
    if (!doc) throw new Error(`no seed article from ${outlet}`);
    return doc;
  };
  const arutz = byOutlet('Arutz Sheva');
  const upi = byOutlet('UPI');

  async function tagger(documentId: string) {
    const { text } = await call('documents.get', { id: documentId });
    return async (
      labelId: string,
      phrase: string,
      extra: Omit<ParamsOf<'annotations.create'>, 'documentId' | 'labelId' | 'fragments'> = {},
      after = '',
    ) => {
      const from = after ? text.indexOf(after) : 0;
      const start = text.indexOf(phrase, Math.max(0, from));
      if (start < 0) throw new Error(`“${phrase}” is not in the article`);
      return call('annotations.create', {
        documentId,
        labelId,
        fragments: [{ start, end: start + phrase.length }],
        ...extra,
      });
    };
  }

  const isis = await call('entities.create', {
    name: 'Islamic State',
    type: 'group',
    aliases: ['ISIS', 'IS', 'ISIL', 'Daesh'],
  });
  const iraq = await call('entities.create', { name: 'Iraq', type: 'country' });
  const centre = await call('claims.create', {
    summary: 'Iraq, Russia, Iran and Syria set up a joint intelligence centre in Baghdad',
  });

  const tagA = await tagger(arutz.id);
  const claim = await tagA(
    'claim',
    'Iraq, Russia, Iran and Syria have agreed to set up an intelligence committee in Baghdad',
    {
      claimId: centre.id,
      attributes: { stance: 'reported' },
    },
  );
  await tagA('country', 'Iraq', { entityId: iraq.id }, 'Iraq, Russia, Iran and Syria have agreed');
  for (const country of ['Russia', 'Iran', 'Syria'])
    await tagA('country', country, {}, 'Iraq, Russia, Iran and Syria have agreed');
  await tagA('place', 'Baghdad', {}, 'intelligence committee in');
  const spokesman = await tagA('source', 'a spokesman');
  await tagA('armed-group', 'Islamic State (ISIS)', { entityId: isis.id });
  await tagA('source', "Saad al-Hadithi, a spokesman for Prime Minister Haider al-Abadi's office");
  await tagA('person', 'Saad al-Hadithi');
  await tagA('person', 'Haider al-Abadi');
  await tagA('media-outlet', 'AFP');
  await tagA('armed-group', 'Daesh', { entityId: isis.id });
  await call('relations.create', { fromId: claim.id, toId: spokesman.id, type: 'attributed_to' });

  const tagU = await tagger(upi.id);
  await tagU('armed-group', 'Daesh', { entityId: isis.id });
  await tagU('claim', 'Iraq, Russia, Iran and Syria', { claimId: centre.id });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--hide-scrollbars'],
  });
  const page = await browser.newPage({
    viewport: { width, height: 900 },
    colorScheme: theme === 'dark' ? 'dark' : 'light',
  });
  await call('settings.set', { key: 'theme', value: theme === 'dark' ? 'dark' : 'light' });
  await call('settings.set', { key: 'lastDocumentId', value: arutz.id });
  await page.goto(url);
  await page.locator('main[data-annotations="complete"]').waitFor();
  await page
    .getByRole('listbox', { name: 'Annotations in this document' })
    .getByRole('option', { name: 'Armed group: Islamic State (ISIS)' })
    .click();
  await page.getByRole('heading', { name: 'Names of Islamic State' }).waitFor();
  await page
    .getByRole('region', { name: /Mentions across the corpus/ })
    .getByRole('button')
    .nth(2)
    .waitFor();
  await page.mouse.move(0, 899);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(300);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
