/**
 * Finding 7 ("Trust" issue), the last path around the API's limits: a dataset whose annotations
 * carry attribute values the label does not define widens the label's definitions, and that
 * widening obeys the same limits as `labels.update` (20 attributes per label, 50 values per
 * attribute, 100 characters per value). Past them the import is refused, naming the line, and
 * nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../common/contract/schema.js';
import { importDataset } from '../../db/datasets/index.js';
import { listLabels } from '../../db/labels.js';
import { workspaceStats } from '../../db/stats.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { task } from '../datasets/helpers.js';

let t: TestWorkspace;
let dir: string;
beforeEach(() => {
  t = openTestWorkspace({ seed: false });
  dir = tempDir();
});
afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One document per record; each record's one span carries `attributes`. */
function dataset(records: Array<Record<string, string>>): string {
  const file = path.join(dir, 'widen.jsonl');
  const lines = records.map((attributes, n) => {
    const text = `Case ${n}: Reuters said Iraq denied it.`;
    const start = text.indexOf('Reuters');
    return JSON.stringify({ text, spans: [{ id: `a${n}`, start, end: start + 7, label: 'Source', attributes }] });
  });
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const load = (file: string) => importDataset(t.ws, { format: 'jsonl', path: file }, task());

describe('finding 7: widening a label from a dataset keeps to the API limits', () => {
  it('up to the limits imports, and the label defines what the data uses', async () => {
    const values = Array.from({ length: LIMITS.attributeValues }, (_, i) => ({ tone: `tone-${i}` }));
    await load(dataset(values));
    const source = listLabels(t.ws).find((l) => l.name === 'Source');
    expect(source?.attributes.find((a) => a.name === 'tone')?.values).toHaveLength(LIMITS.attributeValues);
  });

  it.each([
    [
      'one value too many',
      () => Array.from({ length: LIMITS.attributeValues + 1 }, (_, i) => ({ tone: `t${i}` })),
      /more than 50 values/,
    ],
    [
      'one attribute too many',
      () => [Object.fromEntries(Array.from({ length: LIMITS.labelAttributes + 1 }, (_, i) => [`a${i}`, 'x']))],
      /more than 20 attributes/,
    ],
    [
      'a value longer than a definition holds',
      () => [{ tone: 'v'.repeat(LIMITS.attributeValueName + 1) }],
      /101 characters/,
    ],
  ])('%s is refused, naming the line, and writes nothing', async (_name, records, message) => {
    const before = workspaceStats(t.ws);
    const labelsBefore = JSON.stringify(listLabels(t.ws));
    const error = await expectApiError(load(dataset(records())), 'invalid_file');
    expect(error.message).toMatch(/widen\.jsonl, line \d+/);
    expect(error.message).toMatch(message);
    expect(workspaceStats(t.ws)).toEqual(before);
    expect(JSON.stringify(listLabels(t.ws))).toBe(labelsBefore);
  });
});
