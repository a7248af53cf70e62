/**
 * Finding 1 of "Trust" (part): an export never writes onto the workspace it reads — the file, its
 * -wal/-shm/-journal files, a symbolic link to it, or (brat) the folder holding it — and never
 * into something that is not a regular file (a FIFO would block the export forever). Each refusal
 * says why, and the workspace is byte-for-byte what it was.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../common/contract.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace();
  dir = tempDir('triangulate-targets-');
});
afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const exportTo = (format: ExportFormat, outPath: string, overwrite = false) =>
  t.call('datasets.export', { format, outPath, ...(overwrite ? { overwrite } : {}) });

describe('finding 1: an export onto the workspace itself is refused, saying why', () => {
  it.each(['', '-wal', '-shm', '-journal'])('the workspace file%s', async (side) => {
    const before = fs.readFileSync(t.file);
    const error = await expectApiError(exportTo('jsonl', t.file + side, true), 'invalid_params');
    expect(error.message).toMatch(/workspace being exported: writing there would destroy it/);
    expect(fs.readFileSync(t.file).equals(before)).toBe(true);
    expect((await t.call('workspace.stats', {})).documents).toBe(5);
  });

  it('a symbolic link to the workspace file', async () => {
    const link = path.join(dir, 'innocent.jsonl');
    fs.symlinkSync(t.file, link);
    const before = fs.readFileSync(t.file);
    await expectApiError(exportTo('w3c', link), 'invalid_params');
    expect(fs.readFileSync(t.file).equals(before)).toBe(true);
  });

  it('a brat export into the folder that holds the workspace', async () => {
    const error = await expectApiError(exportTo('brat', path.dirname(t.file)), 'invalid_params');
    expect(error.message).toMatch(/holds the workspace being exported/);
  });
});

describe('finding 1: an export into something that is not a regular file is refused without blocking', () => {
  it('a FIFO', async () => {
    const fifo = path.join(dir, 'pipe.jsonl');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return; // no mkfifo on this system: nothing to attack
    const error = await expectApiError(exportTo('jsonl', fifo), 'invalid_params');
    expect(error.message).toMatch(/not a regular file/);
  });

  it('still writes a normal export next to the workspace; over an existing one only when asked', async () => {
    const out = path.join(dir, 'corpus.jsonl');
    await exportTo('jsonl', out);
    const first = fs.readFileSync(out);
    await expect(exportTo('jsonl', out)).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'exists' },
      message: expect.stringMatching(/already exists.*--force/),
    });
    expect(fs.readFileSync(out)).toEqual(first);
    await exportTo('jsonl', out, true);
    expect(fs.existsSync(out) && fs.existsSync(`${out}.manifest.json`)).toBe(true);
  });
});
