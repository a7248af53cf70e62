/**
 * Cross-article views benchmark: the claims × documents matrix, the entity index and the
 * attribution chains, read through the dispatcher on the synthetic corpus of the workspace
 * benchmark (bench/core.ts: 10,000 documents, 1,000,000 annotations at scale 1), here with
 * outlets and dates, a third of the annotations claim mentions linked to claims (with a stance),
 * a third sources and a third entity mentions, most linked to entities; every claim mention
 * attributed to one or two sources, half the sources citing another source (cycles included).
 * Each figure (p50 and p95) stands beside a raw better-sqlite3 baseline on the same file in the
 * same run: one flat statement that reads the same rows, without assembling them.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { insertAnnotationsBulk, type BulkAnnotation } from '../db/bulk.js';
import { prepareDocument, writeDocuments } from '../db/import/documents.js';
import { listDocuments } from '../db/documents.js';
import { newId } from '../db/ids.js';
import { createDispatcher } from '../host/dispatcher.js';
import { openWorkspace } from '../host/open-workspace.js';
import { syntheticDocument } from './core.js';
import { type BenchContext, type BenchRow, type BenchSection, median, percentile, rng, timeMs } from './harness.js';

const OUTLETS = ['RT', 'Reuters', 'AFP', 'UPI', 'SANA', 'Fars News', 'Arutz Sheva', 'Al Jazeera', 'TASS', 'BBC'];
const STANCES = ['asserted', 'reported', 'denied', 'questioned'];

export async function benchCross(context: BenchContext): Promise<BenchSection> {
  const { scale, log } = context;
  const docCount = Math.max(50, Math.round(10_000 * scale));
  const annotationCount = Math.max(10_000, Math.round(1_000_000 * scale));
  const claimCount = Math.max(20, Math.round(2_000 * scale));
  const entityCount = Math.max(20, Math.round(500 * scale));
  const samples = scale >= 1 ? 50 : 30;
  const random = rng(7);
  const rows: BenchRow[] = [];

  const wsFile = path.join(context.tmpDir, 'cross.triangulate');
  const ws = openWorkspace({ path: wsFile, seed: false });
  const dispatcher = createDispatcher(ws);

  log(`cross: ${docCount} documents with outlets and dates`);
  writeDocuments(
    ws,
    Array.from({ length: docCount }, (_, i) =>
      prepareDocument(
        { name: `doc-${i}.txt`, content: syntheticDocument(i, random) },
        {
          outlet: OUTLETS[i % OUTLETS.length] as string,
          // One document in ten undated, the others over one month.
          publishedAt: i % 10 === 9 ? null : `2015-09-${String(1 + (i % 30)).padStart(2, '0')}`,
        },
      ),
    ),
    'permanent',
  );
  const docs = listDocuments(ws);
  const docIds = docs.map((d) => d.id);
  const lengths = new Map(docs.map((d) => [d.id, d.length]));

  log(`cross: ${claimCount} claims, ${entityCount} entities`);
  const now = new Date().toISOString();
  const claimIds = Array.from({ length: claimCount }, () => newId('clm'));
  const entityIds = Array.from({ length: entityCount }, () => newId('ent'));
  ws.bulkWrite('bench.records', 'Claims and entities', (db) => {
    const claim = db.prepare(`INSERT INTO claim (id, summary, note, created_at, updated_at) VALUES (?, ?, '', ?, ?)`);
    claimIds.forEach((id, i) => claim.run(id, `Synthetic claim ${i}`, now, now));
    const entity = db.prepare(
      `INSERT INTO entity (id, name, type, aliases, note, external_id, created_at, updated_at)
       VALUES (?, ?, 'other', ?, '', NULL, ?, ?)`,
    );
    entityIds.forEach((id, i) => entity.run(id, `Entity ${i}`, JSON.stringify([`E${i}`, `Alias ${i}`]), now, now));
    return { result: null, records: [] };
  });

  log(`cross: ${annotationCount} annotations`);
  const annotationIds: string[] = [];
  const batchSize = 10_000;
  for (let from = 0; from < annotationCount; from += batchSize) {
    const batch: BulkAnnotation[] = [];
    for (let i = from; i < Math.min(annotationCount, from + batchSize); i++) {
      const documentId = docIds[Math.floor(i / 3) % docIds.length] as string;
      const length = lengths.get(documentId) ?? 100;
      const start = Math.floor(random() * (length - 20));
      const fragments = [{ start, end: start + 5 + Math.floor(random() * 12) }];
      const entityId = entityIds[Math.floor(random() * entityIds.length)] as string;
      if (i % 3 === 0) {
        batch.push({
          documentId,
          labelId: 'claim',
          fragments,
          claimId: claimIds[Math.floor(random() * claimIds.length)] as string,
          attributes: { stance: STANCES[i % STANCES.length] as string },
        });
      } else if (i % 3 === 1) {
        batch.push({ documentId, labelId: 'source', fragments, ...(random() < 0.5 ? { entityId } : {}) });
      } else {
        batch.push({ documentId, labelId: 'country', fragments, entityId });
      }
    }
    annotationIds.push(...insertAnnotationsBulk(ws, batch));
  }

  log('cross: relations');
  let relationCount = 0;
  ws.bulkWrite('bench.relations', 'Attributions and citations', (db) => {
    const relation = db.prepare(
      `INSERT OR IGNORE INTO relation (id, from_id, to_id, type, attributes, note, author, created_at)
       VALUES (?, ?, ?, ?, ?, '', 'bench', ?)`,
    );
    const sourceAt = (k: number) => annotationIds[3 * (k % Math.floor(annotationIds.length / 3)) + 1] as string;
    for (let i = 0; i + 1 < annotationIds.length; i += 3) {
      const mention = annotationIds[i] as string;
      const k = i / 3;
      const attributes = JSON.stringify({ cue: 'said', stance: STANCES[k % STANCES.length] });
      relationCount += relation.run(newId('rel'), mention, sourceAt(k), 'attributed_to', attributes, now).changes;
      if (k % 2 === 0) {
        relationCount += relation.run(newId('rel'), mention, sourceAt(k + 7), 'attributed_to', '{}', now).changes;
      }
      // Half the sources cite another source, anywhere: chains, and now and then a cycle.
      if (random() < 0.5) {
        const cited = sourceAt(Math.floor(random() * annotationIds.length));
        if (cited !== sourceAt(k))
          relationCount += relation.run(newId('rel'), sourceAt(k), cited, 'cites', '{}', now).changes;
      }
    }
    return { result: null, records: [] };
  });
  ws.db.pragma('optimize');

  const raw = new Database(wsFile, { readonly: true });
  const call = async (method: 'claims.matrix' | 'entities.index' | 'sources.chains', params: object) => {
    const reply = await dispatcher.dispatch(method, params);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  };
  const measure = async (
    name: string,
    run: (i: number) => Promise<unknown>,
    baseline: (i: number) => unknown,
    baselineName: string,
  ) => {
    const times: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      times.push(await timeMs(() => run(i)));
      rawTimes.push(await timeMs(() => baseline(i)));
    }
    rows.push({
      name: `${name}, p50 (${samples} samples)`,
      value: median(times),
      unit: 'ms',
      baseline: median(rawTimes),
      baselineName,
    });
    rows.push({
      name: `${name}, p95`,
      value: percentile(times, 95),
      unit: 'ms',
      baseline: percentile(rawTimes, 95),
      baselineName,
    });
  };

  // 1. The matrix of 20 documents: every claim they carry, with mentions and sources.
  log('cross: claims.matrix');
  const width = 20;
  const window = (i: number) =>
    docIds.slice((i * width * 7) % (docIds.length - width), ((i * width * 7) % (docIds.length - width)) + width);
  const rawMatrix = raw.prepare(
    `SELECT d.id, d.title, d.outlet, d.published_at, v.id AS reviewed, a.id AS annotation_id, a.claim_id, c.summary, a.quote,
            a.status, a.attributes ->> '$.stance' AS stance, r.to_id, b.quote AS source_quote, b.entity_id,
            e.name AS entity_name, r.attributes ->> '$.stance' AS source_stance, r.attributes ->> '$.cue' AS cue
       FROM annotation a
       JOIN document d ON d.id = a.document_id
       LEFT JOIN document_review v ON v.id = d.id
       JOIN claim c ON c.id = a.claim_id
       LEFT JOIN relation r ON r.from_id = a.id AND r.type = 'attributed_to'
       LEFT JOIN annotation b ON b.id = r.to_id
       LEFT JOIN entity e ON e.id = b.entity_id
      WHERE a.document_id IN (SELECT value FROM json_each(?)) AND a.claim_id IS NOT NULL`,
  );
  const sampleMatrix = (await call('claims.matrix', { documentIds: window(0) })) as { rows: unknown[] };
  await measure(
    `claims.matrix of ${width} documents (${sampleMatrix.rows.length} claims in the first)`,
    (i) => call('claims.matrix', { documentIds: window(i) }),
    (i) => rawMatrix.all(JSON.stringify(window(i))),
    'raw SELECT of the same mentions joined to their documents, claims and sources',
  );

  // 2. One claim across the whole corpus: every document a column.
  {
    const rawColumns = raw.prepare(
      `SELECT d.id, d.title, d.outlet, d.published_at, v.id AS reviewed FROM document d
        LEFT JOIN document_review v ON v.id = d.id ORDER BY d.published_at IS NULL, d.published_at, d.title, d.id`,
    );
    const rawClaimMentions = raw.prepare(
      `SELECT a.id, a.document_id, a.quote, a.status, a.attributes ->> '$.stance' AS stance, r.to_id, b.quote AS source_quote,
              e.name AS entity_name, r.attributes ->> '$.stance' AS source_stance, r.attributes ->> '$.cue' AS cue
         FROM annotation a
         LEFT JOIN relation r ON r.from_id = a.id AND r.type = 'attributed_to'
         LEFT JOIN annotation b ON b.id = r.to_id
         LEFT JOIN entity e ON e.id = b.entity_id
        WHERE a.claim_id = ?`,
    );
    await measure(
      `claims.matrix of one claim × all ${docCount.toLocaleString('en')} documents`,
      (i) => call('claims.matrix', { claimIds: [claimIds[i % claimIds.length]] }),
      (i) => {
        rawColumns.all();
        return rawClaimMentions.all(claimIds[i % claimIds.length]);
      },
      'raw SELECT of every document and of the claim’s mentions with their sources',
    );
  }

  // 3. The entity index: all of it, and one query.
  log('cross: entities.index');
  const rawIndex = raw.prepare(
    `SELECT x.id, x.name, x.type, x.aliases, a.document_id, d.title, d.outlet, a.quote, count(*) AS n
       FROM entity x
       JOIN annotation a ON a.entity_id = x.id
       JOIN document d ON d.id = a.document_id
      GROUP BY a.entity_id, a.document_id, a.quote`,
  );
  await measure(
    `entities.index, every entity (${entityCount} entities)`,
    () => call('entities.index', {}),
    () => rawIndex.all(),
    'raw SELECT … GROUP BY entity, document, quote, joined to entities and documents',
  );
  const rawIndexQuery = raw.prepare(
    `SELECT x.id, x.name, x.type, x.aliases, a.document_id, d.title, d.outlet, a.quote, count(*) AS n
       FROM entity x
       JOIN annotation a ON a.entity_id = x.id
       JOIN document d ON d.id = a.document_id
      WHERE lower(x.name) LIKE ? OR EXISTS (SELECT 1 FROM json_each(x.aliases) j WHERE lower(j.value) LIKE ?)
      GROUP BY a.entity_id, a.document_id, a.quote`,
  );
  await measure(
    'entities.index with a query (one entity)',
    (i) => call('entities.index', { query: `entity ${i % entityCount}` }),
    (i) => rawIndexQuery.all(`entity ${i % entityCount}`, `entity ${i % entityCount}`),
    'raw SELECT of the same groups, filtered by LIKE on name and aliases',
  );

  // 4. Attribution chains of a claim (every mention).
  log('cross: sources.chains');
  const rawChains = raw.prepare(
    `WITH RECURSIVE
       start(id) AS (SELECT id FROM annotation WHERE claim_id = @claim),
       reach(id, depth) AS (
         SELECT r.to_id, 1 FROM start s CROSS JOIN relation r ON r.from_id = s.id AND r.type = 'attributed_to'
         UNION
         SELECT r.to_id, reach.depth + 1 FROM reach JOIN relation r ON r.from_id = reach.id AND r.type = 'cites'
          WHERE reach.depth < 20)
     SELECT r.from_id, r.to_id, r.type, r.attributes, b.document_id, b.quote, e.name
       FROM (SELECT DISTINCT id FROM reach UNION SELECT id FROM start) h
       CROSS JOIN relation r ON r.from_id = h.id AND r.type IN ('attributed_to', 'cites')
       JOIN annotation b ON b.id = r.to_id LEFT JOIN entity e ON e.id = b.entity_id`,
  );
  const mentionsPerClaim = Math.round(annotationCount / 3 / claimCount);
  await measure(
    `sources.chains of one claim (about ${mentionsPerClaim} mentions)`,
    (i) => call('sources.chains', { claimId: claimIds[(i * 13) % claimIds.length] }),
    (i) => rawChains.all({ claim: claimIds[(i * 13) % claimIds.length] }),
    'raw recursive SELECT of the same relations and their ends',
  );

  raw.close();
  ws.close();
  return {
    title: 'Cross-article views',
    rows,
    notes: [
      `Corpus: ${docCount.toLocaleString('en')} documents, ${annotationCount.toLocaleString('en')} annotations, ${claimCount.toLocaleString('en')} claims, ${entityCount.toLocaleString('en')} entities, ${relationCount.toLocaleString('en')} relations.`,
      'Triangulate: the request through the in-process dispatcher (validation, a fixed number of set-based statements, the result assembled); the baseline is one flat statement on a second connection to the same file.',
    ],
  };
}
