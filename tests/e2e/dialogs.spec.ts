/**
 * Import from the browser (progress, result, the workspace's error for a file that is not
 * UTF-8) and the export dialog (its answer, success or a readable error, shown in place).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, openWorkbench, reader, test } from './fixtures.js';

test('imports a text file, opens it, and shows the error for a file that is not UTF-8', async ({ page, server }) => {
  await openWorkbench(page, server);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import documents' });
  await expect(dialog).toBeVisible();

  await dialog.getByLabel('Files to import').setInputFiles({
    name: 'field-report.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(
      'Field report from Baghdad\n\nThe committee met on Monday, officials said. 🛰️ Nothing else.\n',
      'utf8',
    ),
  });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Imported 1 document' })).toBeVisible();
  await expect(dialog.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  // The new document opens behind the dialog.
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(reader(page)).toContainText('The committee met on Monday');
  await expect(page.getByRole('navigation', { name: 'Documents' }).getByRole('button')).toHaveCount(6);

  // A Latin-1 file: the workspace refuses it with a clear message, shown in the dialog.
  await page.getByRole('button', { name: 'Import…' }).click();
  await dialog.getByLabel('Files to import').setInputFiles({
    name: 'latin1.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x0a]),
  });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('latin1.txt is not valid UTF-8');
  expect(await server.call('documents.list', {})).toHaveLength(6);
});

test('the export dialog shows what the workspace answers', async ({ page, server }) => {
  await openWorkbench(page, server);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('csv');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-e2e-export-'));
  try {
    const out = path.join(dir, 'dataset.csv');
    await dialog.getByRole('textbox', { name: 'Output path' }).fill(out);
    await expect(dialog.getByRole('button', { name: 'Cancel export' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    // Either the dataset is written, or the refusal is shown in words (never swallowed).
    const done = dialog.getByRole('status').filter({ hasText: /^Exported/ });
    const failed = dialog.getByRole('alert').filter({ hasText: /^Export failed: \w/ });
    await expect(done.or(failed)).toBeVisible();
    if (await done.isVisible()) expect(fs.existsSync(out)).toBe(true);
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await expect(dialog).toBeHidden();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
