/**
 * Several programs write to one workspace file at the same time: the real `triangulate serve`
 * (which also writes, for its own page), the real `triangulate call annotations.create` run again
 * and again, and children writing in a loop through the command line's dispatcher (the workspace
 * in a worker thread, as in every host). An event-stream client of the host counts `changed`
 * events meanwhile.
 *
 * Nothing acknowledged is lost, no writer gets an uncoded error (a `busy` after the writer's own
 * retries would be coded, and is counted), every write made by another process reaches the
 * host's page as a `changed` event within {@link SEEN_WITHIN_MS} of its acknowledgement, and the
 * file passes `PRAGMA integrity_check`; a write that succeeds prints nothing on stderr. A writer
 * killed with SIGKILL mid-run loses nothing it acknowledged, and the host keeps answering.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../common/errors.js';
import { tempDir } from '../helpers.js';
import {
  ensureBuilt,
  inspect,
  openEvents,
  runCli,
  spawnTs,
  stackLines,
  startServe,
  type EventStream,
  type Serve,
} from './processes.js';

/** Real `triangulate call` processes, each run this many times one after another. */
const CLI_WRITERS = 2;
const CLI_WRITES = 8;
/** Children writing in a loop through the command line's dispatcher. */
const LOOP_WRITERS = 2;
const LOOP_WRITES = 40;
const LOOP_PAUSE_MS = 60;
/** Writes the host makes for its own page meanwhile. */
const HOST_WRITES = 40;
/**
 * A foreign write must reach the page this soon after its writer was told it committed. The host
 * polls for other processes' commits every 250 ms; the rest is room for a loaded machine.
 */
const SEEN_WITHIN_MS = 1000;

interface Ack {
  writer: string;
  id: string;
  /** When the writer had its answer (Date.now()). */
  at: number;
  /** Made by another process than the host. */
  foreign: boolean;
}

interface Outcome {
  acks: Ack[];
  /** Coded refusals, by code. */
  refused: Record<string, number>;
  /** Failures without a code (or `internal`), and stack traces, as printed. */
  uncoded: string[];
  /** What successful runs printed on stderr all the same (nothing, is the point). */
  noise: string[];
}

const outcome = (): Outcome => ({ acks: [], refused: {}, uncoded: [], noise: [] });

/** Files a refusal (its `{code, message}` JSON) under its code, or as uncoded. */
function refusal(into: Outcome, text: string): void {
  try {
    const { code } = JSON.parse(text) as { code?: unknown };
    if (typeof code === 'string' && code !== 'internal' && (ERROR_CODES as readonly string[]).includes(code)) {
      into.refused[code] = (into.refused[code] ?? 0) + 1;
      return;
    }
  } catch {
    // Not JSON: uncoded.
  }
  into.uncoded.push(text);
}

function stacks(into: Outcome, stderr: string): void {
  if (stackLines(stderr).length > 0) into.uncoded.push(stderr);
}

let dir: string;
let file: string;
let host: Serve;
let events: EventStream;
let documents: string[];
const table: Array<Record<string, string | number>> = [];

function params(documentIndex: number, start: number): Record<string, unknown> {
  return {
    documentId: documents[documentIndex % documents.length],
    labelId: 'country',
    fragments: [{ start, end: start + 5 }],
  };
}

/** One real `triangulate call annotations.create` process after another. */
async function cliWriter(name: string, count: number): Promise<Outcome> {
  const out = outcome();
  for (let i = 0; i < count; i++) {
    const run = await runCli(['--workspace', file, 'call', 'annotations.create', JSON.stringify(params(i, 10 + i))]);
    stacks(out, run.stderr);
    if (run.code === 0) {
      out.acks.push({ writer: name, id: (JSON.parse(run.stdout) as { id: string }).id, at: run.at, foreign: true });
      if (run.stderr.trim()) out.noise.push(run.stderr.trim());
    } else {
      refusal(out, run.stderr.trim().split('\n').pop() ?? '');
    }
  }
  return out;
}

/** A child writing `count` annotations in a loop (./annotation-writer.ts). */
function loopWriter(
  name: string,
  count: number,
  pauseMs: number,
): { kill: () => void; acks: () => number; done: Promise<Outcome> } {
  const out = outcome();
  const child = spawnTs('tests/attack/annotation-writer.ts', [file, String(count), String(pauseMs)]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (let end = stdout.indexOf('\n'); end >= 0; end = stdout.indexOf('\n')) {
      const line = stdout.slice(0, end);
      stdout = stdout.slice(end + 1);
      if (!line.startsWith('{')) continue;
      const reply = JSON.parse(line) as { id?: string; at: number; error?: unknown };
      if (reply.id) out.acks.push({ writer: name, id: reply.id, at: reply.at, foreign: true });
      else refusal(out, JSON.stringify(reply.error));
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end();
  const done = new Promise<Outcome>((resolve) => {
    child.on('close', (code, signal) => {
      stacks(out, stderr);
      if (code !== 0 && signal !== 'SIGKILL') out.uncoded.push(`${name} exited with ${code ?? signal}: ${stderr}`);
      else if (stderr.trim()) out.noise.push(stderr.trim());
      resolve(out);
    });
  });
  return { kill: () => child.kill('SIGKILL'), acks: () => out.acks.length, done };
}

/** The host writing for its own page, over HTTP as the page does. */
async function hostWriter(count: number, pauseMs: number): Promise<Outcome> {
  const out = outcome();
  for (let i = 0; i < count; i++) {
    const reply = await host.call('annotations.create', params(i, 200 + i));
    if (reply.ok)
      out.acks.push({ writer: 'host', id: (reply.result as { id: string }).id, at: Date.now(), foreign: false });
    else refusal(out, JSON.stringify(reply.error));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return out;
}

/** When each annotation's creation reached the event stream (first time). */
function seenTimes(): Map<string, number> {
  const seen = new Map<string, number>();
  for (const { message, at } of events.received) {
    if (message.event !== 'changed') continue;
    for (const record of message.data.records) {
      if (record.kind === 'annotation' && record.change === 'created' && !seen.has(record.id)) seen.set(record.id, at);
    }
  }
  return seen;
}

function merge(outcomes: Outcome[]): Outcome {
  const all = outcome();
  for (const o of outcomes) {
    all.acks.push(...o.acks);
    all.uncoded.push(...o.uncoded);
    all.noise.push(...o.noise);
    for (const [code, n] of Object.entries(o.refused)) all.refused[code] = (all.refused[code] ?? 0) + n;
  }
  return all;
}

/**
 * Checks one run: nothing acknowledged lost, only coded refusals (and no `busy` but the ones
 * counted), every write seen on the event stream, the foreign ones in time; adds its row to the table.
 */
async function check(scenario: string, writers: number, all: Outcome): Promise<void> {
  const acked = all.acks;
  // Every acknowledged write shows up on the stream eventually; then the timing is measured.
  await vi.waitFor(
    () => {
      const seen = seenTimes();
      expect(acked.filter((ack) => !seen.has(ack.id)).map((ack) => `${ack.writer} ${ack.id}`)).toEqual([]);
    },
    { timeout: 15_000, interval: 50 },
  );
  const seen = seenTimes();
  const latency = (ack: Ack) => Math.max(0, (seen.get(ack.id) as number) - ack.at);
  const foreign = acked.filter((ack) => ack.foreign);
  const maxForeign = Math.max(0, ...foreign.map(latency));
  const late = foreign.filter((ack) => latency(ack) > SEEN_WITHIN_MS).map((ack) => `${ack.writer}: ${latency(ack)} ms`);

  const { ids, integrity } = await inspect(file);
  const lost = acked.filter((ack) => !ids.has(ack.id));
  table.push({
    scenario,
    writers,
    acknowledged: acked.length,
    lost: lost.length,
    busy: all.refused.busy ?? 0,
    'other refusals': Object.values(all.refused).reduce((a, b) => a + b, 0) - (all.refused.busy ?? 0),
    uncoded: all.uncoded.length,
    'stderr on success': all.noise.length,
    'events seen': acked.filter((ack) => seen.has(ack.id)).length,
    'max seen-latency ms (foreign)': maxForeign,
    'max seen-latency ms (host)': Math.max(0, ...acked.filter((ack) => !ack.foreign).map(latency)),
  });

  expect(all.uncoded).toEqual([]);
  expect(all.noise).toEqual([]);
  expect(Object.keys(all.refused).filter((code) => code !== 'busy')).toEqual([]);
  expect(lost.map((ack) => `${ack.writer} ${ack.id}`)).toEqual([]);
  expect(new Set(acked.map((ack) => ack.id)).size).toBe(acked.length);
  expect(late).toEqual([]);
  expect(integrity).toBe('ok');
}

beforeAll(async () => {
  ensureBuilt();
  dir = tempDir('triangulate-concurrency-');
  file = path.join(dir, 'shared.triangulate');
  host = await startServe(file);
  events = await openEvents(host.port, host.token);
  const listed = await host.call('documents.list', {});
  if (!listed.ok) throw new Error(listed.error.message);
  documents = (listed.result as Array<{ id: string }>).map((d) => d.id);
});

afterAll(async () => {
  events?.close();
  if (host && host.child.exitCode === null) await host.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (table.length) {
    console.log(`concurrency (events must be seen within ${SEEN_WITHIN_MS} ms of the acknowledgement):`);
    console.table(table);
  }
});

describe('one host and several command-line processes writing to the same workspace at once', () => {
  it('loses nothing acknowledged, refuses nothing uncoded, and shows every foreign write on the page in time', async () => {
    const loops = Array.from({ length: LOOP_WRITERS }, (_, i) =>
      loopWriter(`loop ${i + 1}`, LOOP_WRITES, LOOP_PAUSE_MS),
    );
    const outcomes = await Promise.all([
      ...Array.from({ length: CLI_WRITERS }, (_, i) => cliWriter(`cli ${i + 1}`, CLI_WRITES)),
      ...loops.map((loop) => loop.done),
      hostWriter(HOST_WRITES, LOOP_PAUSE_MS),
    ]);
    const all = merge(outcomes);
    expect(all.acks.length + Object.values(all.refused).reduce((a, b) => a + b, 0)).toBe(
      CLI_WRITERS * CLI_WRITES + LOOP_WRITERS * LOOP_WRITES + HOST_WRITES,
    );
    await check('all at once', CLI_WRITERS + LOOP_WRITERS, all);
  });

  it('a writer killed mid-run loses nothing it acknowledged, and the host keeps answering', async () => {
    const victim = loopWriter('killed loop', 100_000, 5);
    const others = [loopWriter('loop', LOOP_WRITES, LOOP_PAUSE_MS)];
    const cli = cliWriter('cli', 3);
    // A `triangulate call` killed too, at some point of its run: whatever it says counts.
    const killedCli = runCli(['--workspace', file, 'call', 'annotations.create', JSON.stringify(params(0, 300))], 700);
    await vi.waitFor(() => expect(victim.acks()).toBeGreaterThanOrEqual(25), { timeout: 30_000, interval: 10 });
    victim.kill();
    const outcomes = await Promise.all([victim.done, ...others.map((o) => o.done), cli, hostWriter(10, 20)]);
    const killed = await killedCli;
    if (killed.code === 0) {
      outcomes.push({
        ...outcome(),
        acks: [
          { writer: 'killed cli', id: (JSON.parse(killed.stdout) as { id: string }).id, at: killed.at, foreign: true },
        ],
      });
    }
    expect(stackLines(killed.stderr)).toEqual([]);

    // The host answers reads and writes after the kill.
    const stats = await host.call('workspace.stats', {});
    expect(stats.ok).toBe(true);
    const after = await host.call('annotations.create', params(1, 350));
    expect(after.ok).toBe(true);
    const all = merge(outcomes);
    if (after.ok)
      all.acks.push({ writer: 'host', id: (after.result as { id: string }).id, at: Date.now(), foreign: false });
    await check('one killed (SIGKILL)', 4, all);
  });

  it('the host shuts down cleanly afterwards', async () => {
    events.close();
    const { code, signal, stderr } = await host.stop();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stackLines(stderr)).toEqual([]);
    expect((await inspect(file)).integrity).toBe('ok');
  });
});
