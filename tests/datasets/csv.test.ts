/**
 * CSV: the annotations table (RFC 4180, code-point offsets, one column per attribute), the
 * relations table (with the relations' attributes) and the claims × documents matrix of stances
 * (columns named by outlet); import of both tables back onto the workspace's documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, pySlice, task } from './helpers.js';
import { listAnnotations } from '../../db/annotations.js';
import { claimMentions, listClaims } from '../../db/claims.js';
import { listDocuments } from '../../db/documents.js';
import { listEntities } from '../../db/entities.js';
import { getLabel } from '../../db/labels.js';
import { listRelations } from '../../db/relations.js';
import { workspaceStats } from '../../db/stats.js';

let t: TestWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace();
  annotate(t.ws);
  dir = tempDir('triangulate-csv-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An independent RFC 4180 reader: rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  return rows;
}

function table(file: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i] as string])));
}

describe('export', () => {
  it('writes one row per annotation with code-point offsets, the quoted text and one column per attribute', async () => {
    const out = path.join(dir, 'anns.csv');
    const result = await exportDataset(t.ws, { format: 'csv', outPath: out }, task());
    expect(result.files).toEqual([
      out,
      path.join(dir, 'anns.claims-matrix.csv'),
      path.join(dir, 'anns.relations.csv'),
      `${out}.manifest.json`,
    ]);
    const raw = fs.readFileSync(out, 'utf8');
    expect(raw.split('\r\n')[0]).toBe(
      'annotation_id,document_id,document_title,outlet,published_at,label,kind,start,end,fragments,text,status,author,entity_id,entity_name,claim_id,claim_summary,attr:confidence,attr:stance,note,created_at,updated_at',
    );
    const rows = table(out);
    const annotations = listAnnotations(t.ws, {});
    expect(rows).toHaveLength(annotations.length);
    for (const row of rows) {
      const a = annotations.find((x) => x.id === row.annotation_id);
      expect(a).toBeDefined();
      const text = t.ws.documentText(row.document_id as string);
      const parts = (row.fragments as string).split(';').map((p) => p.split('-').map(Number) as [number, number]);
      expect(parts.map(([s, e]) => pySlice(text, s, e)).join(' … ')).toBe(row.text);
      expect(row.text).toBe(a?.quote);
      expect(row.note).toBe(a?.note);
      expect(row['attr:stance']).toBe(a?.attributes.stance ?? '');
      expect(row.status).toBe(a?.status);
      expect(row.label).toBe(getLabel(t.ws, a?.labelId as string).name);
    }
    expect(rows.find((r) => r['attr:confidence'])?.['attr:confidence']).toBe('very high');
  });

  it('writes the claims × documents matrix with the stances of each claim per document', async () => {
    const out = path.join(dir, 'anns.csv');
    await exportDataset(t.ws, { format: 'csv', outPath: out }, task());
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(dir, 'anns.claims-matrix.csv'), 'utf8'));
    const documents = listDocuments(t.ws);
    const docs = documents.map((d) => d.id);
    // Columns named by outlet, with the document id that makes each one unique.
    expect(header).toEqual(['claim_id', 'claim_summary', ...documents.map((d) => `${d.outlet} (${d.id})`)]);
    expect(header).toContain(`Global Research (${documents.find((d) => d.outlet === 'Global Research')?.id})`);
    const claims = listClaims(t.ws).sort((a, b) => a.id.localeCompare(b.id));
    expect(rows.map((r) => r[0])).toEqual(claims.map((c) => c.id));
    for (const [i, claim] of claims.entries()) {
      for (const [k, doc] of docs.entries()) {
        const stances = new Set(
          claimMentions(t.ws, claim.id)
            .filter((m) => m.documentId === doc)
            .map((m) => m.attributes.stance ?? 'mentioned'),
        );
        const cell = rows[i]?.[k + 2] ?? '';
        expect(new Set(cell ? cell.split('|') : [])).toEqual(stances);
      }
    }
  });
});

describe('relations', () => {
  it('writes one row per relation: both ends with their documents and texts, one column per attribute', async () => {
    const out = path.join(dir, 'anns.csv');
    await exportDataset(t.ws, { format: 'csv', outPath: out }, task());
    const file = path.join(dir, 'anns.relations.csv');
    expect(fs.readFileSync(file, 'utf8').split('\r\n')[0]).toBe(
      'relation_id,type,head_annotation_id,head_document_id,head_text,child_annotation_id,child_document_id,child_text,attr:basis,attr:cue,attr:stance,note,author,created_at',
    );
    const rows = table(file);
    const relations = listRelations(t.ws, {});
    expect(rows.map((r) => r.relation_id).sort()).toEqual(relations.map((r) => r.id).sort());
    for (const row of rows) {
      const r = relations.find((x) => x.id === row.relation_id);
      const head = listAnnotations(t.ws, {}).find((a) => a.id === r?.fromId);
      const child = listAnnotations(t.ws, {}).find((a) => a.id === r?.toId);
      expect(row).toMatchObject({
        type: r?.type,
        head_annotation_id: r?.fromId,
        head_document_id: head?.documentId,
        head_text: head?.quote,
        child_annotation_id: r?.toId,
        child_document_id: child?.documentId,
        child_text: child?.quote,
        'attr:stance': r?.attributes.stance ?? '',
        'attr:cue': r?.attributes.cue ?? '',
        'attr:basis': r?.attributes.basis ?? '',
        note: r?.note,
      });
    }
    expect(rows.some((r) => r['attr:cue']?.includes('\t'))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8')) as {
      files: Array<{ path: string }>;
      counts: { relations: number };
    };
    expect(manifest.files.map((f) => f.path)).toEqual(['anns.csv', 'anns.claims-matrix.csv', 'anns.relations.csv']);
    expect(manifest.counts.relations).toBe(relations.length);
  });

  it('round trip: export → import onto the same documents → export gives identical files, relations and their attributes included', async () => {
    const docs = listDocuments(t.ws)
      .filter((d) => d.title !== 'Mixed scripts')
      .map((d) => d.id);
    const first = path.join(dir, 'one', 'anns.csv');
    fs.mkdirSync(path.dirname(first));
    await exportDataset(t.ws, { format: 'csv', outPath: first, documentIds: docs }, task());
    const target = openTestWorkspace();
    try {
      const result = await importDataset(target.ws, { format: 'csv', path: first }, task());
      const inDocs = new Set(
        listAnnotations(t.ws, {})
          .filter((a) => docs.includes(a.documentId))
          .map((a) => a.id),
      );
      const expected = listRelations(t.ws, {}).filter((r) => inDocs.has(r.fromId) && inDocs.has(r.toId));
      expect(expected.some((r) => r.attributes.stance && r.attributes.cue)).toBe(true);
      expect(result.relations).toBe(expected.length);
      expect(listRelations(target.ws, {})).toEqual(expected);
      const second = path.join(dir, 'two', 'anns.csv');
      fs.mkdirSync(path.dirname(second));
      await exportDataset(target.ws, { format: 'csv', outPath: second, documentIds: docs }, task());
      for (const name of ['anns.csv', 'anns.relations.csv', 'anns.claims-matrix.csv', 'anns.csv.manifest.json']) {
        expect(fs.readFileSync(path.join(dir, 'two', name), 'utf8'), name).toBe(
          fs.readFileSync(path.join(dir, 'one', name), 'utf8'),
        );
      }
    } finally {
      target.dispose();
    }
  });

  it('refuses a relations table changed after the export or missing from the manifest, and a stance outside the vocabulary', async () => {
    const out = path.join(dir, 'anns.csv');
    await exportDataset(t.ws, { format: 'csv', outPath: out }, task());
    const manifestFile = `${out}.manifest.json`;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { files: Array<{ path: string }> };
    fs.writeFileSync(
      manifestFile,
      JSON.stringify({ ...manifest, files: manifest.files.filter((f) => f.path !== 'anns.relations.csv') }),
    );
    const unlisted = await expectApiError(importDataset(t.ws, { format: 'csv', path: out }, task()), 'invalid_file');
    expect(unlisted.message).toMatch(/anns\.relations\.csv is not listed in the manifest/);
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const relations = path.join(dir, 'anns.relations.csv');
    const text = fs.readFileSync(relations, 'utf8');
    fs.writeFileSync(relations, text.replace(/,(asserted|reported|denied|questioned),/, ',shouted,'));
    const changed = await expectApiError(importDataset(t.ws, { format: 'csv', path: out }, task()), 'invalid_file');
    expect(changed.message).toMatch(/anns\.relations\.csv has \d+ bytes, but the manifest expects \d+/);
    // Without the manifest, the same row is read and refused for what it says.
    fs.rmSync(`${out}.manifest.json`);
    const refused = await expectApiError(importDataset(t.ws, { format: 'csv', path: out }, task()), 'invalid_file');
    expect(refused.message).toMatch(
      /^anns\.relations\.csv, line \d+, field “attributes\.stance”: the stance of a source is one of asserted, reported, denied, questioned\. Found "shouted"\.$/,
    );
  });
});

describe('import', () => {
  it('reads the table back onto existing documents: ids, labels, fragments, statuses, links, attributes, notes, times', async () => {
    const docs = listDocuments(t.ws)
      .filter((d) => d.title !== 'Mixed scripts')
      .map((d) => d.id);
    const out = path.join(dir, 'anns.csv');
    await exportDataset(t.ws, { format: 'csv', outPath: out, documentIds: docs }, task());
    const target = openTestWorkspace();
    try {
      const result = await importDataset(target.ws, { format: 'csv', path: out }, task());
      const expected = listAnnotations(t.ws, {}).filter((a) => docs.includes(a.documentId));
      expect(result).toMatchObject({ documents: 5, annotations: expected.length });
      expect(listAnnotations(target.ws, {})).toEqual(expected);
      const entity = listEntities(target.ws, {}).find((e) => e.name === 'Islamic State');
      expect(entity?.aliases).toEqual(['ISIS', 'IS', 'Daesh', 'ISIL']);
    } finally {
      target.dispose();
    }
  });

  it('refuses rows on a document the workspace does not hold, and rows whose text does not match', async () => {
    const out = path.join(dir, 'anns.csv');
    await exportDataset(t.ws, { format: 'csv', outPath: out }, task());
    const target = openTestWorkspace();
    try {
      const error = await expectApiError(
        importDataset(target.ws, { format: 'csv', path: out }, task()),
        'invalid_file',
      );
      expect(error.message).toMatch(
        /anns\.csv, line \d+, field “document_id”: no document "doc_\w+" in this workspace; a CSV does not carry texts/,
      );
      expect(workspaceStats(target.ws).annotations).toBe(0);
    } finally {
      target.dispose();
    }
    const doc = listDocuments(t.ws)[0]?.id as string;
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `document_id,label,start,end,text\r\n${doc},Place,0,4,Nope\r\n`);
    const mismatch = await expectApiError(importDataset(t.ws, { format: 'csv', path: bad }, task()), 'invalid_range');
    expect(mismatch.message).toMatch(
      /^bad\.csv, line 2, field “text”: the text at these offsets is ".*" but the file says "Nope"/,
    );
    fs.writeFileSync(bad, `document_id,label,start\r\n${doc},Place,0\r\n`);
    expect(
      (await expectApiError(importDataset(t.ws, { format: 'csv', path: bad }, task()), 'invalid_file')).message,
    ).toMatch(/bad\.csv, line 1, field “end”: expected a column named "end"/);
  });
});
