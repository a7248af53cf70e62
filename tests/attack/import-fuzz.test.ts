/**
 * A generated malformed-import corpus ("Trust" issue): JSONL datasets built from a seed with a
 * tiny PRNG, each record mutated in one of the ways hostile or broken files are (lone surrogate
 * escapes, repeated ids, strings over the API's limits, impossible timestamps, offsets out of
 * range, wrong types, cut lines). Every import must either succeed with counts that match what
 * was written, or fail with a coded ApiError (never `internal`) having written nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../common/errors.js';
import { importDataset } from '../../db/datasets/index.js';
import { workspaceStats } from '../../db/stats.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { task } from '../datasets/helpers.js';

const SEED = 0x7a11;
const CASES = 1500;

/** mulberry32: a small, seeded PRNG in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (record: Record<string, unknown>, n: number, pick: <T>(xs: readonly T[]) => T) => string | null;

const spanOf = (record: Record<string, unknown>) => (record.spans as Array<Record<string, unknown>>)[0]!;

/** Each returns a raw line to write instead of the record, or null to write the (changed) record. */
const MUTATIONS: Record<string, Mutation> = {
  none: () => null,
  loneSurrogate: (r, _n, pick) => {
    const json = JSON.stringify(r);
    switch (pick(['text', 'label', 'note', 'title'])) {
      case 'text':
        return json.replace('"text":"', '"text":"\\ud800');
      case 'label':
        return json.replace('"label":"', '"label":"\\udc00');
      case 'note':
        return json.replace('"spans":[{', '"spans":[{"note":"\\udbff",');
      default:
        return json.replace('{', '{"title":"x\\udc00",');
    }
  },
  duplicateId: (r) => {
    const spans = r.spans as Array<Record<string, unknown>>;
    spans.push({ ...spans[0], start: 0, end: 4 });
    return null;
  },
  longId: (r) => ((spanOf(r).id = 'i'.repeat(201)), null),
  longNote: (r) => ((spanOf(r).note = 'n'.repeat(20_001)), null),
  manyFragments: (r) => {
    const s = spanOf(r);
    delete s.start;
    delete s.end;
    delete s.text;
    s.fragments = Array.from({ length: 1001 }, () => [0, 1]);
    return null;
  },
  badTimestamp: (r, _n, pick) => (
    (spanOf(r).created_at = pick(['9999-99-99T99:99:99Z', '2021-02-30T00:00:00Z', '2021-01-01', 'yesterday', 12])),
    null
  ),
  offsetOutOfRange: (r, _n, pick) => ((spanOf(r).end = pick([-1, 1e9, 1.5, '3', null])), null),
  wrongType: (r, _n, pick) => {
    const field = pick(['text', 'spans', 'label', 'status', 'attributes']);
    if (field === 'text' || field === 'spans') r[field] = pick([42, null, {}, [1]]);
    else spanOf(r)[field] = pick([42, [], {}, 'no-such-status']);
    return null;
  },
  emptyLabel: (r, _n, pick) => ((spanOf(r).label = pick(['', '   ', '\u200b', 'L'.repeat(101)])), null),
  cutLine: (r, _n, pick) => {
    const json = JSON.stringify(r);
    return json.slice(0, Math.floor(json.length * pick([0.2, 0.5, 0.9])));
  },
  badRelation: (r, _n, pick) => {
    r.relations = [{ id: 'r', head: spanOf(r).id, child: pick([spanOf(r).id, 'missing', 42]), type: 'said' }];
    return null;
  },
};
const KINDS = Object.keys(MUTATIONS);
/** Mutations no import may accept (findings 2, 6 and 7). */
const MUST_REFUSE = new Set(['loneSurrogate', 'duplicateId', 'longId', 'longNote', 'manyFragments', 'badTimestamp']);

let t: TestWorkspace;
let dir: string;
beforeAll(() => {
  t = openTestWorkspace({ seed: false });
  dir = tempDir('triangulate-import-fuzz-');
});
afterAll(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('generated malformed-import corpus (JSONL)', () => {
  it(`${CASES} seeded cases: exact counts on success, a coded error and no write on failure`, async () => {
    const random = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const tally = { cases: 0, imported: 0, refused: 0, failures: [] as string[] };
    const byCode = new Map<string, number>();
    for (let n = 0; n < CASES; n++) {
      const kind = pick(KINDS);
      const lines: string[] = [];
      const records = 1 + Math.floor(random() * 3);
      for (let k = 0; k < records; k++) {
        const text = `Case ${n}.${k}: Reuters said Iraq denied it.`;
        const start = text.indexOf('Reuters');
        const record: Record<string, unknown> = {
          text,
          spans: [
            { id: `a${n}-${k}`, start, end: start + 7, label: pick(['Source', 'Place', 'Actor']), text: 'Reuters' },
          ],
        };
        const raw = k === records - 1 ? MUTATIONS[kind]!(record, n, pick) : null;
        lines.push(raw ?? JSON.stringify(record));
      }
      const file = path.join(dir, `case-${n}.jsonl`);
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const before = workspaceStats(t.ws);
      tally.cases++;
      try {
        const result = await importDataset(t.ws, { format: 'jsonl', path: file }, task());
        const after = workspaceStats(t.ws);
        tally.imported++;
        if (MUST_REFUSE.has(kind)) tally.failures.push(`${n} ${kind}: imported, expected a refusal`);
        if (
          after.documents - before.documents !== result.documents ||
          after.annotations - before.annotations !== result.annotations ||
          after.relations - before.relations !== result.relations
        ) {
          tally.failures.push(`${n} ${kind}: counts ${JSON.stringify(result)} differ from what was written`);
        }
      } catch (error) {
        tally.refused++;
        const code = error instanceof ApiError ? error.code : 'uncoded';
        byCode.set(code, (byCode.get(code) ?? 0) + 1);
        if (code === 'internal' || code === 'uncoded') {
          tally.failures.push(`${n} ${kind}: ${code}: ${(error as Error).message}`);
        }
        const after = workspaceStats(t.ws);
        if (JSON.stringify(after) !== JSON.stringify(before)) tally.failures.push(`${n} ${kind}: partial write`);
      }
      fs.rmSync(file);
    }
    console.log(
      `import fuzz: ${tally.cases} cases, ${tally.imported} imported, ${tally.refused} refused ` +
        `(${[...byCode].map(([c, k]) => `${c} ${k}`).join(', ')}), ${tally.failures.length} failures`,
    );
    expect(tally.failures).toEqual([]);
    expect(tally.cases).toBe(CASES);
    expect(tally.refused).toBeGreaterThan(CASES / 2);
  }, 120_000);
});
