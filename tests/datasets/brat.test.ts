/**
 * brat standoff: every `T` line's text is the `.txt` sliced at its code-point offsets; the
 * configuration describes the tagset; brat's own example data (tests/fixtures/interop/brat) imports
 * with every line type it uses; a bad line imports nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, interop, pySlice, task } from './helpers.js';
import { listAnnotations } from '../../db/annotations.js';
import { listDocuments } from '../../db/documents.js';
import { getEntity } from '../../db/entities.js';
import { listLabels } from '../../db/labels.js';
import { listRelations } from '../../db/relations.js';
import { workspaceStats } from '../../db/stats.js';

let t: TestWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace();
  dir = tempDir('triangulate-brat-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface TLine {
  id: string;
  type: string;
  spans: Array<[number, number]>;
  text: string;
}

function tLines(ann: string): TLine[] {
  return fs
    .readFileSync(ann, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('T'))
    .map((l) => {
      const [id, head, text] = l.split('\t') as [string, string, string];
      const [type, ...rest] = head.split(' ');
      const spans = rest
        .join(' ')
        .split(';')
        .map((p) => p.split(' ').map(Number) as [number, number]);
      return { id, type: type as string, spans, text };
    });
}

describe('export', () => {
  it("writes a .txt and .ann per document; every T line's text equals the .txt sliced at its code points", async () => {
    annotate(t.ws);
    const out = path.join(dir, 'brat');
    await exportDataset(t.ws, { format: 'brat', outPath: out }, task());
    const names = fs.readdirSync(out).sort();
    expect(names).toEqual(
      expect.arrayContaining(['annotation.conf', 'visual.conf', 'manifest.json', 'triangulate.jsonl']),
    );
    let lines = 0;
    for (const doc of listDocuments(t.ws)) {
      const txt = fs.readFileSync(path.join(out, `${doc.id}.txt`), 'utf8');
      expect(txt).toBe(t.ws.documentText(doc.id));
      for (const line of tLines(path.join(out, `${doc.id}.ann`))) {
        expect(line.spans.map(([s, e]) => pySlice(txt, s, e)).join(' '), `${doc.id} ${line.id}`).toBe(line.text);
        for (const [s, e] of line.spans) expect(pySlice(txt, s, e)).not.toContain('\n');
        lines++;
      }
    }
    expect(lines).toBe(workspaceStats(t.ws).annotations);
    const conf = fs.readFileSync(path.join(out, 'annotation.conf'), 'utf8');
    expect(conf).toContain('[entities]\nClaim\nSource\nPerson\n');
    expect(conf).toContain('Key_figure\n');
    expect(conf).toContain('attributed_to\tArg1:<ENTITY>, Arg2:<ENTITY>\n');
    expect(conf).toContain('stance\tArg:Claim, Value:asserted|denied|questioned|reported\n');
    expect(conf).toContain('confidence\tArg:Key_figure, Value:low|very_high\n');
    expect(conf).toContain('status\tArg:<ENTITY>, Value:proposed|rejected\n');
    const visual = fs.readFileSync(path.join(out, 'visual.conf'), 'utf8');
    expect(visual).toContain('Armed_group | Armed group\n');
    expect(visual).toContain('Armed_group\tbgColor:#e377c2\n');
  });

  it('writes links as N lines, attributes and non-default statuses as A lines, notes escaped in # lines, relations as R lines', async () => {
    annotate(t.ws);
    const out = path.join(dir, 'brat');
    await exportDataset(t.ws, { format: 'brat', outPath: out }, task());
    const all = listDocuments(t.ws)
      .map((d) => fs.readFileSync(path.join(out, `${d.id}.ann`), 'utf8'))
      .join('');
    expect(all).toMatch(/^N\d+\tReference T\d+ triangulate-entity:ent_\w+\tIslamic State$/m);
    expect(all).toMatch(/^N\d+\tReference T\d+ triangulate-claim:clm_\w+\tRussia, Iran, Iraq and Syria set up/m);
    expect(all).toMatch(/^A\d+\tstance T\d+ (asserted|reported|denied|questioned)$/m);
    expect(all).toMatch(/^A\d+\tstatus T\d+ rejected$/m);
    expect(all).toMatch(/^A\d+\tconfidence T\d+ very_high$/m);
    expect(all).toContain('\tAnnotatorNotes T');
    expect(all).toContain('Across a line break.\\tTabbed, with a backslash \\\\ too.');
    expect(all).toMatch(/^R\d+\tattributed_to Arg1:T\d+ Arg2:T\d+$/m);
    expect(all).toMatch(/^#\d+\tAnnotatorNotes R\d+\tper the lede$/m);
    // The relation between two documents lives in triangulate.jsonl.
    const side = fs.readFileSync(path.join(out, 'triangulate.jsonl'), 'utf8');
    expect(side).toContain('"type":"same_as"');
  });
});

describe("brat's own example data", () => {
  it('imports every collection: 213 text-bound annotations, events, relations, attributes, notes, links', async () => {
    const before = workspaceStats(t.ws);
    const result = await importDataset(t.ws, { format: 'brat', path: interop('brat', 'example-data') }, task());
    expect(result.documents).toBe(14);
    expect(result.annotations).toBe(213);
    // R lines (11), event arguments, and equivalence sets, less the (from, to, type) repeats.
    expect(result.relations).toBeGreaterThan(60);
    expect(workspaceStats(t.ws).annotations - before.annotations).toBe(213);
    const anns = listAnnotations(t.ws, {});
    // Every imported quote is the T line's own text: the Spanish sample has 22 non-ASCII characters.
    for (const file of ['corpora/CoNLL-ST_2002/esp/esp.train-doc-29', 'tutorials/news/000-introduction']) {
      const txt = fs.readFileSync(interop('brat', 'example-data', `${file}.txt`), 'utf8');
      const doc = listDocuments(t.ws).find(
        (d) => t.ws.documentText(d.id) === txt.replace(/\r\n?/g, '\n').normalize('NFC'),
      );
      expect(doc, file).toBeDefined();
      const quotes = anns
        .filter((a) => a.documentId === doc?.id)
        .map((a) => a.quote)
        .sort();
      expect(quotes).toEqual(
        tLines(interop('brat', 'example-data', `${file}.ann`))
          .map((l) => l.text)
          .sort(),
      );
    }
    // A, M and N lines, # notes, E arguments, * sets.
    const news = listDocuments(t.ws).find((d) => d.title === '000-introduction' && d.origin?.includes('news'));
    const newsAnns = anns.filter((a) => a.documentId === news?.id);
    expect(newsAnns.find((a) => a.quote === 'Raul Salinas de Gortari')?.attributes).toEqual({
      Mention: 'Name',
      Individual: 'true',
    });
    expect(newsAnns.find((a) => a.quote === 'moving')?.attributes).toEqual({ Confidence: 'High' });
    expect(newsAnns.find((a) => a.quote === '$100 million')?.note).toBe('100000000 USD');
    const linked = newsAnns.find((a) => a.quote === 'former Mexican president');
    expect(getEntity(t.ws, linked?.entityId as string)).toMatchObject({
      name: 'Carlos Salinas de Gortari',
      externalId: 'Wikipedia:64488',
    });
    const moving = newsAnns.find((a) => a.quote === 'moving');
    const types = listRelations(t.ws, { annotationId: moving?.id })
      .map((r) => r.type)
      .sort();
    expect(types).toEqual(['beneficiary_arg', 'giver_arg', 'money_arg', 'recipient_arg']);
    // `*\tAlias T3 T4 T5` (060): T3 → T4 and T3 → T5; `*\tAlias T2 T4` (070): T2 → T4.
    expect(listRelations(t.ws, { type: 'alias' })).toHaveLength(3);
    const labels = listLabels(t.ws).map((l) => l.name);
    expect(labels).toEqual(expect.arrayContaining(['Protein', 'GPE', 'Merge-org']));
    expect(listLabels(t.ws).find((l) => l.name === 'Protein')?.kind).toBe('entity');
  });

  it('imports one .ann file with its .txt', async () => {
    const result = await importDataset(
      t.ws,
      { format: 'brat', path: interop('brat', 'example-data', 'corpora', 'NCBI-disease', 'PMID-23402.ann') },
      task(),
    );
    expect(result.documents).toBe(1);
    expect(result.annotations).toBe(
      tLines(interop('brat', 'example-data', 'corpora', 'NCBI-disease', 'PMID-23402.ann')).length,
    );
  });
});

describe('import errors', () => {
  function pair(ann: string, txt = 'Hello brave new world.\n'): string {
    const folder = path.join(dir, 'in');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'doc.txt'), txt);
    fs.writeFileSync(path.join(folder, 'doc.ann'), ann);
    return folder;
  }

  it('reports a T line whose text does not match its offsets, naming the file and line, and imports nothing', async () => {
    const folder = pair('T1\tPerson 0 5\tHello\nT2\tPlace 6 11\tBrave\n');
    const before = workspaceStats(t.ws);
    const error = await expectApiError(importDataset(t.ws, { format: 'brat', path: folder }, task()), 'invalid_range');
    expect(error.message).toMatch(
      /^doc\.ann, line 2, field “text”: the text at these offsets is "brave" but the file says "Brave"/,
    );
    expect(error.details).toMatchObject({ line: 2, field: 'text' });
    expect(workspaceStats(t.ws)).toEqual(before);
  });

  it('reports offsets beyond the text, malformed lines and an .ann without its .txt', async () => {
    await expectApiError(
      importDataset(t.ws, { format: 'brat', path: pair('T1\tPerson 0 500\tx\n') }, task()),
      'invalid_range',
    );
    const bad = await expectApiError(
      importDataset(t.ws, { format: 'brat', path: pair('T1\tPerson zero five\tx\n') }, task()),
      'invalid_file',
    );
    expect(bad.message).toMatch(/doc\.ann, line 1, field “offsets\[0\]”: expected "start end"/);
    const lonely = path.join(dir, 'lonely');
    fs.mkdirSync(lonely);
    fs.writeFileSync(path.join(lonely, 'x.ann'), 'T1\tPerson 0 1\tH\n');
    const missing = await expectApiError(importDataset(t.ws, { format: 'brat', path: lonely }, task()), 'invalid_file');
    expect(missing.message).toMatch(/x\.ann: has no x\.txt beside it/);
  });

  it('maps code-point offsets in a CRLF text onto the canonical text', async () => {
    const txt = 'Line 🌍 one\r\nIraq and Iran\r\n';
    // Python-style code points: "Iraq" starts at 12 (the emoji is one code point, CRLF two).
    const folder = pair('T1\tCountry 12 16\tIraq\nT2\tPlace 5 6\t🌍\n', txt);
    await importDataset(t.ws, { format: 'brat', path: folder }, task());
    const doc = listDocuments(t.ws).find((d) => d.title === 'doc');
    const quotes = listAnnotations(t.ws, { documentId: doc?.id as string }).map((a) => a.quote);
    expect(quotes.sort()).toEqual(['Iraq', '🌍']);
    expect(t.ws.documentText(doc?.id as string)).toBe('Line 🌍 one\nIraq and Iran\n');
  });
});
