/**
 * Findings 2, 6 and 7 of the "Trust" issue, on every way a dataset comes in: a lone UTF-16
 * surrogate is refused (never replaced, so no offset shifts); an id used twice in one import is
 * refused instead of silently replacing the first record; the API's limits hold for imports too.
 * Each refusal is `invalid_file` naming the file, line and field, and writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../common/contract/schema.js';
import { findLoneSurrogate, hasLoneSurrogate } from '../../common/text.js';
import { importDataset } from '../../db/datasets/index.js';
import { workspaceStats } from '../../db/stats.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { task } from '../datasets/helpers.js';

let t: TestWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace({ seed: false });
  dir = tempDir('triangulate-attack-imports-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes JSON Lines; a string record is written as is (for raw `\ud800` escapes). */
function jsonl(name: string, records: unknown[], manifest?: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  if (manifest !== undefined) fs.writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest));
  return file;
}

function manifest(parts: { entities?: unknown[]; claims?: unknown[]; notes?: unknown[]; tagset?: unknown[] }) {
  return {
    kind: 'triangulate-dataset',
    version: 1,
    tagset: parts.tagset ?? [],
    documents: [],
    entities: parts.entities ?? [],
    claims: parts.claims ?? [],
    notes: parts.notes ?? [],
  };
}

/** Imports `file` as JSONL, expects `invalid_file`, checks nothing was written; returns the error. */
async function refused(file: string) {
  const before = workspaceStats(t.ws);
  const error = await expectApiError(importDataset(t.ws, { format: 'jsonl', path: file }, task()), 'invalid_file');
  expect(workspaceStats(t.ws)).toEqual(before);
  return error;
}

const TEXT = 'Reuters said Iraq denied it.';
const span = (extra: Record<string, unknown> = {}) => ({
  start: 0,
  end: 7,
  label: 'Source',
  text: 'Reuters',
  ...extra,
});

describe('finding 2: a lone UTF-16 surrogate is refused, never stored', () => {
  it('hasLoneSurrogate tells lone halves from pairs', () => {
    expect(hasLoneSurrogate('a\ud800b')).toBe(true);
    expect(hasLoneSurrogate('a\udc00b')).toBe(true);
    expect(hasLoneSurrogate('end\ud83d')).toBe(true);
    expect(hasLoneSurrogate('\ude00start')).toBe(true);
    expect(hasLoneSurrogate('a😀b\u{10000}')).toBe(false);
    expect(hasLoneSurrogate('plain')).toBe(false);
    expect(findLoneSurrogate({ spans: [{ label: 'ok' }, { label: 'x\udfff' }] })).toBe('spans[1].label');
    expect(findLoneSurrogate({ 'k\ud800': 1 })).toBe('(a key)');
  });

  it('finding 2: a JSONL text with a \\ud800 escape is invalid_file naming file, line and field', async () => {
    const file = jsonl('lone.jsonl', [{ text: TEXT }, String.raw`{"text": "Kyiv \ud800 said Odesa.", "spans": []}`]);
    const error = await refused(file);
    expect(error.message).toMatch(/^lone\.jsonl, line 2, field “text”: .*unpaired UTF-16 surrogate/);
    expect(error.details).toMatchObject({ line: 2, field: 'text' });
  });

  it('finding 2: a lone surrogate in a label, a note or a manifest entity is refused too', async () => {
    const label = String.raw`{"text": "${TEXT}", "spans": [{"start": 0, "end": 7, "label": "Sou\udc01rce"}]}`;
    expect((await refused(jsonl('label.jsonl', [label]))).message).toMatch(/line 1, field “spans\[0\]\.label”/);
    const note = String.raw`{"text": "${TEXT}", "spans": [{"start": 0, "end": 7, "label": "Source", "note": "\udbff"}]}`;
    expect((await refused(jsonl('note.jsonl', [note]))).message).toMatch(/field “spans\[0\]\.note”/);
    const file = path.join(dir, 'entity.jsonl');
    fs.writeFileSync(file, JSON.stringify({ text: TEXT }) + '\n');
    fs.writeFileSync(
      `${file}.manifest.json`,
      JSON.stringify(manifest({ entities: [{ id: 'e1', name: 'X', type: 'person' }] })).replace('"X"', '"X\\ud800"'),
    );
    expect((await refused(file)).message).toMatch(/entity\.jsonl\.manifest\.json, field “entities\[0\]\.name”/);
  });

  it('finding 2: documents.import refuses inline content with a lone surrogate (not replaced by U+FFFD)', async () => {
    const before = workspaceStats(t.ws);
    const error = await expectApiError(
      t.call('documents.import', { sources: [{ name: 'lone.txt', content: 'Kyiv \ud800 said Odesa.' }] }),
      'invalid_params',
    );
    expect(error.message).toMatch(/content holds an unpaired UTF-16 surrogate/);
    expect(workspaceStats(t.ws)).toEqual(before);
    // Below the dispatcher (a handler called directly) the importer refuses it as well.
    const { prepareDocument } = await import('../../db/import/documents.js');
    expect(() => prepareDocument({ name: 'lone.txt', content: 'Kyiv \udc00 said.' })).toThrow(/unpaired/);
  });

  it('finding 2: any API string with a lone surrogate is invalid_params', async () => {
    await expectApiError(t.call('labels.create', { name: 'Per\ud800son', kind: 'entity' }), 'invalid_params');
    await expectApiError(t.call('notes.create', { body: 'x\udfff' }), 'invalid_params');
  });
});

describe('finding 6: an id used twice in one import is refused, nothing written', () => {
  it('finding 6: two annotations with one id (even in two documents) name both lines', async () => {
    const file = jsonl('dup.jsonl', [
      { text: TEXT, spans: [span({ id: 'ann-1' })] },
      { text: 'Another text, Reuters again.', spans: [{ id: 'ann-1', start: 14, end: 21, label: 'Source' }] },
    ]);
    const error = await refused(file);
    expect(error.message).toMatch(
      /^dup\.jsonl, line 2, field “spans\[0\]”: the annotation id "ann-1" is used twice in this import \(first at dup\.jsonl, line 1, field “spans\[0\]”\)/,
    );
  });

  it('finding 6: two relations with one id', async () => {
    const file = jsonl('rel.jsonl', [
      {
        text: TEXT,
        spans: [
          span({ id: 'a' }),
          { id: 'b', start: 13, end: 17, label: 'Place' },
          { id: 'c', start: 18, end: 24, label: 'Act' },
        ],
        relations: [
          { id: 'r1', head: 'a', child: 'b', type: 'said' },
          { id: 'r1', head: 'a', child: 'c', type: 'said' },
        ],
      },
    ]);
    expect((await refused(file)).message).toMatch(/field “relations\[1\]”: the relation id "r1" is used twice/);
  });

  it('finding 6: two entities, claims or notes with one id in a manifest', async () => {
    const entity = { id: 'e1', name: 'Reuters', type: 'organization' };
    const f1 = jsonl('ents.jsonl', [{ text: TEXT }], manifest({ entities: [entity, { ...entity, name: 'Other' }] }));
    expect((await refused(f1)).message).toMatch(
      /field “entities\[1\]”: the entity id "e1" is used twice.*entities\[0\]/,
    );
    const claim = { id: 'c1', summary: 'Iraq denied it' };
    const f2 = jsonl('claims.jsonl', [{ text: TEXT }], manifest({ claims: [claim, claim] }));
    expect((await refused(f2)).message).toMatch(/the claim id "c1" is used twice/);
    const note = { id: 'n1', targetId: null, body: 'first' };
    const f3 = jsonl('notes.jsonl', [{ text: TEXT }], manifest({ notes: [note, { ...note, body: 'second' }] }));
    expect((await refused(f3)).message).toMatch(/the note id "n1" is used twice/);
  });

  it('finding 6: distinct ids still import with exact counts', async () => {
    const file = jsonl('ok.jsonl', [
      { text: TEXT, spans: [span({ id: 'ann-1' })] },
      { text: 'Another text, Reuters again.', spans: [{ id: 'ann-2', start: 14, end: 21, label: 'Source' }] },
    ]);
    const result = await importDataset(t.ws, { format: 'jsonl', path: file }, task());
    expect(result).toMatchObject({ documents: 2, annotations: 2 });
  });
});

describe("finding 7: imports keep the API's limits", () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a note over the annotation-note limit',
      () => jsonl('a.jsonl', [{ text: TEXT, spans: [span({ note: 'n'.repeat(LIMITS.note + 1) })] }]),
      /line 1, field “spans\[0\]\.note”: the note has 20001 characters; the limit is 20000/,
    ],
    [
      'a 1 MB manifest note',
      () =>
        jsonl(
          'a.jsonl',
          [{ text: TEXT }],
          manifest({ notes: [{ id: 'n1', targetId: null, body: 'x'.repeat(1 << 20) }] }),
        ),
      /field “notes\[0\]\.body”: the note has 1048576 characters; the limit is 100000/,
    ],
    [
      'a 100k-character entity name',
      () =>
        jsonl(
          'a.jsonl',
          [{ text: TEXT }],
          manifest({ entities: [{ id: 'e', name: 'N'.repeat(100_000), type: 'person' }] }),
        ),
      /field “entities\[0\]\.name”: the entity name has 100000 characters; the limit is 300/,
    ],
    [
      '100k aliases',
      () =>
        jsonl(
          'a.jsonl',
          [{ text: TEXT }],
          manifest({
            entities: [
              { id: 'e', name: 'N', type: 'person', aliases: Array.from({ length: 100_000 }, (_, i) => `a${i}`) },
            ],
          }),
        ),
      /field “entities\[0\]\.aliases”: 100000 aliases; an entity has at most 500/,
    ],
    [
      '1,001 fragments',
      () =>
        jsonl('a.jsonl', [
          {
            text: 'x '.repeat(1001),
            spans: [
              {
                label: 'Source',
                fragments: Array.from({ length: 1001 }, (_, i) => [2 * i, 2 * i + 1]),
              },
            ],
          },
        ]),
      /field “spans\[0\]\.fragments”: 1001 fragments; an annotation has at most 1000/,
    ],
    [
      'a 5,000-character id',
      () => jsonl('a.jsonl', [{ text: TEXT, spans: [span({ id: 'i'.repeat(5000) })] }]),
      /line 1, field “spans\[0\]\.id”: expected an id \(a string of 1 to 200 characters\)/,
    ],
    [
      'a 5,000-character entity id in a manifest',
      () =>
        jsonl(
          'a.jsonl',
          [{ text: TEXT }],
          manifest({ entities: [{ id: 'i'.repeat(5000), name: 'N', type: 'person' }] }),
        ),
      /field “entities\[0\]\.id”: the entity id has 5000 characters; the limit is 200/,
    ],
    [
      'created_at 9999-99-99T99:99:99Z',
      () => jsonl('a.jsonl', [{ text: TEXT, spans: [span({ created_at: '9999-99-99T99:99:99Z' })] }]),
      /line 1, field “spans\[0\]\.created_at”: expected a date and time/,
    ],
    [
      'a 30th of February',
      () => jsonl('a.jsonl', [{ text: TEXT, spans: [span({ updated_at: '2021-02-30T10:00:00Z' })] }]),
      /field “spans\[0\]\.updated_at”: expected a date and time/,
    ],
    [
      'a manifest note dated 9999-99-99',
      () =>
        jsonl(
          'a.jsonl',
          [{ text: TEXT }],
          manifest({ notes: [{ id: 'n', targetId: null, body: 'b', createdAt: '9999-99-99T99:99:99Z' }] }),
        ),
      /field “notes\[0\]\.createdAt”: expected a date and time/,
    ],
    [
      '10,000 new labels',
      () =>
        jsonl('a.jsonl', [
          { text: TEXT, spans: Array.from({ length: 10_000 }, (_, i) => ({ start: 0, end: 7, label: `L${i}` })) },
        ]),
      /line 1, field “spans\[200\]\.label”: the label “L200” would be label 201 this import creates; one import creates at most 200/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`finding 7: ${name} is invalid_file naming file, line and field`, async () => {
      expect((await refused(make())).message).toMatch(message);
    });
  }

  it('finding 7: values at the limits import', async () => {
    const file = jsonl('edge.jsonl', [
      {
        text: TEXT,
        spans: [
          span({ id: 'i'.repeat(LIMITS.id), note: 'n'.repeat(LIMITS.note), created_at: '2024-02-29T23:59:59.5+05:30' }),
        ],
      },
    ]);
    const result = await importDataset(t.ws, { format: 'jsonl', path: file }, task());
    expect(result).toMatchObject({ documents: 1, annotations: 1 });
  });
});
