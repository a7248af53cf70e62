/**
 * Findings 5, 8 (the manifest part) and 11 of the "Trust" issue: an import must not take a
 * truncated, tampered or empty export for a good one, a malformed manifest is `invalid_file`
 * (never `internal`), and the CSV and Label Studio readers refuse what they used to ignore.
 *
 * With a manifest, the data files are checked (present, size, SHA-256) before a record is read,
 * and the counts after the checking pass; without one, every format refuses a file cut in the
 * middle of a record.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFormat, ImportFormat } from '../../common/contract.js';
import { exportDataset, exportPaths, importDataset } from '../../db/datasets/index.js';
import { listDocuments } from '../../db/documents.js';
import { listHistory } from '../../db/history.js';
import { workspaceStats } from '../../db/stats.js';
import { annotate, task } from '../datasets/helpers.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

let source: TestWorkspace;
let root: string;
const opened: TestWorkspace[] = [];
let counter = 0;

beforeAll(() => {
  source = openTestWorkspace();
  annotate(source.ws);
  root = tempDir('triangulate-attack-datasets-');
});
afterAll(() => {
  source.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  for (const t of opened.splice(0)) t.dispose();
});

function fresh(seed = false): TestWorkspace {
  const t = openTestWorkspace({ seed });
  opened.push(t);
  return t;
}

/** Exports the annotated workspace into a folder of its own; returns the `--out` path. */
async function exported(format: ExportFormat, name: string): Promise<string> {
  const dir = path.join(root, `case-${++counter}`);
  fs.mkdirSync(dir);
  const out = path.join(dir, name);
  await exportDataset(source.ws, { format, outPath: out }, task());
  return out;
}

/** A file written in a folder of its own. */
function written(name: string, content: string | Buffer): string {
  const dir = path.join(root, `case-${++counter}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Imports into the source workspace (which holds every document), expects `code`, checks nothing changed. */
async function refused(format: ImportFormat, file: string, code = 'invalid_file'): Promise<string> {
  const stats = workspaceStats(source.ws);
  const history = listHistory(source.ws, 1)[0]?.id;
  const error = await expectApiError(importDataset(source.ws, { format, path: file }, task()), code);
  expect(workspaceStats(source.ws)).toEqual(stats);
  expect(listHistory(source.ws, 1)[0]?.id).toBe(history);
  return error.message;
}

type ManifestJson = Record<string, unknown> & {
  files: Array<{ path: string; bytes: number; sha256: string }>;
  counts: Record<string, number>;
};

function readManifestJson(file: string): ManifestJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ManifestJson;
}

/** Rewrites a manifest's entry for `name` so that it vouches for the file as it now is. */
function reseal(manifestFile: string, folder: string, name: string): void {
  const manifest = readManifestJson(manifestFile);
  const entry = manifest.files.find((f) => f.path === name);
  if (!entry) throw new Error(`${name} is not in the manifest`);
  const bytes = fs.readFileSync(path.join(folder, name));
  entry.bytes = bytes.length;
  entry.sha256 = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
}

/** Keeps the first `keep` lines of a file (with their line ends). */
function keepLines(file: string, keep: (lines: string[]) => string[]): void {
  const lines = fs.readFileSync(file, 'utf8').split(/(?<=\n)/);
  fs.writeFileSync(file, keep(lines).join(''));
}

/** Cuts a file in the middle of its last line longer than 40 characters (mid-record). */
function cutMidRecord(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split(/(?<=\n)/);
  let offset = text.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    offset -= (lines[i] as string).length;
    if ((lines[i] as string).trim().length > 40) {
      fs.writeFileSync(file, text.slice(0, offset + Math.floor((lines[i] as string).length / 2)));
      return;
    }
  }
  throw new Error('no long line');
}

const SINGLE: Array<{ format: 'jsonl' | 'w3c' | 'conll' | 'csv'; name: string }> = [
  { format: 'jsonl', name: 'data.jsonl' },
  { format: 'w3c', name: 'data.jsonld' },
  { format: 'w3c', name: 'lines.jsonl' },
  { format: 'conll', name: 'data.conll' },
  { format: 'csv', name: 'data.csv' },
];

describe('finding 5: an export is checked against its manifest before anything is imported', () => {
  it.each(SINGLE)(
    'finding 5: $format ($name) cut short at a record boundary is refused, naming the file, expected and found sizes',
    async ({ format, name }) => {
      const out = await exported(format, name);
      keepLines(out, (lines) => lines.slice(0, Math.max(1, lines.length - 3)));
      const message = await refused(format, out);
      expect(message).toContain(`${path.basename(out)}.manifest.json, field “files[0]”`);
      expect(message).toMatch(new RegExp(`${name.replace('.', '\\.')} has \\d+ bytes, but the manifest expects \\d+`));
    },
  );

  it.each(SINGLE)(
    'finding 5: $format ($name) changed in place (same size) is refused by its SHA-256, naming both digests',
    async ({ format, name }) => {
      const out = await exported(format, name);
      const bytes = fs.readFileSync(out);
      const at = bytes.indexOf('Iraq');
      expect(at).toBeGreaterThan(0);
      bytes.write('Irak', at);
      fs.writeFileSync(out, bytes);
      const message = await refused(format, out);
      expect(message).toMatch(/has the digest sha256:[0-9a-f]{64}, but the manifest expects sha256:[0-9a-f]{64}/);
      expect(message).toContain(name);
    },
  );

  it('finding 5: a CSV export whose claims matrix is missing is refused, naming it', async () => {
    const out = await exported('csv', 'anns.csv');
    fs.rmSync(path.join(path.dirname(out), 'anns.claims-matrix.csv'));
    expect(await refused('csv', out)).toMatch(/lists anns\.claims-matrix\.csv, which does not exist/);
  });

  it('finding 5: a brat export with a missing, cut, changed or added file is refused', async () => {
    const out = await exported('brat', 'brat');
    const [, firstAnn] = fs.readdirSync(out).filter((f) => f.endsWith('.ann'));
    if (!firstAnn) throw new Error('no .ann');
    const ann = path.join(out, firstAnn);
    const original = fs.readFileSync(ann);

    fs.rmSync(ann);
    expect(await refused('brat', out)).toContain(`lists ${firstAnn}, which does not exist`);

    fs.writeFileSync(ann, original.subarray(0, original.length - 20));
    expect(await refused('brat', out)).toMatch(new RegExp(`${firstAnn.replace('.', '\\.')} has \\d+ bytes`));

    const changed = Buffer.from(original);
    changed[changed.length - 2] = 0x41;
    fs.writeFileSync(ann, changed);
    expect(await refused('brat', out)).toContain(`${firstAnn} has the digest`);

    fs.writeFileSync(ann, original);
    fs.writeFileSync(path.join(out, 'extra.txt'), 'A document nobody exported.');
    expect(await refused('brat', out)).toMatch(/extra\.txt is not listed in the manifest/);
    fs.rmSync(path.join(out, 'extra.txt'));

    const side = path.join(out, 'triangulate.jsonl');
    keepLines(side, (lines) => lines.slice(0, -1));
    expect(await refused('brat', out)).toMatch(/triangulate\.jsonl has \d+ bytes/);
  });

  it('finding 5: after the check pass the counts must match, naming the first that differs', async () => {
    // Records removed and the file's digest updated in the manifest: the counts still tell.
    const out = await exported('jsonl', 'data.jsonl');
    keepLines(out, (lines) => lines.slice(0, -1));
    reseal(`${out}.manifest.json`, path.dirname(out), 'data.jsonl');
    expect(await refused('jsonl', out)).toMatch(
      /data\.jsonl\.manifest\.json, field “counts\.documents”: the manifest counts 6 documents, but the file holds 5/,
    );

    const csv = await exported('csv', 'data.csv');
    const rows = fs.readFileSync(csv, 'utf8').split(/(?<=\r\n)/);
    fs.writeFileSync(csv, rows.slice(0, -2).join(''));
    reseal(`${csv}.manifest.json`, path.dirname(csv), 'data.csv');
    expect(await refused('csv', csv)).toMatch(
      /field “counts\.annotations”: the manifest counts \d+ annotations, but the file holds \d+/,
    );

    // A manifest whose own lists disagree with its counts.
    const w3c = await exported('w3c', 'data.jsonld');
    const manifest = readManifestJson(`${w3c}.manifest.json`);
    manifest.counts.entities = (manifest.counts.entities ?? 0) + 1;
    fs.writeFileSync(`${w3c}.manifest.json`, JSON.stringify(manifest));
    expect(await refused('w3c', w3c)).toMatch(
      /field “counts\.entities”: the manifest counts 3 entities, but the manifest lists 2/,
    );
  });

  it('finding 5: a manifest of another format is refused', async () => {
    const out = await exported('jsonl', 'data.jsonl');
    fs.copyFileSync(`${out}.manifest.json`, `${out}.copy.manifest.json`);
    const manifest = readManifestJson(`${out}.manifest.json`);
    manifest.format = 'conll';
    fs.writeFileSync(`${out}.manifest.json`, JSON.stringify(manifest));
    expect(await refused('jsonl', out)).toMatch(/this manifest describes a "conll" export; it was imported as jsonl/);
  });

  it('finding 5: an intact export still imports, and an export with nothing in it still imports', async () => {
    for (const { format, name } of SINGLE) {
      const out = await exported(format, name);
      const target = format === 'csv' || format === 'conll' ? source : fresh();
      const result = await importDataset(target.ws, { format, path: out }, task());
      expect(result.documents).toBeGreaterThan(0);
    }
    const empty = fresh();
    const dir = path.join(root, `case-${++counter}`);
    const out = path.join(dir, 'none.jsonl');
    await exportDataset(empty.ws, { format: 'jsonl', outPath: out }, task());
    expect(fs.statSync(out).size).toBe(0);
    expect(await importDataset(fresh().ws, { format: 'jsonl', path: out }, task())).toMatchObject({ documents: 0 });
  });
});

describe('finding 5: without a manifest, a file cut in the middle of a record is refused in every format', () => {
  it.each(SINGLE)('finding 5: $format ($name) cut mid-record, manifest removed', async ({ format, name }) => {
    const out = await exported(format, name);
    fs.rmSync(`${out}.manifest.json`);
    cutMidRecord(out);
    const message = await refused(format, out);
    expect(message).toMatch(new RegExp(`^${name.replace('.', '\\.')}`));
  });

  it('finding 5: a W3C collection that stops at a line boundary (never closed) is refused', async () => {
    const out = await exported('w3c', 'data.jsonld');
    fs.rmSync(`${out}.manifest.json`);
    keepLines(out, (lines) => lines.slice(0, -4));
    expect(await refused('w3c', out)).toMatch(/the annotation collection never ends/);
  });

  it('finding 5: a brat .ann cut mid-line is refused', async () => {
    const out = await exported('brat', 'brat');
    fs.rmSync(path.join(out, 'manifest.json'));
    const ann = fs.readdirSync(out).find((f) => f.endsWith('.ann')) as string;
    const file = path.join(out, ann);
    const text = fs.readFileSync(file, 'utf8');
    const firstT = text.split('\n')[0] as string;
    fs.writeFileSync(file, firstT.slice(0, firstT.lastIndexOf('\t') - 3));
    const stats = workspaceStats(source.ws);
    const error = await importDataset(source.ws, { format: 'brat', path: out }, task()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^invalid_(file|range)$/) as unknown });
    expect(workspaceStats(source.ws)).toEqual(stats);
  });
});

describe('finding 5: an empty or white-space-only data file is refused', () => {
  const BLANKS = ['', ' ', '\n', '\n\n\n', '\r\n \t\r\n', '\uFEFF', '\uFEFF  \n', '\t\t'];
  const FORMATS: ImportFormat[] = ['jsonl', 'w3c', 'conll', 'csv', 'doccano', 'labelstudio', 'prodigy'];

  it('finding 5: every format refuses every blank file with "the file is empty"', async () => {
    let cases = 0;
    for (const format of FORMATS) {
      for (const blank of BLANKS) {
        const file = written(`blank.${format}`, blank);
        expect(await refused(format, file)).toMatch(/^blank\.\w+: the file is empty; expected a \w+ dataset\.$/);
        cases++;
      }
    }
    expect(cases).toBe(FORMATS.length * BLANKS.length);
  });

  it('finding 5: brat refuses an empty folder, and a blank .txt', async () => {
    const dir = path.join(root, `case-${++counter}`);
    fs.mkdirSync(dir);
    expect(await refused('brat', dir)).toMatch(/holds no brat files/);
    fs.writeFileSync(path.join(dir, 'a.txt'), ' \n');
    fs.writeFileSync(path.join(dir, 'a.ann'), '');
    expect(await refused('brat', dir)).toMatch(/the text is empty/);
    expect(await refused('brat', path.join(dir, 'a.ann'))).toMatch(/the text is empty/);
  });

  it('finding 5: a CoNLL file without a single token is refused', async () => {
    const file = written('docstart.conll', '-DOCSTART- -X- -X- O\n\n# a comment\n\n');
    expect(await refused('conll', file)).toMatch(/holds no tokens/);
  });
});

describe('finding 5: CR line ends', () => {
  const lines = ['-DOCSTART- -X- -X- O', '', 'Reuters B-ORG', 'reported I-ORG', 'from O', 'Baghdad B-LOC', '. O', ''];

  it('finding 5: a CR-only CoNLL file imports its document and spans, as LF and CRLF do', async () => {
    const results = [];
    for (const eol of ['\n', '\r\n', '\r']) {
      const t = fresh();
      results.push(await importDataset(t.ws, { format: 'conll', path: written('cr.conll', lines.join(eol)) }, task()));
      const [doc] = listDocuments(t.ws);
      expect(t.ws.documentText(doc?.id as string)).toBe('Reuters reported from Baghdad .');
    }
    expect(results).toEqual([results[0], results[0], results[0]]);
    expect(results[0]).toMatchObject({ documents: 1, annotations: 2 });
  });

  it('finding 5: CR-only JSONL reads one record per line, with the right line numbers', async () => {
    const good = JSON.stringify({ text: 'Reuters said so.', spans: [{ start: 0, end: 7, label: 'Source' }] });
    const file = written('cr.jsonl', [good, good.replace('Reuters', 'Reuters and AP'), '{"text": '].join('\r'));
    expect(await refused('jsonl', file)).toMatch(/^cr\.jsonl, line 3: not valid JSON/);
  });
});

describe('finding 8: a malformed manifest entry is invalid_file, never internal', () => {
  const BAD: Array<[string, (m: ManifestJson) => void, RegExp]> = [
    ['documents: [null]', (m) => (m.documents = [null]), /field “documents\[0\]”: expected an object, found null/],
    ['documents: [7]', (m) => (m.documents = [7]), /field “documents\[0\]”: expected an object/],
    ['a document without id', (m) => (m.documents = [{ title: 'x' }]), /field “documents\[0\]\.id”/],
    [
      'a document title that is a number',
      (m) => ((m.documents as Array<Record<string, unknown>>)[0]!.title = 7),
      /field “documents\[0\]\.title”: expected a string, found 7/,
    ],
    [
      'document metadata that is an array',
      (m) => ((m.documents as Array<Record<string, unknown>>)[0]!.metadata = []),
      /field “documents\[0\]\.metadata”: expected an object/,
    ],
    ['tagset: [null]', (m) => (m.tagset = [null]), /field “tagset\[0\]”: expected an object/],
    ['a label without name', (m) => (m.tagset = [{ tag: 'X' }]), /field “tagset\[0\]\.name”/],
    ['entities: [null]', (m) => (m.entities = [null]), /field “entities\[0\]”: expected an object/],
    ['notes: ["x"]', (m) => (m.notes = ['x']), /field “notes\[0\]”: expected an object/],
    ['files: {}', (m) => ((m as Record<string, unknown>).files = {}), /field “files”: expected an array/],
    ['files: [null]', (m) => ((m as Record<string, unknown>).files = [null]), /field “files\[0\]”/],
    [
      'a file path outside the export',
      (m) => (m.files[0]!.path = '../../etc/passwd'),
      /field “files\[0\]\.path”: expected a relative path inside the export/,
    ],
    ['a size that is a string', (m) => ((m.files[0] as Record<string, unknown>).bytes = '12'), /files\[0\]\.bytes/],
    ['a digest that is not one', (m) => (m.files[0]!.sha256 = 'md5:0'), /files\[0\]\.sha256/],
    ['counts: "many"', (m) => ((m as Record<string, unknown>).counts = 'many'), /field “counts”: expected an object/],
    ['a count below 0', (m) => (m.counts.documents = -1), /field “counts\.documents”/],
    ['format: 3', (m) => ((m as Record<string, unknown>).format = 3), /field “format”/],
  ];

  for (const [format, name, manifestOf] of [
    ['jsonl', 'data.jsonl', (out: string) => `${out}.manifest.json`],
    ['w3c', 'data.jsonld', (out: string) => `${out}.manifest.json`],
    ['conll', 'data.conll', (out: string) => `${out}.manifest.json`],
    ['brat', 'brat', (out: string) => path.join(out, 'manifest.json')],
  ] as const) {
    it(`finding 8: ${format} with a malformed manifest`, async () => {
      const out = await exported(format, name);
      const file = manifestOf(out);
      const good = fs.readFileSync(file, 'utf8');
      for (const [what, spoil, expected] of BAD) {
        const manifest = JSON.parse(good) as ManifestJson;
        spoil(manifest);
        fs.writeFileSync(file, JSON.stringify(manifest));
        const message = await refused(format, out).catch((error: unknown) => {
          throw new Error(`${what}: ${String(error)}`);
        });
        expect(message, what).toMatch(expected);
      }
      expect(exportPaths(format, out).manifest).toBe(file);
    });
  }
});

describe('finding 11: the CSV reader refuses what it used to ignore', () => {
  it('finding 11: a header naming a column twice is refused, naming the column', async () => {
    const out = await exported('csv', 'data.csv');
    fs.rmSync(`${out}.manifest.json`);
    const text = fs.readFileSync(out, 'utf8');
    const [header] = text.split('\r\n');
    // A second "status" column where "author" was: the rejected annotations would become accepted.
    fs.writeFileSync(out, text.replace(header as string, (header as string).replace(',author,', ',status,')));
    expect(await refused('csv', out)).toMatch(
      /^data\.csv, line 1, field “status”: the header names the column "status" twice \(columns 12 and 13\)/,
    );
  });

  /** A one-row CSV on the first document: "Iraq" at an occurrence after offset 10. */
  function csvRow(change: Partial<Record<'start' | 'end' | 'fragments' | 'text', string>>): string {
    const [doc] = listDocuments(source.ws);
    const text = source.ws.documentText(doc?.id as string);
    const at = [...text.slice(0, text.indexOf('Iraq', 10))].length;
    const row = {
      document_id: doc?.id as string,
      label: 'Country',
      start: String(at),
      end: String(at + 4),
      fragments: `${at}-${at + 4}`,
      text: 'Iraq',
      ...change,
    };
    return written(
      'row.csv',
      `${Object.keys(row).join(',')}\r\n${Object.values(row)
        .map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
        .join(',')}\r\n`,
    );
  }

  it('finding 11: a row whose start, end and fragments agree imports', async () => {
    // The same span as an annotation the workspace has: matched, not duplicated.
    await expect(importDataset(source.ws, { format: 'csv', path: csvRow({}) }, task())).resolves.toMatchObject({
      documents: 1,
    });
  });

  it('finding 11: start/end that are not numbers, or disagree with the fragments, are refused', async () => {
    expect(await refused('csv', csvRow({ start: 'x' }))).toMatch(/field “start”: expected a whole number, found "x"/);
    expect(await refused('csv', csvRow({ end: '' }))).toMatch(/field “end”: expected a whole number/);
    expect(await refused('csv', csvRow({ start: '0' }))).toMatch(
      /field “start”: start and end are 0-\d+ but the fragments "\d+-\d+" span \d+-\d+/,
    );
    expect(await refused('csv', csvRow({ end: '99999' }))).toMatch(/field “end”: start and end are/);
  });

  it('finding 11: a row with fewer or more fields than the header is refused', async () => {
    const file = csvRow({});
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/,Iraq\r\n$/, '\r\n'));
    expect(await refused('csv', file)).toMatch(/line 2: the row has 5 field\(s\) but the header has 6/);
    fs.writeFileSync(file, text.replace(/\r\n$/, ',extra\r\n'));
    expect(await refused('csv', file)).toMatch(/line 2: the row has 7 field\(s\) but the header has 6/);
  });
});

describe('finding 11: Label Studio regions without offsets', () => {
  const text = 'Ana met Reuters in Kyiv.';
  const task0 = (result: unknown[]) => [{ id: 1, data: { text }, annotations: [{ result }] }];

  it('finding 11: a labels region without start or end is refused, naming the region', async () => {
    const noStart = written(
      'ls.json',
      JSON.stringify(task0([{ id: 'r1', type: 'labels', value: { end: 3, text: 'Ana', labels: ['PER'] } }])),
    );
    expect(await refused('labelstudio', noStart)).toMatch(
      /field “annotations\[0\]\.result\[0\]\.value\.start”: the region "r1" has labels but no start and end offsets/,
    );
    const noOffsets = written(
      'ls.json',
      JSON.stringify(
        task0([
          { id: 'ok', type: 'labels', value: { start: 0, end: 3, labels: ['PER'] } },
          {
            id: 'r2',
            from_name: 'label',
            to_name: 'text',
            type: 'labels',
            value: { text: 'Reuters', labels: ['ORG'] },
          },
        ]),
      ),
    );
    expect(await refused('labelstudio', noOffsets)).toMatch(/result\[1\]\.value\.start”: the region "r2"/);
    const noValue = written('ls.json', JSON.stringify(task0([{ id: 'r3', type: 'labels' }])));
    expect(await refused('labelstudio', noValue)).toMatch(/result\[0\]\.value”: expected the value of the result/);
  });

  it('finding 11: task-level results (choices, textarea) are not spans and do not stop the import', async () => {
    const file = written(
      'ls.json',
      JSON.stringify(
        task0([
          { id: 'c', type: 'choices', value: { choices: ['Relevant'] } },
          { id: 'n', type: 'textarea', value: { text: ['a comment'] } },
          { id: 'r', type: 'labels', value: { start: 8, end: 15, text: 'Reuters', labels: ['ORG'] } },
        ]),
      ),
    );
    expect(await importDataset(fresh().ws, { format: 'labelstudio', path: file }, task())).toMatchObject({
      documents: 1,
      annotations: 1,
    });
  });
});
