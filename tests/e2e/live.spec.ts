/**
 * Live updates: two pages on one workspace never disagree, a change made through the API by
 * someone else (here the test, over HTTP with the token) shows in both without a reload, and so
 * does a write by another process on the same file (the command line).
 */
import { execFileSync } from 'node:child_process';
import { annotationList, ARUTZ, dragSelect, expect, openDocument, openWorkbench, REPO_ROOT, test } from './fixtures.js';

test('a second page and the API see every change live', async ({ page, context, server }) => {
  const other = await context.newPage();
  await openWorkbench(page, server);
  await openWorkbench(other, server);
  await openDocument(page, ARUTZ);
  await openDocument(other, ARUTZ);

  // Tagged on one page, it appears on the other, with the corpus counts.
  await dragSelect(page, 'Damascus');
  await page.keyboard.press('g');
  await expect(annotationList(other).getByRole('option', { name: 'Country: Damascus' })).toBeVisible();
  await expect(
    other
      .getByRole('navigation', { name: 'Documents' })
      .getByRole('button', { name: new RegExp(`^${ARUTZ}.*1 entity`) }),
  ).toBeVisible();

  // Relabelled on the other page (select it, press the key of another label): the first follows.
  await annotationList(other).getByRole('option', { name: 'Country: Damascus' }).click();
  await other.getByRole('combobox', { name: 'Label' }).selectOption('place');
  await expect(annotationList(page).getByRole('option', { name: 'Place: Damascus' })).toBeVisible();

  // A change through the API (another client) shows in both pages.
  const [doc] = (await server.call('documents.list', { query: 'Arutz' })) as Array<{ id: string }>;
  const { text } = await server.call('documents.get', { id: doc!.id });
  const start = text.indexOf('Tehran');
  await server.call('annotations.create', {
    documentId: doc!.id,
    labelId: 'place',
    fragments: [{ start, end: start + 'Tehran'.length }],
  });
  await expect(annotationList(page).getByRole('option', { name: 'Place: Tehran' })).toBeVisible();
  await expect(annotationList(other).getByRole('option', { name: 'Place: Tehran' })).toBeVisible();

  // Undo on one page takes it away on both.
  await other.getByRole('button', { name: 'Undo' }).click();
  await expect(annotationList(page).getByRole('option', { name: 'Place: Tehran' })).toHaveCount(0);
  await expect(annotationList(other).getByRole('option', { name: 'Place: Tehran' })).toHaveCount(0);

  // Settings too: the theme chosen on one page applies to the other.
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect((await server.call('settings.get', {})).theme).toBe('dark');

  // Both pages show the same list, and the workspace agrees.
  const names = async (p: typeof page) => annotationList(p).getByRole('option').allTextContents();
  expect(await names(page)).toEqual(await names(other));
  const stored = await server.call('annotations.list', { documentId: doc!.id });
  expect(stored.map((a) => a.quote)).toEqual(['Damascus']);
});

test('a write from the command line, another process on the same file, shows in the open page', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  const [doc] = (await server.call('documents.list', { query: 'Arutz' })) as Array<{ id: string }>;
  const { text } = await server.call('documents.get', { id: doc!.id });
  const start = text.indexOf('Moscow');
  const params = JSON.stringify({
    documentId: doc!.id,
    labelId: 'place',
    fragments: [{ start, end: start + 'Moscow'.length }],
  });
  execFileSync(
    process.execPath,
    ['bin/triangulate.js', '--workspace', server.workspace, 'call', 'annotations.create', params],
    {
      cwd: REPO_ROOT,
    },
  );
  await expect(annotationList(page).getByRole('option', { name: 'Place: Moscow' })).toBeVisible();
});
