/**
 * The desktop app end to end, driven by Playwright's `_electron`: launch on a temporary
 * workspace, see the seed documents, tag a word through the UI, quit, launch again and find the
 * tag. Runs only where an Electron binary exists (and, on Linux, a display: use xvfb-run);
 * elsewhere the test is reported as skipped and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Annotation } from '../../common/domain.js';

const root = path.resolve(import.meta.dirname, '..', '..');

interface StartScript {
  electronPackage(): { dir: string; version: string } | null;
  findElectronBinary(): string | null;
  ensureElectronBinding(options: { electronVersion: string; log?: (line: string) => void }): string;
}
const start = (await import(pathToFileURL(path.join(root, 'scripts', 'start.mjs')).href)) as StartScript;

const electronBinary = start.findElectronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const skipReason = !electronBinary
  ? 'no Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD)'
  : !hasDisplay
    ? 'no display (run it under xvfb-run)'
    : null;
if (skipReason) console.log(`Electron e2e skipped: ${skipReason}`);

// What the test looks for in the workbench (renderer/workbench).
const SEED_TITLE = 'Iraq Steps Up Anti-ISIS Coordination with Iran, Syria, Russia';
const WORD = 'Baghdad';
const PLACE_KEY = 'l';

let home: string;
let binding: string;

function launch(): Promise<ElectronApplication> {
  return _electron.launch({
    executablePath: electronBinary as string,
    args: [root, '--workspace', path.join(home, 'e2e.triangulate')],
    env: {
      ...process.env,
      TRIANGULATE_HOME: home,
      TRIANGULATE_SQLITE_BINDING: binding,
      ELECTRON_ENABLE_LOGGING: '1',
    } as Record<string, string>,
    timeout: 60_000,
  });
}

async function openSeedDocument(page: Page): Promise<void> {
  const documents = page.getByRole('list', { name: 'Documents' });
  await vi.waitFor(async () => expect(await documents.getByRole('button').count()).toBe(5), { timeout: 30_000 });
  await documents.getByRole('button', { name: new RegExp(SEED_TITLE) }).click();
  await page.locator('.reader-text').getByText(WORD).first().waitFor({ timeout: 30_000 });
}

function annotationOptions(page: Page) {
  return page.getByRole('listbox', { name: 'Annotations in this document' }).getByRole('option');
}

beforeAll(() => {
  if (skipReason) return;
  if (
    !fs.existsSync(path.join(root, 'dist', 'electron', 'main.js')) ||
    !fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))
  ) {
    throw new Error('The app is not built: run “npm run build” before the Electron tests.');
  }
  const electron = start.electronPackage();
  binding = start.ensureElectronBinding({ electronVersion: electron?.version as string });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-electron-'));
}, 600_000);

afterAll(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('the desktop app', () => {
  it.skipIf(skipReason !== null)(
    'shows the seeds, keeps a tag made in the UI across a restart',
    async () => {
      let app = await launch();
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');

        // The page is the app origin, with the bridge and nothing of Node.
        const inside = await page.evaluate(() => ({
          href: location.href,
          bridge: Object.keys((window as unknown as { triangulate: object }).triangulate).sort(),
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (window as unknown as { process?: unknown }).process,
        }));
        expect(inside).toEqual({
          href: 'app://triangulate/index.html',
          bridge: ['call', 'subscribe'],
          require: 'undefined',
          process: 'undefined',
        });

        await openSeedDocument(page);
        await page.locator('.reader-text').focus();
        await page.evaluate((word) => {
          const container = document.querySelector('.reader-text') as HTMLElement;
          const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent?.indexOf(word) ?? -1;
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + word.length);
              const selection = getSelection() as Selection;
              selection.removeAllRanges();
              selection.addRange(range);
              return;
            }
          }
          throw new Error(`${word} is not in the text`);
        }, WORD);
        await page.waitForTimeout(100); // ProseMirror reads the DOM selection on selectionchange
        await page.keyboard.press(PLACE_KEY);
        await annotationOptions(page).filter({ hasText: WORD }).first().waitFor({ timeout: 10_000 });

        const stored = await page.evaluate(() =>
          (window as unknown as { triangulate: { call(m: string, p: object): Promise<unknown> } }).triangulate.call(
            'annotations.list',
            {},
          ),
        );
        expect((stored as Annotation[]).map((a) => [a.labelId, a.quote])).toEqual([['place', WORD]]);
      } finally {
        await app.close();
      }
      expect(fs.existsSync(path.join(home, 'window-state.json'))).toBe(true);

      app = await launch();
      try {
        const page = await app.firstWindow();
        await openSeedDocument(page);
        await annotationOptions(page).filter({ hasText: WORD }).first().waitFor({ timeout: 10_000 });
        await expect(annotationOptions(page).first().textContent()).resolves.toContain('Place');
      } finally {
        await app.close();
      }
    },
    180_000,
  );
});
