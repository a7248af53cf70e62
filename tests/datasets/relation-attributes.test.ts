/**
 * A relation's attributes (an attributed source's own stance and the cue) in every format that
 * carries relations: where each format puts them, that they come back on import, and that an
 * import refuses what the API would refuse. (The full round trips, byte for byte, are in
 * roundtrip.test.ts and csv.test.ts; CoNLL carries no relations at all.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import { listDocuments } from '../../db/documents.js';
import { listRelations } from '../../db/relations.js';
import type { Relation } from '../../common/domain.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, readJsonl, task } from './helpers.js';

let t: TestWorkspace;
let dir: string;
let attributed: Relation[];

beforeEach(() => {
  t = openTestWorkspace();
  annotate(t.ws);
  dir = tempDir('triangulate-relation-attributes-');
  attributed = listRelations(t.ws, { type: 'attributed_to' });
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Imports `file` into a fresh seeded workspace and answers its relations by id. */
async function reimported(format: 'jsonl' | 'w3c' | 'brat', file: string): Promise<Map<string, Relation>> {
  const target = openTestWorkspace();
  try {
    await importDataset(target.ws, { format, path: file }, task());
    return new Map(listRelations(target.ws, {}).map((r) => [r.id, r]));
  } finally {
    target.dispose();
  }
}

describe('the fixture', () => {
  it('has attributed sources with a stance and a cue to carry, and a cross-document relation with an attribute', () => {
    expect(attributed.length).toBeGreaterThan(3);
    for (const r of attributed) {
      expect(['asserted', 'reported', 'denied', 'questioned']).toContain(r.attributes.stance);
      expect(r.attributes.cue).toMatch(/^told “RT”,\tper \d \| \\ agencies$/);
    }
    expect(listRelations(t.ws, { type: 'same_as' })[0]?.attributes).toEqual({ basis: 'paraphrase' });
  });
});

describe('JSONL', () => {
  it('writes `attributes` on each relation, keys sorted, and reads them back', async () => {
    const out = path.join(dir, 'data.jsonl');
    await exportDataset(t.ws, { format: 'jsonl', outPath: out }, task());
    const written = (readJsonl(out) as Array<{ relations: Array<{ id: string; attributes: Record<string, string> }> }>)
      .flatMap((line) => line.relations)
      .filter((r) => attributed.some((a) => a.id === r.id));
    expect(written).toHaveLength(attributed.length);
    for (const r of written) {
      expect(Object.keys(r.attributes)).toEqual(['cue', 'stance']);
      expect(r.attributes).toEqual(attributed.find((a) => a.id === r.id)?.attributes);
    }
    const back = await reimported('jsonl', out);
    for (const r of attributed) expect(back.get(r.id)?.attributes).toEqual(r.attributes);
  });

  it('refuses a relation whose stance is outside the vocabulary, or whose cue is too long, naming the field', async () => {
    const documents = listDocuments(t.ws).length;
    const text = 'Officials said the centre opened. The ministry denied it.';
    const line = (attributes: Record<string, string>) =>
      JSON.stringify({
        text,
        spans: [
          { id: 'ann_a', start: 0, end: 9, label: 'Source' },
          { id: 'ann_b', start: 15, end: 33, label: 'Claim' },
        ],
        relations: [{ head: 'ann_b', child: 'ann_a', type: 'attributed_to', attributes }],
      }) + '\n';
    const file = path.join(dir, 'r.jsonl');
    fs.writeFileSync(file, line({ stance: 'shouted' }));
    const stance = await expectApiError(importDataset(t.ws, { format: 'jsonl', path: file }, task()), 'invalid_file');
    expect(stance.message).toBe(
      'r.jsonl, line 1, field “relations[0].attributes.stance”: the stance of a source is one of asserted, reported, denied, questioned. Found "shouted".',
    );
    fs.writeFileSync(file, line({ cue: 'x'.repeat(101) }));
    const cue = await expectApiError(importDataset(t.ws, { format: 'jsonl', path: file }, task()), 'invalid_file');
    expect(cue.message).toMatch(/field “relations\[0\]\.attributes\.cue”: a cue is one line of 1 to 100 characters/);
    fs.writeFileSync(file, line({ 'Not Snake': 'x' }));
    await expectApiError(importDataset(t.ws, { format: 'jsonl', path: file }, task()), 'invalid_file');
    // Nothing of a refused file is written.
    expect(listDocuments(t.ws)).toHaveLength(documents);
    expect(listRelations(t.ws, {}).some((r) => r.fromId === 'ann_b')).toBe(false);
  });
});

describe('W3C', () => {
  it('gives each attribute of a relation its own classifying body on the linking annotation, and reads them back', async () => {
    const out = path.join(dir, 'data.jsonl');
    await exportDataset(t.ws, { format: 'w3c', outPath: out }, task());
    const items = readJsonl(out) as Array<{ id: string; motivation: string; body: Array<Record<string, unknown>> }>;
    for (const r of attributed) {
      const item = items.find((i) => i.id === `urn:triangulate:relation:${r.id}`);
      expect(item?.motivation).toBe('linking');
      expect(item?.body).toEqual([
        { type: 'SpecificResource', purpose: 'linking', source: `urn:triangulate:annotation:${r.toId}` },
        { type: 'TextualBody', purpose: 'tagging', value: 'attributed_to' },
        { type: 'TextualBody', purpose: 'classifying', value: r.attributes.cue, 'tri:attribute': 'cue' },
        { type: 'TextualBody', purpose: 'classifying', value: r.attributes.stance, 'tri:attribute': 'stance' },
        { type: 'TextualBody', purpose: 'commenting', value: 'per the lede' },
      ]);
    }
    const back = await reimported('w3c', out);
    for (const r of attributed) expect(back.get(r.id)?.attributes).toEqual(r.attributes);
  });
});

describe('brat', () => {
  it('writes each attribute of a relation as a `tri:NAME` comment on its R line (escaped like notes), cross-document ones in triangulate.jsonl, and reads them back', async () => {
    const out = path.join(dir, 'brat');
    await exportDataset(t.ws, { format: 'brat', outPath: out }, task());
    const all = listDocuments(t.ws)
      .map((d) => fs.readFileSync(path.join(out, `${d.id}.ann`), 'utf8'))
      .join('');
    expect(all).toMatch(/^#\d+\ttri:stance R\d+\t(asserted|reported|denied|questioned)$/m);
    expect(all).toMatch(/^#\d+\ttri:cue R\d+\ttold “RT”,\\tper \d \| \\\\ agencies$/m);
    // brat itself reads these as comments (any type): no A line ever targets a relation.
    expect(all).not.toMatch(/^A\d+\t\S+ R\d+/m);
    const side = fs.readFileSync(path.join(out, 'triangulate.jsonl'), 'utf8');
    expect(side).toContain('"type":"same_as","attributes":{"basis":"paraphrase"}');
    const back = await reimported('brat', out);
    for (const r of listRelations(t.ws, {})) expect(back.get(r.id)?.attributes).toEqual(r.attributes);
  });

  it('keeps the comments of other brat files as notes: only `tri:NAME` comments are attributes', async () => {
    const folder = path.join(dir, 'other');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.txt'), 'Officials said the centre opened.');
    fs.writeFileSync(
      path.join(folder, 'a.ann'),
      'T1\tSource 0 9\tOfficials\nT2\tClaim 15 33\tthe centre opened.\nR1\tattributed_to Arg1:T2 Arg2:T1\n' +
        '#1\tAnnotatorNotes R1\tchecked\n#2\tReviewerNote R1\tsecond look\n#3\ttri:stance R1\tdenied\n',
    );
    await importDataset(t.ws, { format: 'brat', path: folder }, task());
    const relation = listRelations(t.ws, {}).find((r) => r.note.includes('checked'));
    expect(relation).toMatchObject({
      type: 'attributed_to',
      note: 'checked\n\nsecond look',
      attributes: { stance: 'denied' },
    });
  });
});
