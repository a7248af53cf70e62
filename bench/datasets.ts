/**
 * Dataset benchmark: export and import of 1,000,000 annotations (× BENCH_SCALE) in every format,
 * beside raw better-sqlite3 reading (for exports) and inserting (for imports) the same rows in
 * the same run, with the peak memory of each operation.
 *
 * The corpus: synthetic news-like documents of about 1,000 annotations each (nested, overlapping
 * and discontinuous spans, claims with stances, entity and claim links, 5% of annotations in a
 * relation, a few characters outside the BMP), loaded into a workspace file through the JSONL
 * importer. Each measured export or import then runs in a child process of its own, so that its
 * peak RSS (the kernel's maximum resident set) and peak heap are its own and not the run's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { EXPORT_FORMATS, type ExportFormat, type ImportFormat } from '../common/contract.js';
import { exportDataset, exportPaths, importDataset } from '../db/datasets/index.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { rng, type BenchContext, type BenchModule, type BenchRow, type BenchSection } from './harness.js';
import { createLabel } from '../db/labels.js';
import { openWorkspace } from '../host/open-workspace.js';

const CHILD_FLAG = '--dataset-bench-child';
const here = fileURLToPath(import.meta.url);

const WORDS = (
  'the of and to in a is that for on said with as by from at government army forces coalition Baghdad Moscow ' +
  'Iraq Syria Iran Russia information center agreement source officials militants Daesh ISIS spokesman ministry ' +
  'report statement operations intelligence committee cooperation war terrorism region countries military base ' +
  'Latakia airstrikes بغداد دمشق 🌍 📰'
).split(' ');
const LABELS = ['Claim', 'Source', 'Person', 'Organization', 'Country', 'Place', 'Armed group', 'Media outlet'];
const STANCES = ['asserted', 'reported', 'denied', 'questioned'];
const ANNOTATIONS_PER_DOCUMENT = 1000;
const ENTITIES = 200;
const CLAIMS = 100;

/**
 * Writes a synthetic Triangulate JSONL dataset (with its manifest) of about `annotations`
 * annotations; returns the exact counts.
 */
export function writeSyntheticDataset(
  file: string,
  annotations: number,
): { annotations: number; relations: number; documents: number } {
  const random = rng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const documents = Math.max(1, Math.ceil(annotations / ANNOTATIONS_PER_DOCUMENT));
  const fd = fs.openSync(file, 'w');
  let total = 0;
  let relations = 0;
  const time = '2015-09-27T12:00:00.000Z';
  try {
    for (let d = 0; d < documents; d++) {
      const count = Math.min(ANNOTATIONS_PER_DOCUMENT, annotations - total);
      // Words with their code-point offsets; a paragraph break every 60-100 words.
      const parts: string[] = [`Synthetic report ${d}\n\n`];
      let cp = Array.from(parts[0] as string).length;
      const starts: number[] = [];
      const ends: number[] = [];
      const wordCount = count * 4 + 200;
      let nextBreak = 60 + Math.floor(random() * 40);
      for (let w = 0; w < wordCount; w++) {
        const word = pick(WORDS);
        starts.push(cp);
        parts.push(word);
        cp += Array.from(word).length;
        ends.push(cp);
        const gap = w === nextBreak ? '.\n\n' : ' ';
        if (w === nextBreak) nextBreak += 60 + Math.floor(random() * 40);
        parts.push(gap);
        cp += gap.length;
      }
      const text = parts.join('');
      const spans: unknown[] = [];
      const rels: unknown[] = [];
      for (let k = 0; k < count; k++) {
        const w = Math.floor(random() * (wordCount - 8));
        const length = 1 + Math.floor(random() * 4);
        const label = random() < 0.15 ? 'Claim' : pick(LABELS.slice(1));
        const id = `ann_b${d}_${k}`;
        const discontinuous = random() < 0.05;
        const span: Record<string, unknown> = {
          id,
          start: starts[w],
          end: ends[w + length - 1],
          label,
          ...(discontinuous
            ? {
                fragments: [
                  [starts[w], ends[w]],
                  [starts[w + length + 1], ends[w + length + 2]],
                ],
              }
            : {}),
          entity_id:
            label !== 'Claim' && label !== 'Source' && random() < 0.3
              ? `ent_b${Math.floor(random() * ENTITIES)}`
              : null,
          claim_id: label === 'Claim' && random() < 0.5 ? `clm_b${Math.floor(random() * CLAIMS)}` : null,
          attributes: label === 'Claim' ? { stance: pick(STANCES) } : {},
          status: random() < 0.8 ? 'accepted' : random() < 0.5 ? 'proposed' : 'rejected',
          author: random() < 0.5 ? 'ana' : 'ben',
          note: random() < 0.02 ? 'checked against the wire copy' : '',
          created_at: time,
          updated_at: time,
        };
        if (discontinuous) {
          span.end = ends[w + length + 2];
        }
        spans.push(span);
        if (k > 0 && random() < 0.05) {
          rels.push({
            id: `rel_b${d}_${k}`,
            head: id,
            child: `ann_b${d}_${k - 1}`,
            type: 'attributed_to',
            author: 'ana',
            created_at: time,
          });
          relations++;
        }
      }
      total += count;
      const line = JSON.stringify({
        id: `d${d}`,
        title: `Synthetic report ${d}`,
        outlet: pick(['RT', 'UPI', 'AFP']),
        text,
        spans,
        relations: rels,
      });
      fs.writeSync(fd, line + '\n');
    }
  } finally {
    fs.closeSync(fd);
  }
  const manifest = {
    kind: 'triangulate-dataset',
    version: 1,
    tagset: [],
    documents: [],
    entities: Array.from({ length: ENTITIES }, (_, i) => ({
      id: `ent_b${i}`,
      name: `Entity ${i}`,
      type: 'other',
      aliases: [`E${i}`],
      note: '',
      externalId: null,
      createdAt: time,
      updatedAt: time,
    })),
    claims: Array.from({ length: CLAIMS }, (_, i) => ({
      id: `clm_b${i}`,
      summary: `Claim ${i}`,
      note: '',
      createdAt: time,
      updatedAt: time,
    })),
    notes: [],
  };
  fs.writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest));
  return { annotations: total, relations, documents };
}

interface ChildResult {
  ms: number;
  peakRssMb: number;
  peakHeapMb: number;
  annotations: number;
}

interface ChildJob {
  op: 'export' | 'import';
  format: ExportFormat | ImportFormat;
  workspace: string;
  path: string;
}

/** Runs one export or import in a fresh process and returns its time and peak memory. */
function inChild(job: ChildJob): ChildResult {
  const result = spawnSync(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE] : []),
      '--import',
      'tsx',
      here,
      CHILD_FLAG,
      JSON.stringify(job),
    ],
    {
      cwd: path.resolve(path.dirname(here), '..'),
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (result.status !== 0) throw new Error(`bench child failed (${job.op} ${job.format}): ${result.stderr}`);
  const last = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildResult;
}

/** The child side: one operation, measured. */
async function child(job: ChildJob): Promise<void> {
  const ws = openWorkspace({ path: job.workspace, seed: false });
  let peakHeap = 0;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  // Progress events also arrive during the import's synchronous write pass.
  ws.subscribe((m) => {
    if (m.event === 'progress') sample();
  });
  const timer = setInterval(sample, 20);
  const context = { taskId: 'bench', isCancelled: () => false, now: '2015-09-27T00:00:00Z' };
  const started = process.hrtime.bigint();
  let annotations = 0;
  try {
    if (job.op === 'export') {
      annotations = (await exportDataset(ws, { format: job.format as ExportFormat, outPath: job.path }, context))
        .annotations;
    } else {
      annotations = (await importDataset(ws, { format: job.format, path: job.path }, context)).annotations;
    }
  } finally {
    clearInterval(timer);
    sample();
    ws.close();
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, peakRssMb, peakHeapMb: peakHeap / 2 ** 20, annotations }) + '\n');
}

/** Raw better-sqlite3: reading every annotation row in export order. */
function rawRead(file: string): { ms: number; rows: number } {
  const db = new Database(file, { readonly: true });
  try {
    const started = process.hrtime.bigint();
    let rows = 0;
    for (const _row of db
      .prepare('SELECT * FROM annotation ORDER BY document_id, start_offset, end_offset, id')
      .iterate())
      rows++;
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows };
  } finally {
    db.close();
  }
}

/** Raw better-sqlite3: inserting the same rows into an empty database of the same schema and pragmas. */
function rawInsert(source: string, target: string): { ms: number; rows: number } {
  const from = new Database(source, { readonly: true });
  const to = new Database(target);
  try {
    to.pragma('journal_mode = WAL');
    to.pragma('synchronous = FULL');
    to.pragma('foreign_keys = ON');
    for (const m of MIGRATIONS) to.exec(m.sql);
    const copy = (table: string) => {
      const rows = from.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
      if (!rows.length) return;
      const columns = Object.keys(rows[0] as object);
      const insert = to.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`,
      );
      to.transaction(() => rows.forEach((r) => insert.run(r)))();
    };
    for (const table of ['label', 'document', 'entity', 'claim']) copy(table);
    const columns = (from.prepare('SELECT * FROM annotation LIMIT 1').get() as object | undefined) ?? {};
    const names = Object.keys(columns);
    const insert = to.prepare(
      `INSERT INTO annotation (${names.join(', ')}) VALUES (${names.map((c) => '@' + c).join(', ')})`,
    );
    const started = process.hrtime.bigint();
    let rows = 0;
    to.transaction(() => {
      for (const row of from.prepare('SELECT * FROM annotation ORDER BY document_id, start_offset').iterate()) {
        insert.run(row as Record<string, unknown>);
        rows++;
      }
    })();
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows };
  } finally {
    from.close();
    to.close();
  }
}

function sizeMb(paths: string[]): number {
  let bytes = 0;
  const add = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) add(path.join(p, name));
    else bytes += stat.size;
  };
  for (const p of paths) if (fs.existsSync(p)) add(p);
  return bytes / 1e6;
}

const OUT_NAMES: Record<ExportFormat, string> = {
  jsonl: 'dataset.jsonl',
  w3c: 'dataset.jsonld',
  brat: 'dataset-brat',
  conll: 'dataset.conll',
  csv: 'dataset.csv',
};

export const benchDatasets: BenchModule = async (context: BenchContext): Promise<BenchSection> => {
  const { scale, log, tmpDir } = context;
  const target = Math.max(1000, Math.round(1_000_000 * scale));
  const started = Date.now();
  const rows: BenchRow[] = [];
  const notes: string[] = [];

  log(`datasets: writing a synthetic JSONL dataset of ${target.toLocaleString('en')} annotations`);
  const synthetic = path.join(tmpDir, 'synthetic.jsonl');
  const counts = writeSyntheticDataset(synthetic, target);
  const n = counts.annotations.toLocaleString('en');

  log('datasets: loading it into the source workspace');
  const sourceFile = path.join(tmpDir, 'source.triangulate');
  const load = inChild({ op: 'import', format: 'jsonl', workspace: sourceFile, path: synthetic });
  // A label no annotation uses: exporting it gives the documents without annotations.
  {
    const ws = openWorkspace({ path: sourceFile, seed: false });
    createLabel(ws, { name: 'Unused', kind: 'entity' });
    await exportDataset(
      ws,
      { format: 'jsonl', outPath: path.join(tmpDir, 'documents.jsonl'), labels: ['Unused'] },
      { taskId: 'docs', isCancelled: () => false },
    );
    ws.close();
  }

  const read = rawRead(sourceFile);
  const insert = rawInsert(sourceFile, path.join(tmpDir, 'raw-insert.sqlite'));
  rows.push({
    name: `baseline: raw better-sqlite3 SELECT of ${read.rows.toLocaleString('en')} annotation rows`,
    value: read.rows / (read.ms / 1000),
    unit: 'rows/s',
  });
  rows.push({
    name: `baseline: raw better-sqlite3 INSERT of the same rows (one transaction, same schema)`,
    value: insert.rows / (insert.ms / 1000),
    unit: 'rows/s',
  });
  rows.push({
    name: `load the synthetic JSONL (${n} annotations, ${counts.relations.toLocaleString('en')} relations) into a new workspace`,
    value: load.ms,
    unit: 'ms',
    baseline: insert.ms,
    baselineName: 'raw INSERT of the same rows',
  });

  for (const format of EXPORT_FORMATS) {
    const out = path.join(tmpDir, 'out', OUT_NAMES[format]);
    log(`datasets: export ${format}`);
    const exported = inChild({ op: 'export', format, workspace: sourceFile, path: out });
    const paths = exportPaths(format, out);
    rows.push({
      name: `export ${format}: ${n} annotations`,
      value: exported.ms,
      unit: 'ms',
      baseline: read.ms,
      baselineName: 'raw SELECT of the same rows',
    });
    rows.push({
      name: `export ${format}: throughput`,
      value: exported.annotations / (exported.ms / 1000),
      unit: 'rows/s',
    });
    rows.push({
      name: `export ${format}: peak RSS / peak heap (MB)`,
      value: exported.peakRssMb,
      unit: 'MB',
      target: `heap ${exported.peakHeapMb.toFixed(0)} MB`,
    });
    rows.push({ name: `export ${format}: files written`, value: sizeMb([...paths.data, paths.manifest]), unit: 'MB' });

    log(`datasets: import ${format}`);
    const into = path.join(tmpDir, `into-${format}.triangulate`);
    if (format === 'csv' || format === 'conll') {
      // These formats do not carry texts: the documents come first (not measured).
      inChild({ op: 'import', format: 'jsonl', workspace: into, path: path.join(tmpDir, 'documents.jsonl') });
    }
    const imported = inChild({ op: 'import', format, workspace: into, path: out });
    rows.push({
      name: `import ${format}: ${imported.annotations.toLocaleString('en')} annotations`,
      value: imported.ms,
      unit: 'ms',
      baseline: insert.ms,
      baselineName: 'raw INSERT of the same rows',
    });
    rows.push({
      name: `import ${format}: throughput`,
      value: imported.annotations / (imported.ms / 1000),
      unit: 'rows/s',
    });
    rows.push({
      name: `import ${format}: peak RSS / peak heap (MB)`,
      value: imported.peakRssMb,
      unit: 'MB',
      target: `heap ${imported.peakHeapMb.toFixed(0)} MB`,
    });
    fs.rmSync(path.join(tmpDir, 'out'), { recursive: true, force: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(into + suffix, { force: true });
  }
  notes.push(
    `Corpus: ${counts.documents.toLocaleString('en')} synthetic documents, ${n} annotations (5% discontinuous, nested and overlapping spans, claims with stances, entity and claim links), ${counts.relations.toLocaleString('en')} relations.`,
    'Each export and import runs in its own process: peak RSS is that process’s maximum resident set (including Node itself, ≈ 50 MB); peak heap is sampled every 20 ms and at each progress event.',
    'Imports read the file twice (a cancellable checking pass, then one write transaction); CoNLL and CSV imports go onto a workspace that already holds the documents (they carry no texts). CoNLL imports one annotation per fragment, so its count differs.',
    `Section wall time: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  );
  return { title: `Datasets: export and import of ${n} annotations`, rows, notes };
};

if (process.argv[2] === CHILD_FLAG) {
  await child(JSON.parse(process.argv[3] ?? '{}') as ChildJob);
}
