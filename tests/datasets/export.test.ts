/**
 * Dataset export, all formats: files and manifests, byte-identical output, filters, progress,
 * cancellation (nothing left behind), snapshot reading, and refusals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, type ExportFormat } from '../../common/contract.js';
import type { EventMessage } from '../../common/contract.js';
import { exportDataset, exportPaths } from '../../db/datasets/index.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, snapshotFiles, task, type AnnotatedWorkspace } from './helpers.js';
import { createAnnotation, listAnnotations } from '../../db/annotations.js';
import { listDocuments } from '../../db/documents.js';
import { openWorkspace } from '../../host/open-workspace.js';

const NAMES: Record<ExportFormat, string> = {
  jsonl: 'dataset.jsonl',
  w3c: 'dataset.jsonld',
  brat: 'dataset-brat',
  conll: 'dataset.conll',
  csv: 'dataset.csv',
};

let t: TestWorkspace;
let fixture: AnnotatedWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace();
  fixture = annotate(t.ws);
  dir = tempDir('triangulate-export-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function manifestOf(format: ExportFormat, out: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(exportPaths(format, out).manifest, 'utf8')) as Record<string, unknown>;
}

describe('every format', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}: writes its files and a manifest, and the same workspace gives byte-identical output`, async () => {
      const a = path.join(dir, 'a', NAMES[format]);
      const b = path.join(dir, 'b', NAMES[format]);
      const first = await exportDataset(t.ws, { format, outPath: a }, task());
      expect(first.documents).toBe(6);
      expect(first.annotations).toBe(fixture.counts.annotations);
      for (const file of first.files) expect(fs.existsSync(file), file).toBe(true);
      await exportDataset(t.ws, { format, outPath: b }, task());
      const left = snapshotFiles(
        exportPaths(format, a).data.concat(format === 'brat' ? [] : [exportPaths(format, a).manifest]),
      );
      const right = snapshotFiles(
        exportPaths(format, b).data.concat(format === 'brat' ? [] : [exportPaths(format, b).manifest]),
      );
      expect([...left.keys()]).toEqual([...right.keys()]);
      for (const [name, bytes] of left) expect(bytes.equals(right.get(name) as Buffer), name).toBe(true);
      // No temporary file is left beside the output.
      expect(fs.readdirSync(path.dirname(a)).filter((n) => n.includes('.tmp-'))).toEqual([]);

      const manifest = manifestOf(format, a);
      expect(manifest).toMatchObject({
        kind: 'triangulate-dataset',
        version: 1,
        generator: { name: 'Triangulate', version: '0.1.0' },
        format,
        createdAt: '2024-01-02T03:04:05.000Z',
        offsets: 'unicode-code-points',
        filters: { documentIds: null, labels: null, status: 'all' },
      });
      const counts = manifest.counts as Record<string, unknown>;
      expect(counts).toMatchObject({
        documents: 6,
        annotations: fixture.counts.annotations,
        entities: 2,
        claims: 2,
        notes: 3,
      });
      const documents = manifest.documents as Array<{ id: string; contentHash: string; length: number }>;
      const workspaceDocs = listDocuments(t.ws);
      expect(documents.map((d) => d.id)).toEqual(workspaceDocs.map((d) => d.id));
      for (const d of documents) {
        expect(d.contentHash).toBe(workspaceDocs.find((w) => w.id === d.id)?.contentHash);
        expect(d.length).toBe(Array.from(t.ws.documentText(d.id)).length);
      }
      const tagset = manifest.tagset as Array<{ name: string; tag: string }>;
      expect(tagset.map((l) => l.name)).toContain('Key figure');
      expect(tagset.find((l) => l.name === 'Armed group')?.tag).toBe('Armed_group');
      const files = manifest.files as Array<{ path: string; bytes: number; sha256: string }>;
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const full = format === 'brat' ? path.join(a, f.path) : path.join(path.dirname(a), f.path);
        expect(fs.statSync(full).size).toBe(f.bytes);
      }
    });
  }
});

describe('the manifest time', () => {
  it('comes from SOURCE_DATE_EPOCH when the task gives none', async () => {
    const out = path.join(dir, 'x.jsonl');
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1443312000';
    try {
      await exportDataset(t.ws, { format: 'jsonl', outPath: out }, { taskId: 'x', isCancelled: () => false });
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
    expect(manifestOf('jsonl', out).createdAt).toBe('2015-09-27T00:00:00.000Z');
  });
});

describe('filters', () => {
  it('keeps the chosen documents, labels (by name, any case) and accepted annotations only', async () => {
    const out = path.join(dir, 'f.jsonl');
    const docs = listDocuments(t.ws)
      .slice(0, 2)
      .map((d) => d.id);
    const result = await exportDataset(
      t.ws,
      { format: 'jsonl', outPath: out, documentIds: docs, labels: ['country', 'CLAIM'], status: 'accepted' },
      task(),
    );
    const expected = listAnnotations(t.ws, { status: 'accepted' }).filter(
      (a) => docs.includes(a.documentId) && (a.labelId === 'country' || a.labelId === 'claim'),
    );
    expect(result.documents).toBe(2);
    expect(result.annotations).toBe(expected.length);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    const spans = lines.flatMap((l) => (JSON.parse(l) as { spans: Array<{ id: string; status: string }> }).spans);
    expect(spans.map((s) => s.id).sort()).toEqual(expected.map((a) => a.id).sort());
    expect(spans.every((s) => s.status === 'accepted')).toBe(true);
    // Relations only where both ends are in the export.
    const kept = new Set(spans.map((s) => s.id));
    for (const l of lines) {
      for (const r of (JSON.parse(l) as { relations: Array<{ head: string; child: string }> }).relations) {
        expect(kept.has(r.head) && kept.has(r.child)).toBe(true);
      }
    }
    const manifest = manifestOf('jsonl', out);
    expect(manifest.filters).toEqual({
      documentIds: [...docs].sort(),
      labels: ['Claim', 'Country'],
      status: 'accepted',
    });
    expect((manifest.tagset as Array<{ name: string }>).map((l) => l.name)).toEqual(['Claim', 'Country']);
  });

  it('refuses an unknown document or label with not_found', async () => {
    await expectApiError(
      exportDataset(t.ws, { format: 'jsonl', outPath: path.join(dir, 'n.jsonl'), documentIds: ['doc_nope'] }, task()),
      'not_found',
    );
    await expectApiError(
      exportDataset(t.ws, { format: 'jsonl', outPath: path.join(dir, 'n.jsonl'), labels: ['Nope'] }, task()),
      'not_found',
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('progress and cancellation', () => {
  it('reports progress at a human cadence, ending at done = total', async () => {
    const events: EventMessage[] = [];
    const stop = t.ws.subscribe((m) => events.push(m));
    await exportDataset(
      t.ws,
      { format: 'conll', outPath: path.join(dir, 'p.conll'), taskId: 'p' },
      task({ taskId: 'p' }),
    );
    stop();
    const progress = events
      .filter((e) => e.event === 'progress')
      .map((e) => e.data as { done: number; total: number; task: string; taskId: string });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThan(50);
    expect(progress.every((p) => p.task === 'export' && p.taskId === 'p')).toBe(true);
    const last = progress[progress.length - 1];
    expect(last?.done).toBe(last?.total);
  });

  for (const format of EXPORT_FORMATS) {
    it(`${format}: a cancelled export fails with cancelled and leaves no file behind`, async () => {
      let checks = 0;
      const out = path.join(dir, 'c', NAMES[format]);
      await expectApiError(
        exportDataset(t.ws, { format, outPath: out }, task({ isCancelled: () => ++checks > 3 })),
        'cancelled',
      );
      const left = fs.existsSync(path.dirname(out)) ? fs.readdirSync(path.dirname(out)) : [];
      expect(left).toEqual([]);
    });
  }
});

describe('reading a snapshot', () => {
  it('does not see edits made while the export runs (file workspace, own read connection)', async () => {
    const before = path.join(dir, 'before.jsonl');
    const during = path.join(dir, 'during.jsonl');
    await exportDataset(t.ws, { format: 'jsonl', outPath: before }, task());
    const doc = listDocuments(t.ws)[0];
    let edited = false;
    const stop = t.ws.subscribe((m) => {
      if (m.event === 'progress' && !edited && doc) {
        edited = true;
        createAnnotation(t.ws, { documentId: doc.id, labelId: 'person', fragments: [{ start: 0, end: 4 }] });
      }
    });
    await exportDataset(t.ws, { format: 'jsonl', outPath: during }, task());
    stop();
    expect(edited).toBe(true);
    expect(fs.readFileSync(during).equals(fs.readFileSync(before))).toBe(true);
  });

  it('exports an in-memory workspace page by page from its own connection', async () => {
    const ws = openWorkspace({ path: ':memory:' });
    try {
      annotate(ws);
      const out = path.join(dir, 'mem.jsonld');
      const result = await exportDataset(ws, { format: 'w3c', outPath: out }, task());
      expect(result.annotations).toBe(fixture.counts.annotations);
    } finally {
      ws.close();
    }
  });
});

describe('output paths', () => {
  it('refuses a folder as the output of a single-file format', async () => {
    await expectApiError(exportDataset(t.ws, { format: 'jsonl', outPath: dir }, task()), 'invalid_params');
  });
});

describe('brat output folder', () => {
  it('refuses a folder holding other files, and replaces an earlier brat export only when asked', async () => {
    const target = path.join(dir, 'occupied');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'thesis.docx'), 'precious');
    await expectApiError(exportDataset(t.ws, { format: 'brat', outPath: target }, task()), 'conflict');
    expect(fs.readFileSync(path.join(target, 'thesis.docx'), 'utf8')).toBe('precious');

    // An earlier export with a file of the person's added is not ours to replace either.
    const mixed = path.join(dir, 'mixed');
    await exportDataset(t.ws, { format: 'brat', outPath: mixed }, task());
    fs.writeFileSync(path.join(mixed, 'my-notes.md'), 'keep me');
    await expectApiError(exportDataset(t.ws, { format: 'brat', outPath: mixed, overwrite: true }, task()), 'conflict');
    expect(fs.readFileSync(path.join(mixed, 'my-notes.md'), 'utf8')).toBe('keep me');

    const again = path.join(dir, 'again');
    await exportDataset(t.ws, { format: 'brat', outPath: again }, task());
    const docs = listDocuments(t.ws)
      .slice(0, 1)
      .map((d) => d.id);
    await expectApiError(
      exportDataset(t.ws, { format: 'brat', outPath: again, documentIds: docs }, task()),
      'conflict',
    );
    await exportDataset(t.ws, { format: 'brat', outPath: again, documentIds: docs, overwrite: true }, task());
    expect(fs.readdirSync(again).filter((n) => n.endsWith('.txt'))).toEqual([`${docs[0]}.txt`]);
  });
});
