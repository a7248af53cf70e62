/**
 * Workspace benchmark: bulk import of 10,000 synthetic documents, loading 1,000,000 annotations,
 * annotation create p50/p95 through the dispatcher, listing 10,000 annotations of one document,
 * and corpus searches (a common word, a rare one, IS). Each figure stands beside raw
 * better-sqlite3 doing the same rows on the same schema and pragmas in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations/index.js';
import { insertAnnotationsBulk, type BulkAnnotation } from '../db/bulk.js';
import { importDocuments } from '../db/import/documents.js';
import { sha256 } from '../db/ids.js';
import { createDispatcher } from '../host/dispatcher.js';
import { WorkerDispatcher } from '../host/worker-dispatcher.js';
import { type BenchContext, type BenchSection, median, percentile, rng, timeMs } from './harness.js';
import { listAnnotations } from '../db/annotations.js';
import { listDocuments } from '../db/documents.js';
import { openWorkspace } from '../host/open-workspace.js';

const WORDS =
  'the of and to in a is that for on said with as by from at government army forces coalition Baghdad Moscow Iraq Syria Iran Russia information center agreement source officials militants Daesh ISIS spokesman ministry report statement operations intelligence committee cooperation war terrorism region countries military base Latakia airstrikes'.split(
    ' ',
  );

function syntheticDocument(index: number, random: () => number): string {
  const paragraphs: string[] = [`Synthetic report ${index}`];
  const count = 6 + Math.floor(random() * 8);
  for (let p = 0; p < count; p++) {
    const words: string[] = [];
    const length = 40 + Math.floor(random() * 40);
    for (let w = 0; w < length; w++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
    paragraphs.push(words.join(' ') + '.');
  }
  return paragraphs.join('\n\n');
}

function rawDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS) db.exec(m.sql);
  db.prepare(
    "INSERT INTO label (id, name, kind, color, position) VALUES ('claim', 'Claim', 'claim', '#000000', 0), ('country', 'Country', 'entity', '#000000', 1)",
  ).run();
  return db;
}

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1e5) / 10;
}

export async function benchCore(context: BenchContext): Promise<BenchSection> {
  const { scale, log } = context;
  const docCount = Math.max(50, Math.round(10_000 * scale));
  const annotationCount = Math.max(10_000, Math.round(1_000_000 * scale));
  const perDocumentList = Math.max(1_000, Math.round(10_000 * Math.min(1, scale * 10)));
  const createSamples = scale >= 1 ? 2_000 : 300;
  const hopSamples = scale >= 1 ? 1_000 : 200;
  const rows: BenchSection['rows'] = [];
  const random = rng(42);

  log(`core: generating ${docCount} documents`);
  const texts = Array.from({ length: docCount }, (_, i) => syntheticDocument(i, random));
  const megabytes = texts.reduce((sum, t) => sum + t.length, 0) / 1e6;

  const wsFile = path.join(context.tmpDir, 'bench.triangulate');
  const rawFile = path.join(context.tmpDir, 'raw.sqlite');
  const ws = openWorkspace({ path: wsFile, seed: false });
  const raw = rawDatabase(rawFile);
  const dispatcher = createDispatcher(ws);

  // 1. Bulk import of documents (Triangulate: read, convert, hash, paragraphs, one transaction).
  log('core: importing documents');
  const importMs = await timeMs(() =>
    importDocuments(
      ws,
      texts.map((content, i) => ({ name: `doc-${i}.txt`, content })),
    ),
  );
  const rawInsertDoc = raw.prepare(
    `INSERT INTO document (id, title, outlet, published_at, origin, text, content_hash, paragraphs, metadata, imported_at)
     VALUES (?, ?, NULL, NULL, ?, ?, ?, '[]', '{}', ?)`,
  );
  const rawImportMs = await timeMs(() =>
    raw.transaction(() => {
      for (const [i, text] of texts.entries()) {
        rawInsertDoc.run(
          `d${i}`,
          `Synthetic report ${i}`,
          `doc-${i}.txt`,
          text,
          sha256(text),
          new Date().toISOString(),
        );
      }
    })(),
  );
  rows.push({
    name: `bulk import of ${docCount.toLocaleString('en')} documents (${megabytes.toFixed(1)} MB)`,
    value: importMs,
    unit: 'ms',
    baseline: rawImportMs,
    baselineName: 'raw INSERT of the same rows (same schema, FTS triggers)',
  });

  const docs = listDocuments(ws);
  const docIds = docs.map((d) => d.id);
  const lengths = new Map(docs.map((d) => [d.id, d.length]));

  // 2. Loading annotations in batches of 10,000 (one transaction each).
  log(`core: loading ${annotationCount} annotations`);
  const batchSize = 10_000;
  const makeBatch = (from: number, to: number, ids: readonly string[]): BulkAnnotation[] => {
    const batch: BulkAnnotation[] = [];
    for (let i = from; i < to; i++) {
      const documentId = ids[i % ids.length] as string;
      const length = lengths.get(documentId) ?? 100;
      const start = Math.floor(random() * (length - 20));
      batch.push({
        documentId,
        labelId: i % 3 ? 'country' : 'claim',
        fragments: [{ start, end: start + 5 + Math.floor(random() * 12) }],
      });
    }
    return batch;
  };
  let loadMs = 0;
  let rawLoadMs = 0;
  const rawInsertAnnotation = raw.prepare(
    `INSERT INTO annotation (id, document_id, label_id, start_offset, end_offset, fragments, quote, prefix, suffix,
      attributes, author, status, note, entity_id, claim_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, '', '', '{}', 'bench', 'accepted', '', NULL, NULL, ?, ?)`,
  );
  const rawIds = texts.map((_, i) => `d${i}`);
  for (let from = 0; from < annotationCount; from += batchSize) {
    const to = Math.min(annotationCount, from + batchSize);
    const batch = makeBatch(from, to, docIds);
    loadMs += await timeMs(() => insertAnnotationsBulk(ws, batch));
    const now = new Date().toISOString();
    rawLoadMs += await timeMs(() =>
      raw.transaction(() => {
        for (const [k, a] of batch.entries()) {
          const f = a.fragments[0] as { start: number; end: number };
          const rawDoc = rawIds[(from + k) % rawIds.length] as string;
          rawInsertAnnotation.run(
            `a${from + k}`,
            rawDoc,
            a.labelId,
            f.start,
            f.end,
            `[[${f.start},${f.end}]]`,
            'q',
            now,
            now,
          );
        }
      })(),
    );
  }
  rows.push({
    name: `load ${annotationCount.toLocaleString('en')} annotations (batches of 10,000; validated, quote + context)`,
    value: loadMs,
    unit: 'ms',
    baseline: rawLoadMs,
    baselineName: 'raw INSERT of the same rows',
  });
  log(`core: RSS ${rssMb()} MB after loading`);

  // 3. Listing the annotations of one document.
  log(`core: ${perDocumentList} annotations on one document`);
  const target = docIds[0] as string;
  const existing = listAnnotations(ws, { documentId: target }).length;
  insertAnnotationsBulk(ws, makeBatch(0, perDocumentList - existing, [target]));
  const rawExisting = (
    raw.prepare("SELECT count(*) AS n FROM annotation WHERE document_id = 'd0'").get() as { n: number }
  ).n;
  raw.transaction(() => {
    const now = new Date().toISOString();
    for (let k = rawExisting; k < perDocumentList; k++) {
      rawInsertAnnotation.run(`extra${k}`, 'd0', 'country', k, k + 5, `[[${k},${k + 5}]]`, 'q', now, now);
    }
  })();
  const listTimes: number[] = [];
  const rawListTimes: number[] = [];
  const rawList = raw.prepare('SELECT * FROM annotation WHERE document_id = ? ORDER BY start_offset, end_offset, id');
  for (let i = 0; i < 7; i++) {
    let count = 0;
    listTimes.push(
      await timeMs(async () => {
        const reply = await dispatcher.dispatch('annotations.list', { documentId: target });
        if (reply.ok) count = (reply.result as unknown[]).length;
      }),
    );
    if (count !== perDocumentList) throw new Error(`listed ${count}, expected ${perDocumentList}`);
    rawListTimes.push(await timeMs(() => rawList.all('d0')));
  }
  rows.push({
    name: `list ${perDocumentList.toLocaleString('en')} annotations of one document (median of 7)`,
    value: median(listTimes),
    unit: 'ms',
    baseline: median(rawListTimes),
    baselineName: 'raw SELECT * of the same rows',
  });

  // 4. Creating one annotation through the dispatcher (validation, history, event), one commit each.
  log('core: annotation create latency');
  const createTimes: number[] = [];
  const rawCreateTimes: number[] = [];
  const rawSingle = raw.prepare(
    `INSERT INTO annotation (id, document_id, label_id, start_offset, end_offset, fragments, quote, prefix, suffix,
      attributes, author, status, note, entity_id, claim_id, created_at, updated_at)
     VALUES (?, 'd1', 'claim', ?, ?, '[]', 'q', '', '', '{}', 'bench', 'accepted', '', NULL, NULL, ?, ?)`,
  );
  const createDoc = docIds[1] as string;
  for (let i = 0; i < createSamples; i++) {
    const start = (i * 13) % 200;
    createTimes.push(
      await timeMs(() =>
        dispatcher.dispatch('annotations.create', {
          documentId: createDoc,
          labelId: 'claim',
          fragments: [{ start, end: start + 8 }],
        }),
      ),
    );
    const now = new Date().toISOString();
    rawCreateTimes.push(await timeMs(() => rawSingle.run(`single${i}`, start, start + 8, now, now)));
  }
  rows.push({
    name: `create one annotation, p50 (${createSamples} samples, each its own durable commit)`,
    value: median(createTimes),
    unit: 'ms',
    baseline: median(rawCreateTimes),
    baselineName: 'raw single-row INSERT commit',
  });
  rows.push({
    name: 'create one annotation, p95',
    value: percentile(createTimes, 95),
    unit: 'ms',
    baseline: percentile(rawCreateTimes, 95),
    baselineName: 'raw single-row INSERT commit',
  });

  // 4b. The worker hop: the same requests through the workspace worker (what every host does
  // now: SQLite off the serving thread) against the in-process dispatcher, interleaved.
  log('core: the workspace worker hop');
  const worker = await WorkerDispatcher.start({ path: wsFile, seed: false });
  const hop = {
    createIn: [] as number[],
    createWorker: [] as number[],
    getIn: [] as number[],
    getWorker: [] as number[],
  };
  let lastId = '';
  for (let i = 0; i < hopSamples; i++) {
    const start = 200 + ((i * 13) % 200);
    const params = { documentId: createDoc, labelId: 'claim', fragments: [{ start, end: start + 8 }] };
    hop.createIn.push(await timeMs(() => dispatcher.dispatch('annotations.create', params)));
    hop.createWorker.push(
      await timeMs(async () => {
        const reply = await worker.dispatch('annotations.create', params);
        if (!reply.ok) throw new Error(reply.error.message);
        lastId = (reply.result as { id: string }).id;
      }),
    );
    hop.getIn.push(await timeMs(() => dispatcher.dispatch('annotations.get', { id: lastId })));
    hop.getWorker.push(await timeMs(() => worker.dispatch('annotations.get', { id: lastId })));
  }
  await worker.close();
  rows.push({
    name: `create one annotation through the workspace worker, p50 (${hopSamples} samples)`,
    value: median(hop.createWorker),
    unit: 'ms',
    baseline: median(hop.createIn),
    baselineName: 'the same request to the dispatcher in the same thread',
    target: 'hop ≤ 1 ms',
  });
  rows.push({
    name: `read one annotation (annotations.get) through the workspace worker, p50 (${hopSamples} samples)`,
    value: median(hop.getWorker),
    unit: 'ms',
    baseline: median(hop.getIn),
    baselineName: 'the same request to the dispatcher in the same thread',
    target: 'hop ≤ 1 ms',
  });

  // 5. Corpus search: every occurrence, counted across the corpus, the first page of 100 with
  // offsets and snippets. The baseline finds the candidate documents with a plain FTS5 MATCH of
  // the word and counts the occurrences in their texts with indexOf (a regex for IS), keeping
  // the first 100 offsets.
  log('core: corpus search');
  const rawCandidates = raw.prepare(
    'SELECT d.text FROM document_fts JOIN document d ON d.rowid = document_fts.rowid WHERE document_fts MATCH ?',
  );
  const rawScan = (match: string, find: (text: string, from: number) => number, length: number) => {
    let total = 0;
    const first: number[] = [];
    for (const { text } of rawCandidates.iterate(match) as Iterable<{ text: string }>) {
      for (let i = find(text, 0); i >= 0; i = find(text, i + length)) {
        if (first.length < 100) first.push(i);
        total++;
      }
    }
    return total;
  };
  const rareNumber = String(Math.floor(docCount * 0.37));
  const searches = [
    {
      what: 'a common word, “the”',
      params: { query: 'the' },
      baseline: () => rawScan('"the"', (text, from) => text.toLowerCase().indexOf('the', from), 3),
    },
    {
      what: `a rare word, “${rareNumber}” (one document's number)`,
      params: { query: rareNumber },
      baseline: () => rawScan(`"${rareNumber}"`, (text, from) => text.indexOf(rareNumber, from), rareNumber.length),
    },
    {
      what: '“IS”, case-sensitive whole word (the corpus holds ISIS and is, never IS)',
      params: { query: 'IS' },
      baseline: () =>
        rawScan(
          '"is"',
          (text, from) => {
            const re = /\bIS\b/g;
            re.lastIndex = from;
            return re.exec(text)?.index ?? -1;
          },
          2,
        ),
    },
  ];
  let coldSearchMs = 0;
  for (const [index, search] of searches.entries()) {
    let total = -1;
    const run = async () => {
      const reply = await dispatcher.dispatch('search.query', { ...search.params, limit: 100 });
      if (!reply.ok) throw new Error(reply.error.message);
      total = (reply.result as { total: number }).total;
    };
    // The first search after the import reads the index's vocabulary; later ones reuse it.
    if (index === 0) coldSearchMs = await timeMs(run);
    const times: number[] = [];
    const rawTimes: number[] = [];
    let rawTotal = -1;
    for (let r = 0; r < 5; r++) {
      times.push(await timeMs(run));
      rawTimes.push(await timeMs(() => (rawTotal = search.baseline())));
    }
    if (total !== rawTotal) throw new Error(`search ${search.params.query}: ${total} hits, the baseline ${rawTotal}`);
    rows.push({
      name: `search.query over ${docCount.toLocaleString('en')} documents, ${search.what}: ${total.toLocaleString('en')} occurrence${total === 1 ? '' : 's'} counted, first 100 with offsets + snippets (median of 5)`,
      value: median(times),
      unit: 'ms',
      baseline: median(rawTimes),
      baselineName: 'raw FTS5 MATCH of the word + indexOf count over the matched texts',
    });
  }

  const fileMb = fs.statSync(wsFile).size / 1e6;
  const peak = rssMb();
  ws.close();
  raw.close();
  return {
    title: 'Workspace (SQLite)',
    rows,
    notes: [
      `Workspace file after the run: ${fileMb.toFixed(0)} MB; process RSS at the end: ${peak} MB.`,
      `The first search after the documents changed also reads the FTS5 index's vocabulary: ${coldSearchMs.toFixed(0)} ms for the common word.`,
      'Both sides use WAL with synchronous = FULL (every commit reaches the disk) and the same schema.',
    ],
  };
}
