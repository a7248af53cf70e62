/**
 * Import and export from the browser, as a person does it: files chosen in the browser's own
 * chooser and uploaded (progress, result, the workspace's error for a file that is not UTF-8 or
 * not a dataset, named as the person knows it), and exports that arrive as downloads.
 */
import fs from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, openWorkbench, reader, test } from './fixtures.js';

/** Clicks `button` and hands `files` to the file chooser it opens. */
async function chooseFiles(page: Page, button: string, files: Array<{ name: string; buffer: Buffer }>) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(files.map((f) => ({ ...f, mimeType: 'application/octet-stream' })));
}

test('imports a text file by upload, opens it, and shows the error for a file that is not UTF-8', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: /^Articles/ })).toBeChecked();

  await chooseFiles(page, 'Choose files…', [
    {
      name: 'field-report.txt',
      buffer: Buffer.from(
        'Field report from Baghdad\n\nThe committee met on Monday, officials said. 🛰️ Nothing else.\n',
        'utf8',
      ),
    },
  ]);
  await expect(dialog.getByText('Chosen: field-report.txt')).toBeVisible();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Imported 1 document' })).toBeVisible();
  // The new document opens behind the dialog.
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(reader(page)).toContainText('The committee met on Monday');
  await expect(page.getByRole('navigation', { name: 'Documents' }).getByRole('button')).toHaveCount(6);
  const doc = (await server.call('documents.list', {})).find((d) => d.title === 'Field report from Baghdad');
  expect(doc?.origin).toBe('field-report.txt');

  // A Latin-1 file: the workspace refuses it with a clear message naming the file, shown in the dialog.
  await page.getByRole('button', { name: 'Import…' }).click();
  await chooseFiles(page, 'Choose files…', [
    { name: 'latin1.txt', buffer: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x0a]) },
  ]);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('latin1.txt is not valid UTF-8');
  await expect(dialog.getByRole('alert')).not.toContainText('/tmp');
  expect(await server.call('documents.list', {})).toHaveLength(6);
});

test('imports a tagged dataset by upload, and names the uploaded file in a refusal', async ({ page, server }) => {
  await openWorkbench(page, server);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByRole('radio', { name: /^A tagged dataset/ }).check();
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('doccano');

  const text = 'Kerry met Lavrov in New York on Sunday.';
  const record = {
    text,
    label: [
      [0, 5, 'Person'],
      [10, 16, 'Person'],
    ],
  };
  await chooseFiles(page, 'Choose the dataset…', [
    { name: 'meeting.jsonl', buffer: Buffer.from(JSON.stringify(record) + '\n') },
  ]);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(
    dialog.getByRole('status').filter({ hasText: 'Imported meeting.jsonl: 1 document, 2 annotations' }),
  ).toBeVisible();
  expect(await server.call('documents.list', {})).toHaveLength(6);

  // A file that is not JSON at all: refused, naming the upload, without quoting its content.
  await chooseFiles(page, 'Choose the dataset…', [
    { name: 'notes.jsonl', buffer: Buffer.from('password=hunter2-secret\n') },
  ]);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('notes.jsonl, line 1: not valid JSON');
  await expect(alert).not.toContainText('hunter2');
  await expect(alert).not.toContainText('/tmp');
});

test('exports a dataset as a download: with its manifest as a .zip, or the data file alone', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('csv');
  await expect(dialog.getByRole('textbox', { name: 'File name' })).toHaveValue('triangulate-export.csv');
  await expect(dialog.getByRole('button', { name: 'Cancel export' })).toBeDisabled();

  const zipped = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export…', exact: true }).click();
  const zip = await zipped;
  expect(zip.suggestedFilename()).toBe('triangulate-export.csv.zip');
  const entries = unzipSync(fs.readFileSync(await zip.path()));
  expect(Object.keys(entries).sort()).toEqual([
    'triangulate-export.claims-matrix.csv',
    'triangulate-export.csv',
    'triangulate-export.csv.manifest.json',
    'triangulate-export.relations.csv',
  ]);
  await expect(
    dialog
      .getByRole('status')
      .filter({ hasText: /^Exported 5 documents and \d+ annotations? as triangulate-export\.csv\.zip\.$/ }),
  ).toBeVisible();

  await dialog.getByRole('checkbox', { name: /^With its manifest/ }).uncheck();
  await dialog.getByRole('textbox', { name: 'File name' }).fill('seeds.csv');
  const plain = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export…', exact: true }).click();
  const csv = await plain;
  expect(csv.suggestedFilename()).toBe('seeds.csv');
  expect(fs.readFileSync(await csv.path(), 'utf8').split('\r\n')[0]).toMatch(/^annotation_id,document_id,/);
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(dialog).toBeHidden();
});
