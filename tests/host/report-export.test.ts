/**
 * `reports.export` through the dispatcher, the page's gate and the command line, on the seed
 * corpus with one claim tagged in two articles: it writes one self-contained HTML file, refuses
 * to replace a file without `overwrite` (`--force`), never writes onto the workspace, answers a
 * page's grant with a name (never a path) and the command line's errors with their codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { methods } from '../../common/contract.js';
import type { Document } from '../../common/domain.js';
import { chooseSaveTarget } from '../../electron/file-choosers.js';
import type { NativeDialogs } from '../../electron/menu-actions.js';
import { FileGrants } from '../../host/file-grants.js';
import { pageDispatcher } from '../../host/page-access.js';
import { expectApiError, find, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let dir: string;

async function seedClaim(): Promise<void> {
  const summaries = await t.call('documents.list', {});
  const get = (outlet: string) => t.call('documents.get', { id: summaries.find((d) => d.outlet === outlet)!.id });
  const as: Document = await get('Arutz Sheva');
  const upi: Document = await get('UPI');
  const claim = await t.call('claims.create', { summary: 'Four countries set up an information centre in Baghdad' });
  const tag = (doc: Document, needle: string, labelId: string, extra: Record<string, unknown> = {}) =>
    t.call('annotations.create', { documentId: doc.id, labelId, fragments: [find(doc, needle)], ...extra });
  const inAs = await tag(as, 'Iraq, Russia, Iran and Syria have agreed', 'claim', {
    claimId: claim.id,
    attributes: { stance: 'reported' },
  });
  const spokesman = await tag(as, 'a spokesman', 'source');
  await t.call('relations.create', {
    fromId: inAs.id,
    toId: spokesman.id,
    type: 'attributed_to',
    attributes: { stance: 'asserted', cue: 'said' },
  });
  await tag(upi, 'Baghdad', 'claim', { claimId: claim.id, attributes: { stance: 'asserted' } });
}

beforeEach(async () => {
  t = openTestWorkspace();
  dir = tempDir();
  await seedClaim();
});
afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reports.export', () => {
  it('is in the contract, with its params as JSON Schema for `methods --json`', async () => {
    expect(methods['reports.export'].description).toMatch(/self-contained HTML/);
    let listed = '';
    const code = await main(['methods', '--json'], {
      stdout: (s) => (listed += s),
      stderr: () => undefined,
      isTty: false,
      readStdin: async () => '',
    });
    expect(code).toBe(0);
    const entry = (JSON.parse(listed) as Array<{ name: string; params: { properties: object } }>).find(
      (m) => m.name === 'reports.export',
    );
    expect(Object.keys(entry!.params.properties)).toEqual(
      expect.arrayContaining(['outPath', 'grant', 'overwrite', 'documentIds', 'claimIds', 'title']),
    );
  });

  it('writes one HTML file with the matrix, and refuses to replace it without overwrite', async () => {
    const out = path.join(dir, 'report.html');
    const result = await t.call('reports.export', { outPath: out, title: 'Baghdad centre' });
    expect(result).toEqual({ outPath: out, bytes: fs.statSync(out).size, documents: 5, claims: 1 });
    const page = fs.readFileSync(out, 'utf8');
    expect(page).toContain('<h1>Baghdad centre</h1>');
    expect(page).toContain('Four countries set up an information centre in Baghdad');
    expect(page).toMatch(
      /<span class="stance stance-reported">reported<\/span> <span class="dash">—<\/span> <span class="source">a spokesman<\/span>/,
    );
    expect(page).toContain('<span class="outlet">UPI</span>');
    expect(fs.readdirSync(dir)).toEqual(['report.html']); // no temporary left behind

    const refused = await expectApiError(t.call('reports.export', { outPath: out }), 'conflict');
    expect(refused.details).toMatchObject({ reason: 'exists' });
    expect(refused.message).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(out, 'utf8')).toBe(page);

    await t.call('reports.export', { outPath: out, overwrite: true });
    expect(fs.readFileSync(out, 'utf8')).toContain('<h1>Comparison report</h1>');
  });

  it('limits the report to the documents given, and refuses an unknown one', async () => {
    const summaries = await t.call('documents.list', {});
    const upi = summaries.find((d) => d.outlet === 'UPI')!;
    const out = path.join(dir, 'upi.html');
    const result = await t.call('reports.export', { outPath: out, documentIds: [upi.id] });
    expect(result).toMatchObject({ documents: 1, claims: 1 });
    expect(fs.readFileSync(out, 'utf8')).not.toContain('Arutz Sheva');
    await expectApiError(
      t.call('reports.export', { outPath: path.join(dir, 'x.html'), documentIds: ['doc_nope'] }),
      'not_found',
    );
    expect(fs.existsSync(path.join(dir, 'x.html'))).toBe(false);
  });

  it('never writes onto the workspace, into a folder, or with both or neither target', async () => {
    await expectApiError(t.call('reports.export', { outPath: t.file, overwrite: true }), 'invalid_params');
    await expectApiError(t.call('reports.export', { outPath: `${t.file}-wal`, overwrite: true }), 'invalid_params');
    await expectApiError(t.call('reports.export', { outPath: dir, overwrite: true }), 'invalid_params');
    await expectApiError(t.call('reports.export', {} as never), 'invalid_params');
    await expectApiError(
      t.call('reports.export', { outPath: 'a.html', grant: 'fg_AAAAAAAAAAAAAAAAAAAAAA' }),
      'invalid_params',
    );
  });

  it('from a page: refuses a path, writes to the download grant and answers with its name only', async () => {
    const grants = new FileGrants();
    const gate = pageDispatcher(t.dispatcher, grants);
    const named = await gate.dispatch('reports.export', { outPath: path.join(dir, 'sneaky.html') });
    expect(named).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(fs.existsSync(path.join(dir, 'sneaky.html'))).toBe(false);

    const target = grants.newDownload('triangulate-report-2026-12-02.html');
    const reply = await gate.dispatch('reports.export', { grant: target.id });
    expect(reply).toMatchObject({ ok: true, result: { outPath: 'triangulate-report-2026-12-02.html', claims: 1 } });
    expect(JSON.stringify(reply)).not.toContain(path.sep + 'triangulate-files-');
    const ready = grants.download(target.id);
    expect(ready?.files).toEqual([target.path]);
    expect(fs.readFileSync(target.path, 'utf8')).toMatch(/^<!doctype html>/);
    grants.close();
  });

  it('from the desktop: the save dialog offers an .html file, and the place chosen there may be replaced', async () => {
    const seen: unknown[] = [];
    const out = path.join(dir, 'for-the-editor.html');
    fs.writeFileSync(out, 'an older report');
    const dialogs: NativeDialogs = {
      showOpenDialog: () => Promise.reject(new Error('not asked')),
      showSaveDialog: async (options) => {
        seen.push(options);
        return { canceled: false, filePath: out };
      },
      showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
    };
    const grants = new FileGrants();
    const target = await chooseSaveTarget(
      dialogs,
      grants,
      { suggestedName: 'triangulate-report-2026-12-02.html', format: 'report' },
      dir,
    );
    expect(seen[0]).toMatchObject({
      title: 'Export report',
      defaultPath: path.join(dir, 'triangulate-report-2026-12-02.html'),
      filters: [{ name: 'HTML report', extensions: ['html'] }],
    });
    const reply = await pageDispatcher(t.dispatcher, grants).dispatch('reports.export', { grant: target?.grant });
    expect(reply).toMatchObject({ ok: true, result: { outPath: 'for-the-editor.html', documents: 5 } });
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
    grants.close();
  });
});

describe('triangulate report', () => {
  async function run(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['--workspace', t.file, ...args], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      isTty: false,
      readStdin: async () => '',
    });
    return { code, stdout, stderr };
  }

  it('writes the report, refuses an existing file without --force, and says why with a code', async () => {
    t.ws.close(); // the command line opens the file itself
    const out = path.join(dir, 'cli-report.html');
    const first = await run('report', '--out', out, '--title', 'Editor copy');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/Wrote the report on 1 claim in 5 documents to .*cli-report\.html \(\d+ bytes\)/);
    expect(fs.readFileSync(out, 'utf8')).toContain('<h1>Editor copy</h1>');

    const refused = await run('report', '--out', out, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already exists.*--force/),
      details: { reason: 'exists' },
    });
    expect(fs.readFileSync(out, 'utf8')).toContain('<h1>Editor copy</h1>');

    const forced = await run('report', '--out', out, '--force', '--json');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ outPath: out, documents: 5, claims: 1 });

    const usage = await run('report');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/report needs --out FILE/);
    const help = await run('help');
    expect(help.stdout).toMatch(/report --out FILE/);
  }, 120_000); // four runs, each starting the workspace worker
});
