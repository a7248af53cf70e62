/**
 * What the generated malformed-import corpora (import-fuzz-*.test.ts) found, one named test per
 * fault, on small hand-made files: each of these was imported wrongly (silently dropped or
 * shifted, or read with replacement characters), crashed as `internal`, or put too much of the
 * file into its error message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFormat } from '../../common/contract.js';
import { createAnnotation } from '../../db/annotations.js';
import { importDataset } from '../../db/datasets/index.js';
import { excerpt, place } from '../../db/datasets/model.js';
import { listDocuments } from '../../db/documents.js';
import { prepareDocument, writeDocuments } from '../../db/import/documents.js';
import { createRelation } from '../../db/relations.js';
import { workspaceStats } from '../../db/stats.js';
import type { Workspace } from '../../db/workspace.js';
import { task } from '../datasets/helpers.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { BOM, annotationSnapshot, exportTo, insertBytes, reseal } from './fuzz-harness.js';

const TEXT = 'Reuters said Iraq denied it.\nBaghdad 🌍 said so on Monday.\n';

let source: TestWorkspace;
let root: string;
let counter = 0;
const opened: TestWorkspace[] = [];

/** A workspace with one document: four annotations (one on the second line, one across the line break) and a relation. */
beforeAll(() => {
  source = openTestWorkspace({ seed: false });
  writeDocuments(source.ws, [prepareDocument({ name: 'wire.txt', content: TEXT })], 'done');
  const [doc] = listDocuments(source.ws);
  const documentId = doc!.id;
  const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });
  const reuters = createAnnotation(source.ws, { documentId, labelId: 'source', fragments: [at('Reuters')] });
  const claim = createAnnotation(source.ws, { documentId, labelId: 'claim', fragments: [at('Iraq denied it')] });
  createAnnotation(source.ws, { documentId, labelId: 'place', fragments: [at('Baghdad')] });
  createAnnotation(source.ws, { documentId, labelId: 'claim', fragments: [at('denied it.\nBaghdad')] });
  createRelation(source.ws, { fromId: claim.id, toId: reuters.id, type: 'attributed_to' });
  root = tempDir('triangulate-fuzz-findings-');
});
afterAll(() => {
  source.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  for (const t of opened.splice(0)) t.dispose();
});

function fresh(): TestWorkspace {
  const t = openTestWorkspace({ seed: false });
  opened.push(t);
  return t;
}

/** A folder of its own. */
function folder(): string {
  const dir = path.join(root, `case-${++counter}`);
  fs.mkdirSync(dir);
  return dir;
}

/** Expects `code`, nothing written; returns the message. */
async function refused(ws: Workspace, format: ImportFormat, file: string, code = 'invalid_file'): Promise<string> {
  const stats = workspaceStats(ws);
  const error = await expectApiError(importDataset(ws, { format, path: file }, task()), code);
  expect(workspaceStats(ws)).toEqual(stats);
  return error.message;
}

/** Rewrites `name` in an export folder and its manifest's entry for it. */
function rewrite(manifest: string, dir: string, name: string, change: (bytes: Buffer) => Buffer): void {
  const file = path.join(dir, name);
  const bytes = change(fs.readFileSync(file));
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(manifest, reseal(fs.readFileSync(manifest, 'utf8'), new Map([[name, bytes]])));
}

describe('brat: lines about annotations the file does not have, and ids used twice', () => {
  /** Another tool's brat pair: the text and an .ann of the given lines. */
  function pair(lines: string[]): string {
    const dir = folder();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'Reuters said Iraq denied it.\n');
    fs.writeFileSync(path.join(dir, 'a.ann'), lines.join('\n') + '\n');
    return dir;
  }
  const T = ['T1\tSource 0 7\tReuters', 'T2\tCountry 13 17\tIraq'];

  it('an A, M, N or # line about an id the .ann lacks is refused (it was dropped)', async () => {
    for (const line of [
      'A1\tNegated T9',
      'M1\tConfidence T3 High',
      'N1\tReference T7 Wikidata:Q796\tIraq',
      '#1\tAnnotatorNotes T5\tchecked',
    ]) {
      const target = line.split('\t')[1]!.split(' ')[1];
      expect(await refused(fresh().ws, 'brat', pair([...T, line]))).toMatch(
        new RegExp(`^a\\.ann, line 3: refers to "${target}", which is not an annotation of this file\\.$`),
      );
    }
  });

  it('an event whose trigger the .ann lacks is refused (it was dropped)', async () => {
    expect(await refused(fresh().ws, 'brat', pair([...T, 'E1\tDenial:T9']))).toMatch(
      /line 3: refers to "T9", which is not a text-bound annotation of this file/,
    );
  });

  it('an id used twice in one .ann is refused (the second silently took the first one’s place)', async () => {
    for (const line of ['T1\tCountry 13 17\tIraq', 'R1\tcites Arg1:T1 Arg2:T2', 'A1\tNegated T1']) {
      const kind = line[0] as string;
      const lines = [...T, 'R1\tcites Arg1:T2 Arg2:T1', 'A1\tNegated T2', line];
      expect(await refused(fresh().ws, 'brat', pair(lines)), kind).toMatch(
        new RegExp(`line 5: the id "${line.split('\t')[0]}" is used twice in this file \\(first on line \\d\\)`),
      );
    }
    // The same lines, each id once, import.
    const result = await importDataset(
      fresh().ws,
      { format: 'brat', path: pair([...T, 'R1\tcites Arg1:T2 Arg2:T1']) },
      task(),
    );
    expect(result).toMatchObject({ documents: 1, annotations: 2, relations: 1 });
  });
});

describe('brat: triangulate.jsonl is read as strictly as every other file', () => {
  async function bratExport(): Promise<{ dir: string; manifest: string }> {
    const dir = path.join(folder(), 'brat');
    await exportTo(source.ws, 'brat', dir);
    return { dir, manifest: path.join(dir, 'manifest.json') };
  }

  it('invalid UTF-8 in it is refused (it was read with replacement characters, losing a document’s ids)', async () => {
    const { dir, manifest } = await bratExport();
    rewrite(manifest, dir, 'triangulate.jsonl', (bytes) => insertBytes(bytes, bytes.indexOf('doc_') + 6, [0xff]));
    expect(await refused(fresh().ws, 'brat', dir)).toMatch(/^triangulate\.jsonl, line 1: is not valid UTF-8/);
  });

  it('a raw lone surrogate (WTF-8) in an author is refused', async () => {
    const { dir, manifest } = await bratExport();
    rewrite(manifest, dir, 'triangulate.jsonl', (bytes) =>
      insertBytes(bytes, bytes.indexOf('"root"') + 2, [0xed, 0xa0, 0x80]),
    );
    expect(await refused(fresh().ws, 'brat', dir)).toMatch(/^triangulate\.jsonl, line 1: is not valid UTF-8/);
  });

  it('a byte-order mark before it is skipped, as in every other file (it made the file “not valid JSON”)', async () => {
    const { dir, manifest } = await bratExport();
    const before = annotationSnapshot(await imported(dir));
    rewrite(manifest, dir, 'triangulate.jsonl', (bytes) => Buffer.concat([BOM, bytes]));
    expect(annotationSnapshot(await imported(dir))).toBe(before);
  });

  it('exact fragments that are not a list of pairs are refused (they were ignored)', async () => {
    const { dir, manifest } = await bratExport();
    rewrite(manifest, dir, 'triangulate.jsonl', (bytes) =>
      Buffer.from(bytes.toString('utf8').replace(/("T1":\["[^"]+","[^"]+","[^"]+","[^"]+")/, '$1,"7-12"')),
    );
    expect(await refused(fresh().ws, 'brat', dir)).toMatch(
      /field “\w+\.T\.T1\[4\]”: expected an array of \[start, end\] pairs, found "7-12"/,
    );
  });

  it('exact fragments that the .ann’s offsets no longer match are refused (they silently replaced the .ann’s span)', async () => {
    const { dir, manifest } = await bratExport();
    const ann = fs.readdirSync(dir).find((name) => name.endsWith('.ann')) as string;
    // The span across the line break, moved in the .ann (as brat would after an edit) onto "Reuters".
    rewrite(manifest, dir, ann, (bytes) =>
      Buffer.from(
        bytes
          .toString('utf8')
          .replace(/^(T\d+)\tClaim \S+ \S+;\S+ \S+\tdenied it\. Baghdad$/m, '$1\tClaim 0 7\tReuters'),
      ),
    );
    expect(await refused(fresh().ws, 'brat', dir)).toMatch(
      /line \d+, field “offsets”: the exact fragments triangulate\.jsonl keeps for "T\d+" do not match its offsets here/,
    );
  });

  async function imported(dir: string): Promise<Workspace> {
    const t = fresh();
    await importDataset(t.ws, { format: 'brat', path: dir }, task());
    return t.ws;
  }
});

describe('CoNLL onto the workspace’s documents', () => {
  it('a file cut at a line boundary inside a document is refused, manifest resealed or not (its later spans were dropped)', async () => {
    const file = path.join(folder(), 'data.conll');
    await exportTo(source.ws, 'conll', file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // Up to the token before "Baghdad": the document's second sentence and its span are gone.
    const cut = lines.findIndex((line) => line.startsWith('Baghdad '));
    fs.writeFileSync(file, lines.slice(0, cut).join('\n') + '\n');
    fs.writeFileSync(
      `${file}.manifest.json`,
      reseal(fs.readFileSync(`${file}.manifest.json`, 'utf8'), new Map([['data.conll', fs.readFileSync(file)]])),
    );
    expect(await refused(source.ws, 'conll', file)).toMatch(
      /^data\.conll, line \d+: the tokens of this document end at offset \d+, before its text does \(a text of \d+ characters\)/,
    );
  });

  it('a blank document in the place of one the manifest lists is refused (it was taken for that document, with no spans)', async () => {
    const file = path.join(folder(), 'data.conll');
    await exportTo(source.ws, 'conll', file);
    fs.writeFileSync(file, '-DOCSTART- -X- -X- O O\n\n \n\n' + fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(
      `${file}.manifest.json`,
      reseal(fs.readFileSync(`${file}.manifest.json`, 'utf8'), new Map([['data.conll', fs.readFileSync(file)]])),
    );
    expect(await refused(source.ws, 'conll', file)).toMatch(/the tokens of this document end at offset 0/);
  });
});

describe('W3C with document texts in its manifest', () => {
  it('a text with CRLF line ends or a byte-order mark keeps every annotation where it was (they were shifted)', async () => {
    const file = path.join(folder(), 'data.jsonld');
    await exportTo(source.ws, 'w3c', file);
    const pristine = fresh();
    await importDataset(pristine.ws, { format: 'w3c', path: file }, task());
    const expected = annotationSnapshot(pristine.ws);
    expect(expected).toContain('"Baghdad"');
    const text = fs.readFileSync(`${file}.manifest.json`, 'utf8');
    for (const change of [
      (t: string) => t.replace(/\\n/g, '\\r\\n'),
      (t: string) => t.replace('"text":"', '"text":"\\ufeff'),
    ]) {
      fs.writeFileSync(`${file}.manifest.json`, change(text));
      const t = fresh();
      await importDataset(t.ws, { format: 'w3c', path: file }, task());
      expect(annotationSnapshot(t.ws)).toBe(expected);
    }
  });
});

describe('Label Studio', () => {
  it('a region with an empty list of labels is refused, and a relation to it with it (it crashed as internal)', async () => {
    const file = path.join(folder(), 'tasks.json');
    const region = (id: string, start: number, end: number, labels: string[]) => ({
      id,
      type: 'labels',
      value: { start, end, text: TEXT.slice(start, end), labels },
    });
    const result = [
      region('r1', 0, 7, ['Source']),
      region('r2', 13, 27, []),
      { type: 'relation', from_id: 'r2', to_id: 'r1', direction: 'right', labels: ['attributed_to'] },
    ];
    fs.writeFileSync(file, JSON.stringify([{ id: 1, data: { text: TEXT }, annotations: [{ result }] }]));
    expect(await refused(fresh().ws, 'labelstudio', file)).toMatch(
      /field “annotations\[0\]\.result\[1\]\.value\.labels”: the region "r2" has no labels; expected at least one label name/,
    );
  });
});

describe('error messages quote the file only in short excerpts', () => {
  it('a long field path (an attribute or column name from the file) is cut (it was repeated whole)', async () => {
    const name = `attr:${'n'.repeat(150)}`;
    const [doc] = listDocuments(source.ws);
    const file = path.join(folder(), 'data.csv');
    fs.writeFileSync(file, `document_id,label,start,end,${name}\r\n${doc!.id},Source,0,7,yes\r\n`);
    const message = await refused(source.ws, 'csv', file);
    expect(message).toMatch(/field “attributes\.n{40,}…”: expected a name of 1 to 100 characters/);
    expect(message).not.toContain('n'.repeat(81));
    expect(place({ file: 'x.csv', field: 'f'.repeat(500) })).toHaveLength('x.csv, field “”'.length + 60);
  });

  it('an excerpt never ends between the two halves of a character outside the BMP', () => {
    for (let n = 50; n < 62; n++) {
      const cut = excerpt('a'.repeat(n) + '🌍🌍🌍');
      expect(cut.length).toBeLessThanOrEqual(60);
      expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut), cut).toBe(false);
    }
  });
});
