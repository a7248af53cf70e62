/**
 * A workspace on a real, small file system that fills up: a 4 MiB tmpfs (or, where mounting one
 * is refused, a loop-mounted 8 MiB ext4 image; where both are refused the tests are skipped and
 * say why). Writes through the dispatcher answer `disk_full` (never `internal`) and write
 * nothing; the file stays sound with every acknowledged annotation in it; once space is freed
 * the same process writes again. `triangulate serve` shuts down cleanly on SIGTERM on a full disk,
 * and the command line answers with one coded line, never a stack trace, whether or not another
 * program holds the workspace open.
 *
 * Needs root (mount). tests/attack/errors.test.ts covers the same codes without root, by capping
 * the file's page count.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorPayload } from '../../common/errors.js';
import { WorkerDispatcher } from '../../host/worker-dispatcher.js';
import { ensureBuilt, inspect, runCli, stackLines, startServe, type Finished, type Serve } from './processes.js';

/** Where the small file system is mounted, what it is, or why there is none. */
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-full-'));
const image = `${mountPoint}.img`;

function attempt(command: string, args: string[]): string | null {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `${command} ${args.join(' ')}: ${stderr || (error as Error).message}`;
  }
}

function mountSmallFileSystem(): { kind: string } | { skipped: string } {
  const tmpfs = attempt('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]);
  if (tmpfs === null) return { kind: 'tmpfs, 4 MiB' };
  fs.writeFileSync(image, '');
  fs.truncateSync(image, 8 * 1024 * 1024);
  const ext4 =
    attempt('mkfs.ext4', ['-q', '-F', image]) ?? attempt('mount', ['-o', 'loop', '-t', 'ext4', image, mountPoint]);
  if (ext4 === null) return { kind: 'ext4 in a loop-mounted 8 MiB image' };
  fs.rmSync(image, { force: true });
  return { skipped: `no small file system could be mounted here (${tmpfs}; ${ext4})` };
}

const mounted = mountSmallFileSystem();
if ('skipped' in mounted) console.log(`disk-full tests skipped: ${mounted.skipped}`);
else console.log(`disk-full tests on ${mounted.kind} at ${mountPoint}`);

afterAll(() => {
  if (!('skipped' in mounted) && attempt('umount', [mountPoint]) !== null) attempt('umount', ['-l', mountPoint]);
  fs.rmSync(image, { force: true });
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

const file = path.join(mountPoint, 'full.triangulate');
const filler = path.join(mountPoint, 'filler');

/** Writes `filler` until the file system has no byte left. */
function fillDisk(): void {
  const fd = fs.openSync(filler, 'a');
  try {
    for (const size of [256 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x2e);
      for (;;) {
        try {
          fs.writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  const stats = fs.statfsSync(mountPoint);
  expect(stats.bavail * stats.bsize).toBe(0);
}

/** The one line a failed `triangulate call` prints on stderr, as the payload it is. */
function coded(run: Finished): ApiErrorPayload {
  expect(stackLines(run.stderr)).toEqual([]);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string) as ApiErrorPayload;
}

describe.skipIf('skipped' in mounted)('a workspace on a file system that fills up', () => {
  let dispatcher: WorkerDispatcher;
  let serve: Serve;
  let documentId: string;
  /** Every annotation a writer was told had been created. */
  const acknowledged: string[] = [];
  let n = 0;

  const annotate = (note = '') =>
    dispatcher.dispatch('annotations.create', {
      documentId,
      labelId: 'country',
      fragments: [{ start: n % 300, end: (n++ % 300) + 4 }],
      ...(note ? { note } : {}),
    });
  const annotationParams = () => JSON.stringify({ documentId, labelId: 'person', fragments: [{ start: 5, end: 9 }] });

  beforeAll(async () => {
    ensureBuilt();
    dispatcher = await WorkerDispatcher.start({ path: file });
    const listed = await dispatcher.dispatch('documents.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    documentId = (listed.result as Array<{ id: string }>)[0]!.id;
    for (let i = 0; i < 20; i++) {
      const reply = await annotate();
      if (!reply.ok) throw new Error(reply.error.message);
      acknowledged.push((reply.result as { id: string }).id);
    }
    // A host already serving the workspace when the disk fills up.
    serve = await startServe(file);
    fillDisk();
  });

  afterAll(async () => {
    if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
    await dispatcher?.close();
  });

  it('(a) answers disk_full to writes (never internal), and writes nothing then', async () => {
    // Room the write-ahead log already had may take a few more; then the disk refuses.
    const codes: Record<string, number> = {};
    for (let i = 0; i < 200 && !codes.disk_full; i++) {
      const reply = await annotate('A note that takes room. '.repeat(80));
      if (reply.ok) acknowledged.push((reply.result as { id: string }).id);
      const code = reply.ok ? 'ok' : reply.error.code;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    expect(codes.disk_full).toBe(1);
    expect(Object.keys(codes).filter((code) => code !== 'ok' && code !== 'disk_full')).toEqual([]);

    const before = await dispatcher.dispatch('workspace.stats', {});
    for (const [method, params] of [
      [
        'annotations.create',
        { documentId, labelId: 'country', fragments: [{ start: 1, end: 5 }], note: 'x'.repeat(4000) },
      ],
      ['labels.create', { name: 'Militia', kind: 'entity' }],
      ['documents.import', { sources: [{ name: 'big.txt', content: 'The disk is full. '.repeat(20_000) }] }],
    ] as const) {
      const reply = await dispatcher.dispatch(method, params);
      expect({ method, reply }).toMatchObject({ method, reply: { ok: false, error: { code: 'disk_full' } } });
      if (!reply.ok) expect(reply.error.message).toMatch(/free some space/i);
    }
    // Through the host that was serving when the disk filled up, too.
    const overHttp = await serve.call('annotations.create', {
      documentId,
      labelId: 'place',
      fragments: [{ start: 2, end: 6 }],
    });
    expect(overHttp).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(await dispatcher.dispatch('workspace.stats', {})).toEqual(before);
  });

  it('(b) keeps the workspace sound, with every acknowledged annotation', async () => {
    const { ids, integrity } = await inspect(file);
    expect(integrity).toBe('ok');
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    for (const id of acknowledged.slice(0, 3)) {
      expect(await dispatcher.dispatch('annotations.get', { id })).toMatchObject({ ok: true, result: { id } });
    }
  });

  it('(e) the command line prints one coded line, no stack trace; a read still answers', async () => {
    const write = await runCli(['--workspace', file, 'call', 'annotations.create', annotationParams()]);
    expect(write.code).toBe(1);
    expect(coded(write).code).toBe('disk_full');
    // A read needs no room: it answers, and closing says nothing about the statistics it could not save.
    const stats = await runCli(['--workspace', file, 'stats', '--json']);
    expect({ code: stats.code, stderr: stats.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stats.stdout)).toMatchObject({ annotations: acknowledged.length });
  });

  it('(d) `triangulate serve` shuts down cleanly on SIGTERM, whether it started before or after the disk filled up', async () => {
    const late = await startServe(file);
    expect(await late.call('labels.create', { name: 'Late', kind: 'entity' })).toMatchObject({
      ok: false,
      error: { code: 'disk_full' },
    });
    for (const host of [serve, late]) {
      const { code, signal, stderr } = await host.stop();
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(stackLines(stderr)).toEqual([]);
    }
  });

  it('(c) writes again in the same process once space is freed', async () => {
    fs.rmSync(filler);
    const reply = await annotate();
    expect(reply.ok).toBe(true);
    if (reply.ok) acknowledged.push((reply.result as { id: string }).id);
    const label = await dispatcher.dispatch('labels.create', { name: 'Militia', kind: 'entity' });
    expect(label.ok).toBe(true);
    const { ids, integrity } = await inspect(file);
    expect(integrity).toBe('ok');
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('(e) with nothing else holding the workspace open, the command line answers with one coded line', async () => {
    fillDisk();
    // Closing the last connection on a full disk loses nothing: what could not be copied back
    // into the file stays in the write-ahead log, and the next program reads it from there.
    await dispatcher.close();
    const stats = await runCli(['--workspace', file, 'stats', '--json']);
    expect({ code: stats.code, stderr: stats.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stats.stdout)).toMatchObject({ annotations: acknowledged.length });
    expect(coded(await runCli(['--workspace', file, 'call', 'annotations.create', annotationParams()])).code).toBe(
      'disk_full',
    );

    // Closed with room to spare, the log is folded back and removed with its index; then the
    // disk fills up, and even opening the file needs room for the index again.
    fs.rmSync(filler);
    expect((await runCli(['--workspace', file, 'stats'])).code).toBe(0);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
    fillDisk();
    for (const [method, params] of [
      ['annotations.create', annotationParams()],
      ['workspace.stats', '{}'],
    ]) {
      const run = await runCli(['--workspace', file, 'call', method as string, params as string]);
      expect(run.code).toBe(1);
      expect(coded(run)).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/could not be opened/) });
    }
    for (const args of [['stats'], ['serve', '--port', '0']]) {
      const run = await runCli(['--workspace', file, ...args]);
      expect(run.code).toBe(1);
      expect(stackLines(run.stderr)).toEqual([]);
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^triangulate: The disk .* could not be opened/),
      ]);
    }

    fs.rmSync(filler);
    const { ids, integrity } = await inspect(file);
    expect(integrity).toBe('ok');
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
  });
});

if ('skipped' in mounted) it.skip(`disk-full tests: ${mounted.skipped}`, () => undefined);
