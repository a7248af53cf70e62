/**
 * Files written by other tools (tests/fixtures/interop): doccano in all its span variants, Flair's
 * doccano-like JSONL, Label Studio JSON, Prodigy JSONL. Labels map by name onto the tagset
 * (missing ones are created), documents with the same text map onto the same document, and
 * a bad record imports nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../../db/datasets/index.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { interop, task } from './helpers.js';
import { listAnnotations } from '../../db/annotations.js';
import { getDocument, listDocuments } from '../../db/documents.js';
import { listEntities } from '../../db/entities.js';
import { getLabel, listLabels } from '../../db/labels.js';
import { listRelations } from '../../db/relations.js';
import { workspaceStats } from '../../db/stats.js';

let t: TestWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace();
  dir = tempDir('triangulate-thirdparty-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `Label:quote` of every annotation, sorted. */
function tagged(filter?: (a: { documentId: string }) => boolean): string[] {
  return listAnnotations(t.ws, {})
    .filter((a) => !filter || filter(a))
    .map((a) => `${getLabel(t.ws, a.labelId).name}:${a.quote}`)
    .sort();
}

const seedIds = () =>
  new Set(
    listDocuments(t.ws)
      .filter((d) => d.origin && !d.origin.includes('.jsonl') && !d.origin.includes('.json'))
      .map((d) => d.id),
  );

describe('doccano', () => {
  const doccano = (...p: string[]) => interop('doccano', 'backend', ...p);

  it('reads sequence-labeling exports: [start, end, label] triples', async () => {
    const result = await importDataset(
      t.ws,
      { format: 'doccano', path: doccano('data_export', 'pipeline', 'examples', 'sequence_labeling', 'example.jsonl') },
      task(),
    );
    expect(result).toMatchObject({ documents: 3, annotations: 4 });
    const seeds = seedIds();
    // PERSON maps onto the workspace's Person label (names match in any case); MISC is new.
    expect(tagged((a) => !seeds.has(a.documentId))).toEqual([
      'MISC:German',
      'ORG:EU',
      'Person:Obama',
      'Person:Peter Blackburn',
    ]);
    const created = listLabels(t.ws).find((l) => l.name === 'MISC');
    expect(created).toMatchObject({ kind: 'entity', key: null });
    expect(created?.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('reads the import column names (column_data / column_label)', async () => {
    await importDataset(
      t.ws,
      { format: 'doccano', path: doccano('data_import', 'pipeline', 'examples', 'sequence_labeling', 'example.jsonl') },
      task(),
    );
    expect(tagged()).toEqual(['ORG:EU', 'Person:Obama', 'Person:Peter Blackburn']);
  });

  it('reads relation extraction, pretty-printed over many lines as doccano exports it, and one-line imports', async () => {
    const pretty = await importDataset(
      t.ws,
      {
        format: 'doccano',
        path: doccano('data_export', 'pipeline', 'examples', 'relation_extraction', 'example.jsonl'),
      },
      task(),
    );
    expect(pretty).toEqual({ documents: 1, annotations: 4, entities: 0, claims: 0, relations: 3 });
    const google = listAnnotations(t.ws, {}).find((a) => a.quote === 'Google');
    const relations = listRelations(t.ws, { annotationId: google?.id as string });
    expect(relations.map((r) => r.type).sort()).toEqual(['founded_at', 'founded_by', 'founded_by']);
    // The same record on one line maps onto the same document and annotations.
    const again = await importDataset(
      t.ws,
      {
        format: 'doccano',
        path: doccano('data_import', 'pipeline', 'examples', 'relation_extraction', 'example.jsonl'),
      },
      task(),
    );
    expect(again).toMatchObject({ documents: 1, annotations: 0, relations: 0 });
    expect(workspaceStats(t.ws).relations).toBe(3);
  });

  it('reads intent detection (entities triples and cats), keeping the upstream offsets as they are', async () => {
    await importDataset(
      t.ws,
      { format: 'doccano', path: doccano('data_export', 'pipeline', 'examples', 'intent_detection', 'example.jsonl') },
      task(),
    );
    // Upstream's first span covers "Find a flight from Memphis": reported as written, not shifted.
    expect(tagged()).toEqual(['City:Find a flight from Memphis', 'City:Los Angeles', 'City:Tacoma']);
    const doc = listDocuments(t.ws).find((d) => d.title.startsWith('Find a flight'));
    expect(getDocument(t.ws, doc?.id as string).metadata).toMatchObject({ format: 'doccano', cats: ['flight'] });
  });

  it('refuses a record without text, naming the file, line and field, and imports nothing', async () => {
    const before = workspaceStats(t.ws);
    const error = await expectApiError(
      importDataset(
        t.ws,
        { format: 'doccano', path: doccano('data_import', 'tests', 'data', 'sequence_labeling', 'example.jsonl') },
        task(),
      ),
      'invalid_file',
    );
    expect(error.message).toBe(
      'example.jsonl, line 3, field “text”: expected the example\'s text as a string (key "text"), found undefined.',
    );
    expect(error.details).toMatchObject({ line: 3, field: 'text' });
    expect(workspaceStats(t.ws)).toEqual(before);
  });

  it('imports a duplicated span once', async () => {
    const result = await importDataset(
      t.ws,
      {
        format: 'doccano',
        path: doccano('data_import', 'tests', 'data', 'sequence_labeling', 'example_overlapping.jsonl'),
      },
      task(),
    );
    expect(result.annotations).toBe(1);
  });
});

describe('Flair JSONL', () => {
  it('reads "data" as the text; identical texts share one document', async () => {
    const result = await importDataset(
      t.ws,
      { format: 'doccano', path: interop('flair', 'tests', 'resources', 'tasks', 'jsonl', 'train.jsonl') },
      task(),
    );
    expect(result).toMatchObject({ documents: 4, annotations: 7 });
    expect(tagged()).toContain('LOC:New Berlin.');
    expect(tagged().filter((x) => x === 'LOC:New Berlin')).toHaveLength(2);
  });
});

describe('Label Studio', () => {
  const ls = (...p: string[]) =>
    interop('label-studio', 'web', 'libs', 'editor', 'src', 'examples', 'named_entity', ...p);

  it('reads predictions as proposed annotations', async () => {
    const result = await importDataset(t.ws, { format: 'labelstudio', path: ls('tasks.json') }, task());
    expect(result).toMatchObject({ documents: 1, annotations: 1 });
    const [a] = listAnnotations(t.ws, { labelId: listLabels(t.ws).find((l) => l.name === 'Date')?.id as string });
    expect(a).toMatchObject({ quote: 'February 22', status: 'proposed' });
  });

  it('reads a task with its annotations as accepted, on the same document', async () => {
    await importDataset(t.ws, { format: 'labelstudio', path: ls('tasks.json') }, task());
    const result = await importDataset(t.ws, { format: 'labelstudio', path: ls('annotations', '1.json') }, task());
    // Same text, same region: the existing annotation is kept, not duplicated.
    expect(result).toMatchObject({ documents: 1, annotations: 0 });
    const other = openTestWorkspace({ seed: false });
    try {
      await importDataset(other.ws, { format: 'labelstudio', path: ls('annotations', '1.json') }, task());
      expect(listAnnotations(other.ws, {})).toMatchObject([{ quote: 'February 22', status: 'accepted' }]);
    } finally {
      other.dispose();
    }
  });

  it('reads region relations and refuses region text that does not match', async () => {
    const file = path.join(dir, 'ls.json');
    const text = 'Reuters said Iraq denied it.';
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          id: 7,
          data: { text },
          annotations: [
            {
              completed_by: { email: 'ana@example.org' },
              created_at: '2023-01-01T00:00:00.123456Z',
              result: [
                {
                  id: 'a',
                  type: 'labels',
                  from_name: 'l',
                  to_name: 'text',
                  value: { start: 0, end: 7, text: 'Reuters', labels: ['Source'] },
                },
                {
                  id: 'b',
                  type: 'labels',
                  from_name: 'l',
                  to_name: 'text',
                  value: { start: 13, end: 17, text: 'Iraq', labels: ['Country'] },
                },
                { type: 'relation', from_id: 'b', to_id: 'a', direction: 'right', labels: ['Attributed To'] },
              ],
            },
          ],
        },
      ]),
    );
    await importDataset(t.ws, { format: 'labelstudio', path: file }, task());
    const reuters = listAnnotations(t.ws, { labelId: 'source' })[0];
    expect(reuters).toMatchObject({
      quote: 'Reuters',
      author: 'ana@example.org',
      createdAt: '2023-01-01T00:00:00.123456Z',
    });
    expect(listRelations(t.ws, { annotationId: reuters?.id as string })[0]?.type).toBe('attributed_to');
    const bad = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{
      annotations: Array<{ result: Array<{ value?: { text: string } }> }>;
    }>;
    (bad[0]?.annotations[0]?.result[1]?.value as { text: string }).text = 'Iran';
    fs.writeFileSync(file, JSON.stringify(bad, null, 2));
    const error = await expectApiError(
      importDataset(t.ws, { format: 'labelstudio', path: file }, task()),
      'invalid_range',
    );
    expect(error.message).toMatch(
      /ls\.json, line 2, field “annotations\[0\]\.result\[1\]\.value\.text”: the text at these offsets is "Iraq" but the file says "Iran"/,
    );
  });
});

describe('Prodigy', () => {
  const prodigy = (...p: string[]) => interop('prodigy-explosion-projects', 'tutorials', ...p);

  it('reads NER spans (checking each span text) and maps labels by name', async () => {
    const file = prodigy('ner_fashion_brands', 'assets', 'fashion_brands_training.head40.jsonl');
    const expected = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .reduce((sum, line) => sum + ((JSON.parse(line) as { spans?: unknown[] }).spans?.length ?? 0), 0);
    const result = await importDataset(t.ws, { format: 'prodigy', path: file }, task());
    expect(result.annotations).toBe(expected);
    expect(result.documents).toBe(40);
    expect(listLabels(t.ws).find((l) => l.name === 'FASHION_BRAND')?.kind).toBe('entity');
  });

  it('links entity-linking answers to an entity with the accepted knowledge-base id', async () => {
    await importDataset(
      t.ws,
      { format: 'prodigy', path: prodigy('nel_emerson', 'assets', 'emerson_annotated_text.jsonl') },
      task(),
    );
    const tennis = listEntities(t.ws, {}).find((e) => e.externalId === 'Q312545');
    expect(tennis?.name).toBe('Emerson');
    expect(tennis?.mentionCount).toBeGreaterThan(0);
    const ids = new Set(listEntities(t.ws, {}).map((e) => e.externalId));
    expect([...ids].every((id) => id === null || /^Q\d+$/.test(id))).toBe(true);
  });

  it('reads relations between spans, as snake_case relation types', async () => {
    const result = await importDataset(
      t.ws,
      { format: 'prodigy', path: prodigy('rel_component', 'assets', 'annotations.head10.jsonl') },
      task(),
    );
    expect(result.relations).toBeGreaterThan(0);
    const types = new Set(listRelations(t.ws, {}).map((r) => r.type));
    expect(types.has('pos_reg')).toBe(true);
    for (const type of types) expect(type).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('imports rejected answers as rejected, skips ignored ones, and maps a text equal to a seed onto that document', async () => {
    const seed = listDocuments(t.ws)[0];
    const text = t.ws.documentText(seed?.id as string);
    const file = path.join(dir, 'p.jsonl');
    const i = text.indexOf('Iraq');
    fs.writeFileSync(
      file,
      [
        { text, spans: [{ start: i, end: i + 4, label: 'COUNTRY', text: 'Iraq' }], answer: 'reject' },
        { text: 'Ignored text', spans: [{ start: 0, end: 7, label: 'X' }], answer: 'ignore' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const before = listDocuments(t.ws).length;
    const result = await importDataset(t.ws, { format: 'prodigy', path: file }, task());
    expect(result).toMatchObject({ documents: 1, annotations: 1 });
    expect(listDocuments(t.ws)).toHaveLength(before);
    expect(listAnnotations(t.ws, { documentId: seed?.id as string })).toMatchObject([
      { labelId: 'country', status: 'rejected', quote: 'Iraq' },
    ]);
  });
});

describe('offsets in texts with CRLF line ends and characters outside the BMP', () => {
  it('reads code-point offsets against the raw text and maps them onto the canonical text', async () => {
    const file = path.join(dir, 'd.jsonl');
    const text = '😀 Line one\r\nBaghdad — بغداد\r\n';
    // Python: text.index('Baghdad') == 12 (the emoji is one code point, CRLF is two).
    fs.writeFileSync(
      file,
      JSON.stringify({
        text,
        label: [
          [12, 19, 'Place'],
          [22, 27, 'Place'],
          [0, 1, 'Emoji'],
        ],
      }) + '\n',
    );
    await importDataset(t.ws, { format: 'doccano', path: file }, task());
    const doc = listDocuments(t.ws).find((d) => d.title.startsWith('😀'));
    expect(t.ws.documentText(doc?.id as string)).toBe('😀 Line one\nBaghdad — بغداد\n');
    expect(tagged((a) => a.documentId === doc?.id)).toEqual(['Emoji:😀', 'Place:Baghdad', 'Place:بغداد']);
  });

  it('reports offsets past the end in code points', async () => {
    const file = path.join(dir, 'd.jsonl');
    fs.writeFileSync(file, JSON.stringify({ text: '😀😀', label: [[0, 3, 'X']] }) + '\n');
    const error = await expectApiError(importDataset(t.ws, { format: 'doccano', path: file }, task()), 'invalid_range');
    expect(error.message).toBe(
      'd.jsonl, line 1, field “label[0]”: the range [0, 3) lies outside the text (0 to 2 code points).',
    );
  });
});
