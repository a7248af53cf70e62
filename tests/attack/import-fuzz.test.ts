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
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { CaseFolder, EITHER, FuzzReport, REFUSED, Rng } from './fuzz-harness.js';

const SEED = 0x7a11;
const CASES = 1500;

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
    const rng = new Rng(SEED);
    const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
    const report = new FuzzReport('JSONL import fuzz');
    const folder = new CaseFolder(dir);
    for (let n = 0; n < CASES; n++) {
      const kind = pick(KINDS);
      const lines: string[] = [];
      const records = 1 + rng.int(3);
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
      const content = folder.write(new Map([[`case.jsonl`, Buffer.from(lines.join('\n') + '\n')]]));
      // Every case's texts and ids are new: the workspace keeps what each case imports.
      await report.run(t.ws, {
        name: `jsonl #${n} ${kind}`,
        kind,
        format: 'jsonl',
        path: path.join(folder.dir, 'case.jsonl'),
        expect: MUST_REFUSE.has(kind) ? REFUSED : EITHER,
        content,
      });
    }
    console.log(report.table());
    expect(report.failures).toEqual([]);
    expect(report.cases).toBe(CASES);
    expect(report.refused).toBeGreaterThan(CASES / 2);
  }, 120_000);
});
