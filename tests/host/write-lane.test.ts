/**
 * The write lane inside the workspace worker: writes run one at a time in arrival order, reads
 * never wait behind them, a write that finds the file locked (`busy`) is retried until its
 * deadline and then answered with `busy`, and any other failure is answered at once.
 */
import { describe, expect, it } from 'vitest';
import type { DispatchResult } from '../../host/dispatcher.js';
import { WriteLane, isRead } from '../../host/write-lane.js';

const ok = (result: unknown): DispatchResult => ({ ok: true, result });
const busy: DispatchResult = { ok: false, error: { code: 'busy', message: 'locked' } };

/** A promise with its resolver, to hold an attempt open until the test lets it finish. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the write lane', () => {
  it('knows reads from writes', () => {
    expect(isRead('documents.list')).toBe(true);
    expect(isRead('workspace.stats')).toBe(true);
    expect(isRead('tasks.cancel')).toBe(true);
    expect(isRead('labels.create')).toBe(false);
    expect(isRead('annotations.create')).toBe(false);
    expect(isRead('documents.import')).toBe(false);
  });

  it('runs writes one at a time, in the order they arrived', async () => {
    const started: string[] = [];
    const attempts = new Map<string, ReturnType<typeof deferred<DispatchResult>>>();
    const lane = new WriteLane((method, params) => {
      const name = `${method}:${String((params as { n: number }).n)}`;
      started.push(name);
      const attempt = deferred<DispatchResult>();
      attempts.set(name, attempt);
      return attempt.promise;
    });
    const first = lane.submit('labels.create', { n: 1 });
    const second = lane.submit('annotations.create', { n: 2 });
    const third = lane.submit('labels.delete', { n: 3 });
    await settle();
    expect(started).toEqual(['labels.create:1']);

    attempts.get('labels.create:1')!.resolve(ok(1));
    expect(await first).toEqual(ok(1));
    await settle();
    expect(started).toEqual(['labels.create:1', 'annotations.create:2']);

    // A failed write does not stop the ones behind it.
    attempts.get('annotations.create:2')!.resolve({ ok: false, error: { code: 'conflict', message: 'taken' } });
    expect(await second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await settle();
    attempts.get('labels.delete:3')!.resolve(ok(3));
    expect(await third).toEqual(ok(3));
    expect(started).toEqual(['labels.create:1', 'annotations.create:2', 'labels.delete:3']);
  });

  it('answers reads at once, even while a write is waiting', async () => {
    const write = deferred<DispatchResult>();
    const lane = new WriteLane((method) => (method === 'labels.create' ? write.promise : Promise.resolve(ok(method))));
    let written = false;
    const pendingWrite = lane.submit('labels.create', { name: 'x' }).then((reply) => {
      written = true;
      return reply;
    });
    // Queued behind the waiting write, the second write has not started either.
    expect(await lane.submit('documents.list', {})).toEqual(ok('documents.list'));
    expect(await lane.submit('tasks.cancel', { taskId: 't' })).toEqual(ok('tasks.cancel'));
    expect(written).toBe(false);
    write.resolve(ok('labels.create'));
    expect(await pendingWrite).toEqual(ok('labels.create'));
  });

  it('retries a busy write until it goes through, letting reads run between tries', async () => {
    let tries = 0;
    const lane = new WriteLane(
      (method) => {
        if (method === 'documents.list') return Promise.resolve(ok([]));
        tries += 1;
        return Promise.resolve(tries < 4 ? busy : ok('written'));
      },
      { deadlineMs: 10_000, firstPauseMs: 5, maxPauseMs: 20 },
    );
    let written = false;
    const write = lane.submit('labels.create', {}).then((reply) => {
      written = true;
      return reply;
    });
    // The first try found the file locked: the lane pauses, and a read is answered meanwhile.
    await settle();
    expect(tries).toBe(1);
    expect(await lane.submit('documents.list', {})).toEqual(ok([]));
    expect(written).toBe(false);
    expect(await write).toEqual(ok('written'));
    expect(tries).toBe(4);
  });

  it('answers busy once the deadline has passed, and the next write still runs', async () => {
    let locked = true;
    let tries = 0;
    const lane = new WriteLane(
      () => {
        tries += 1;
        return Promise.resolve(locked ? busy : ok('written'));
      },
      { deadlineMs: 60, firstPauseMs: 5, maxPauseMs: 10 },
    );
    expect(await lane.submit('labels.create', {})).toEqual(busy);
    expect(tries).toBeGreaterThan(1);
    locked = false;
    expect(await lane.submit('labels.create', {})).toEqual(ok('written'));
  });

  it('does not retry a failure other than busy', async () => {
    let tries = 0;
    const lane = new WriteLane(
      () => {
        tries += 1;
        return Promise.resolve({ ok: false, error: { code: 'invalid_range', message: 'out of the text' } });
      },
      { deadlineMs: 10_000, firstPauseMs: 1 },
    );
    expect(await lane.submit('annotations.create', {})).toMatchObject({ ok: false, error: { code: 'invalid_range' } });
    expect(tries).toBe(1);
  });
});
