/**
 * File access ("Trust" issue, finding 3 and finding 1): a page never names a path. Over HTTP and
 * IPC, every request that names one is refused before anything is read or written; the files a
 * person chose arrive as grants (uploads, native dialogs) valid once, for one direction; exports
 * go back as downloads. Files that are not regular (a FIFO) are refused before they are opened,
 * an import error never echoes the content of a file that is not a dataset, and the command line
 * never replaces a file without --force.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_FORMATS } from '../../common/contract.js';
import { ApiError } from '../../common/errors.js';
import { unpackZip } from '../../db/datasets/zip-input.js';
import { workspaceStats } from '../../db/stats.js';
import { FileGrants } from '../../host/file-grants.js';
import { pageDispatcher } from '../../host/page-access.js';
import { startServer, type RunningServer } from '../../host/server.js';
import { chooseFiles, chooseSaveTarget } from '../../electron/file-choosers.js';
import type { NativeDialogs } from '../../electron/menu-actions.js';
import { REPO_ROOT, expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let server: RunningServer;
let dir: string;
let rendererDir: string;

beforeAll(async () => {
  t = openTestWorkspace();
  dir = tempDir();
  rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Triangulate</title>');
  server = await startServer({ dispatcher: t.dispatcher, rendererDir, maxUploadBytes: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await server.close();
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const auth = () => ({ Authorization: `Bearer ${server.token}` });

async function call(method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: unknown }> {
  const response = await fetch(`${base()}/api/call`, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ method, params }),
  });
  return (await response.json()) as { ok: boolean; result?: unknown; error?: unknown };
}

async function upload(name: string, body: string): Promise<{ grant: string; name: string; bytes: number }> {
  const response = await fetch(`${base()}/api/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: auth(),
    body,
  });
  const reply = (await response.json()) as { ok: boolean; result: { grant: string; name: string; bytes: number } };
  expect(reply.ok).toBe(true);
  return reply.result;
}

const SECRET = 'hunter2-very-secret-value';

describe('finding 3: a page cannot name a path', () => {
  const secretFile = () => {
    const file = path.join(dir, 'secret.txt');
    fs.writeFileSync(file, `token=${SECRET}\n`);
    return file;
  };

  it.each([
    ['documents.import', () => ({ sources: [{ path: secretFile() }] }), 'sources.0.path'],
    ['datasets.import', () => ({ format: 'jsonl', path: secretFile() }), 'path'],
    ['datasets.export', () => ({ format: 'jsonl', outPath: path.join(dir, 'out.jsonl') }), 'outPath'],
    ['datasets.export', () => ({ format: 'jsonl', outPath: t.file, overwrite: true }), 'outPath'],
  ])('%s with a path is refused unauthorized over HTTP, touching nothing', async (method, params, field) => {
    const before = workspaceStats(t.ws);
    const reply = await call(method, params());
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized', details: { field } } });
    expect(JSON.stringify(reply)).not.toContain(SECRET);
    expect(workspaceStats(t.ws)).toEqual(before);
    expect(fs.existsSync(path.join(dir, 'out.jsonl'))).toBe(false);
  });

  it('the same request from the command line (a local caller) still works', async () => {
    const file = path.join(dir, 'local.txt');
    fs.writeFileSync(file, 'A local article about the coordination cell.\n');
    const reply = await t.call('documents.import', { sources: [{ path: file }] });
    expect(reply.imported).toHaveLength(1);
  });

  it('a grant is valid once, in one direction, and only through the page gate', async () => {
    const grants = new FileGrants();
    const gate = pageDispatcher(t.dispatcher, grants);
    const file = path.join(dir, 'chosen.txt');
    fs.writeFileSync(file, 'An article the person chose in the open dialog.\n');
    const read = grants.grantRead(file);
    expect(read.id).toMatch(/^fg_[A-Za-z0-9_-]{22}$/);

    // Used as an export target: refused, the grant is spent.
    const wrongWay = await gate.dispatch('datasets.export', { format: 'jsonl', grant: read.id });
    expect(wrongWay).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^An article/);

    const again = grants.grantRead(file);
    const first = await gate.dispatch('documents.import', { sources: [{ grant: again.id }] });
    expect(first).toMatchObject({ ok: true, result: { imported: [{ origin: 'chosen.txt' }] } });
    const second = await gate.dispatch('documents.import', { sources: [{ grant: again.id }] });
    expect(second).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const unknown = await gate.dispatch('datasets.import', { format: 'jsonl', grant: 'fg_AAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // A grant that reaches the dispatcher without the gate (the command line) means nothing there.
    const local = grants.grantRead(file);
    await expectApiError(t.call('datasets.import', { format: 'jsonl', grant: local.id }), 'invalid_params');
    grants.close();
  });

  it('a grant expires', async () => {
    let now = 1_000;
    const grants = new FileGrants({ ttlMs: 10, now: () => now });
    const gate = pageDispatcher(t.dispatcher, grants);
    const grant = grants.grantRead(path.join(dir, 'chosen.txt'));
    now += 11;
    expect(await gate.dispatch('documents.import', { sources: [{ grant: grant.id }] })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/choose the file again/) },
    });
  });
});

describe('uploads and downloads (the browser host)', () => {
  it('imports an uploaded article under its own name; the upload is deleted once used', async () => {
    const up = await upload('../../etc/report.txt', 'Uploaded report: officials met in Baghdad.\n');
    expect(up.name).toBe('report.txt');
    const reply = await call('documents.import', { sources: [{ grant: up.grant }] });
    expect(reply).toMatchObject({ ok: true, result: { imported: [{ origin: 'report.txt' }] } });
    expect(await call('documents.import', { sources: [{ grant: up.grant }] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('an upload over the cap is refused with 413 too_large and kept nowhere', async () => {
    const response = await fetch(`${base()}/api/files?name=big.jsonl`, {
      method: 'POST',
      headers: auth(),
      body: new Uint8Array(5 * 1024 * 1024).fill(0x61),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('uploads and downloads need the token', async () => {
    expect((await fetch(`${base()}/api/files?name=x.txt`, { method: 'POST', body: 'x' })).status).toBe(401);
    expect((await fetch(`${base()}/api/files/download?name=x`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${base()}/api/files/fg_AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(401);
    const missing = await fetch(`${base()}/api/files/fg_AAAAAAAAAAAAAAAAAAAAAA?token=${server.token}`);
    expect(missing.status).toBe(404);
  });

  it('exports to a download: the zip holds the data file and its manifest, and imports back as it is', async () => {
    const target = (await (
      await fetch(`${base()}/api/files/download?name=corpus.jsonl`, { method: 'POST', headers: auth() })
    ).json()) as { result: { grant: string; name: string } };
    const exported = await call('datasets.export', { format: 'jsonl', grant: target.result.grant });
    expect(exported).toMatchObject({
      ok: true,
      result: { outPath: 'corpus.jsonl', files: ['corpus.jsonl', 'corpus.jsonl.manifest.json'] },
    });
    expect(JSON.stringify(exported)).not.toMatch(/triangulate-files-/);

    const zipped = await fetch(`${base()}/api/files/${target.result.grant}?token=${server.token}`);
    expect(zipped.headers.get('content-disposition')).toMatch(/filename="corpus\.jsonl\.zip"/);
    const zip = Buffer.from(await zipped.arrayBuffer());
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(['corpus.jsonl', 'corpus.jsonl.manifest.json']);
    const plain = await fetch(`${base()}/api/files/${target.result.grant}?token=${server.token}&only=data`);
    expect((await plain.text()).split('\n')[0]).toMatch(/^\{"id":"doc_/);

    // The downloaded zip, uploaded into a fresh workspace, imports with its manifest checked.
    const fresh = openTestWorkspace({ seed: false });
    const other = await startServer({ dispatcher: fresh.dispatcher, rendererDir });
    try {
      const up = (await (
        await fetch(`http://127.0.0.1:${other.port}/api/files?name=corpus.jsonl.zip`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${other.token}` },
          body: new Uint8Array(zip),
        })
      ).json()) as { result: { grant: string } };
      const imported = (await (
        await fetch(`http://127.0.0.1:${other.port}/api/call`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${other.token}` },
          body: JSON.stringify({ method: 'datasets.import', params: { format: 'jsonl', grant: up.result.grant } }),
        })
      ).json()) as { ok: boolean; result: { documents: number } };
      expect(imported).toMatchObject({ ok: true, result: { documents: workspaceStats(t.ws).documents } });
    } finally {
      await other.close();
      fresh.dispose();
    }
  });

  it('a brat export downloads as a zip of its folder, which imports back', async () => {
    const target = (await (
      await fetch(`${base()}/api/files/download?name=corpus-brat`, { method: 'POST', headers: auth() })
    ).json()) as { result: { grant: string } };
    expect(await call('datasets.export', { format: 'brat', grant: target.result.grant })).toMatchObject({ ok: true });
    const zip = Buffer.from(
      await (await fetch(`${base()}/api/files/${target.result.grant}?token=${server.token}`)).arrayBuffer(),
    );
    const names = Object.keys(unzipSync(zip));
    expect(names).toContain('corpus-brat/manifest.json');
    expect(names.every((n) => n.startsWith('corpus-brat/'))).toBe(true);
    const fresh = openTestWorkspace({ seed: false });
    try {
      const file = path.join(dir, 'corpus-brat.zip');
      fs.writeFileSync(file, zip);
      const reply = await fresh.call('datasets.import', { format: 'brat', path: file });
      expect(reply.documents).toBe(workspaceStats(t.ws).documents);
    } finally {
      fresh.dispose();
    }
  });
});

describe('archives are untrusted', () => {
  const write = (name: string, files: Record<string, Uint8Array>) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, zipSync(files));
    return file;
  };
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('an entry that points outside the folder is refused before anything is written', () => {
    for (const name of ['../evil.txt', '/etc/evil.txt', 'a/../../evil.txt', 'C:/evil.txt', 'a\\..\\evil.txt']) {
      const file = write('slip.zip', { [name]: bytes('x') });
      expect(() => unpackZip(file)).toThrow(/points outside its folder/);
    }
    expect(fs.existsSync(path.join(dir, 'evil.txt'))).toBe(false);
  });

  it('too many entries, too many bytes, a damaged or empty archive: invalid_file', () => {
    const many = write('many.zip', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.txt`, bytes('x')])));
    expect(() => unpackZip(many, { entries: 10, bytes: 1e9 })).toThrow(/more than 10 entries/);
    const bomb = write('bomb.zip', { 'a.txt': new Uint8Array(2_000_000) });
    expect(fs.statSync(bomb).size).toBeLessThan(20_000);
    expect(() => unpackZip(bomb, { entries: 10, bytes: 1_000_000 })).toThrow(/unpacks to more than/);
    const cut = path.join(dir, 'cut.zip');
    const whole = fs.readFileSync(write('whole.zip', { 'a.txt': bytes('hello world '.repeat(1000)) }));
    fs.writeFileSync(cut, whole.subarray(0, 60));
    expect(() => unpackZip(cut)).toThrow(ApiError);
    const empty = write('empty.zip', {});
    expect(() => unpackZip(empty)).toThrow(ApiError);
  });
});

describe('files that are not regular files, and files that are not datasets', () => {
  it('a FIFO is refused before it is opened (documents and datasets), nothing blocks', async () => {
    const fifo = path.join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    const doc = await expectApiError(t.call('documents.import', { sources: [{ path: fifo }] }), 'invalid_file');
    expect(doc.message).toMatch(/not a regular file/);
    for (const format of IMPORT_FORMATS) {
      const error = await expectApiError(t.call('datasets.import', { format, path: fifo }), 'invalid_file');
      expect(error.message).toMatch(/not a regular file|expected a brat folder/);
    }
  }, 20_000);

  it('a file that is not a dataset is never quoted back, in any format', async () => {
    const shapes = [
      `root:x:0:0:${SECRET}:/root:/bin/bash\n`,
      `[section]\npassword = ${SECRET}\n`,
      `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n`,
      `{"user": "${SECRET}"\n`,
      `${SECRET}`,
    ];
    let checked = 0;
    for (const [i, content] of shapes.entries()) {
      const file = path.join(dir, `not-a-dataset-${i}.txt`);
      fs.writeFileSync(file, content);
      for (const format of IMPORT_FORMATS) {
        const before = workspaceStats(t.ws);
        try {
          await t.call('datasets.import', { format, path: file });
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).code).not.toBe('internal');
          expect((error as ApiError).message).not.toContain(SECRET.slice(0, 12));
          expect(JSON.stringify((error as ApiError).details ?? {})).not.toContain(SECRET.slice(0, 12));
        }
        expect(workspaceStats(t.ws).annotations).toBe(before.annotations);
        checked++;
      }
    }
    expect(checked).toBe(shapes.length * IMPORT_FORMATS.length);
  });
});

describe('the desktop file dialogs hand out grants, never paths', () => {
  const fakeDialogs = (open: string[] | null, save: string | null): NativeDialogs & { seen: unknown[] } => {
    const seen: unknown[] = [];
    return {
      seen,
      showOpenDialog: async (options) => {
        seen.push(options);
        return { canceled: open === null, filePaths: open ?? [] };
      },
      showSaveDialog: async (options) => {
        seen.push(options);
        return save === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: save };
      },
      showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
    };
  };

  it('open: one read grant per chosen file, names only; cancel gives null; a bad request is refused', async () => {
    const grants = new FileGrants();
    const chosen = await chooseFiles(fakeDialogs(['/data/a.txt', '/data/b.md'], null), grants, {
      purpose: 'documents',
      multiple: true,
    });
    expect(chosen?.map((c) => c.name)).toEqual(['a.txt', 'b.md']);
    expect(JSON.stringify(chosen)).not.toContain('/data');
    expect(await chooseFiles(fakeDialogs(null, null), grants, { purpose: 'documents' })).toBeNull();
    await expect(chooseFiles(fakeDialogs([], null), grants, { purpose: 'documents', path: '/etc' })).rejects.toThrow();
    const brat = fakeDialogs(['/data/brat'], null);
    await chooseFiles(brat, grants, { purpose: 'dataset', format: 'brat' });
    expect(brat.seen[0]).toMatchObject({ properties: ['openFile', 'openDirectory'] });
  });

  it('save: a write grant that may replace (the dialog asked), which exports where the person chose', async () => {
    const grants = new FileGrants();
    const out = path.join(dir, 'chosen-export.jsonl');
    fs.writeFileSync(out, 'an older export');
    const dialogs = fakeDialogs(null, out);
    const target = await chooseSaveTarget(dialogs, grants, { suggestedName: 'x.jsonl', format: 'jsonl' }, dir);
    expect(target?.name).toBe('chosen-export.jsonl');
    expect(dialogs.seen[0]).toMatchObject({ properties: expect.arrayContaining(['showOverwriteConfirmation']) });
    const reply = await pageDispatcher(t.dispatcher, grants).dispatch('datasets.export', {
      format: 'jsonl',
      grant: target?.grant,
    });
    expect(reply).toMatchObject({ ok: true, result: { outPath: 'chosen-export.jsonl' } });
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^\{"id":"doc_/);
  });
});

describe('finding 1: the command line never replaces a file unless --force', () => {
  it('refuses an existing file with a sentence, replaces it with --force, never the workspace', () => {
    execFileSync('node', ['scripts/build.mjs'], { cwd: REPO_ROOT });
    const bin = path.join(REPO_ROOT, 'bin', 'triangulate.js');
    const env = { ...process.env, TRIANGULATE_WORKSPACE: t.file };
    const out = path.join(dir, 'cli-export.jsonl');
    fs.writeFileSync(out, 'keep me');
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
    const refused = run('export', '--format', 'jsonl', '--out', out);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    const forced = run('export', '--format', 'jsonl', '--out', out, '--force');
    expect(forced.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^\{"id":"doc_/);
    const onWorkspace = run('export', '--format', 'jsonl', '--out', t.file, '--force');
    expect(onWorkspace.status).toBe(1);
    expect(onWorkspace.stderr).toMatch(/workspace being exported/);
  }, 60_000);
});
