/**
 * Undo is the person's own: a change made on the command line (another program on the same
 * workspace file) is not taken back by the page's Undo without an explicit choice. The page asks
 * in a dialog that says whose change it is and where it acts, operable by keyboard: Cancel (and
 * Esc) leaves it, the other button undoes exactly that change, and the message says what and where.
 */
import { execFileSync } from 'node:child_process';
import { annotationList, ARUTZ, expect, openDocument, openWorkbench, REPO_ROOT, test } from './fixtures.js';

test("asks before undoing the command line's change, and undoes it only when chosen", async ({ page, server }) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  const [doc] = await server.call('documents.list', { query: 'Arutz' });
  const { text } = await server.call('documents.get', { id: doc!.id });
  const start = text.indexOf('Moscow');
  execFileSync(
    process.execPath,
    [
      'bin/triangulate.js',
      '--workspace',
      server.workspace,
      'call',
      'annotations.create',
      JSON.stringify({ documentId: doc!.id, labelId: 'place', fragments: [{ start, end: start + 'Moscow'.length }] }),
    ],
    { cwd: REPO_ROOT },
  );
  const moscow = annotationList(page).getByRole('option', { name: 'Place: Moscow' });
  await expect(moscow).toBeVisible();

  // Undo: nothing of the page's own to undo; the latest change is the command line's.
  await page.getByRole('button', { name: 'Undo' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo a change that is not yours?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('your change from another session (command line)');
  await expect(dialog).toContainText(`Tagged “Moscow” as Place in “${ARUTZ.slice(0, 20)}`);
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  const confirm = dialog.getByRole('button', { name: 'Undo your change from another session anyway' });
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Nothing was undone.' })).toBeVisible();
  await expect(moscow).toBeVisible();

  // Again by keyboard, choosing to undo it anyway.
  await page.keyboard.press('Control+z');
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(moscow).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({
      hasText: `Undid your change from another session (command line): Tagged “Moscow” as Place in “${ARUTZ.slice(0, 20)}`,
    }),
  ).toBeVisible();
  expect(await server.call('annotations.list', { documentId: doc!.id })).toEqual([]);
});
