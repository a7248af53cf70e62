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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { insertAnnotationsBulk, type BulkAnnotation } from '../db/bulk.js';
import { prepareDocument, writeDocuments } from '../db/import/documents.js';
import { listDocuments } from '../db/documents.js';
import { newId } from '../db/ids.js';
import { ENTITY_TYPES } from '../common/domain.js';
import { createDispatcher } from '../host/dispatcher.js';
import { openWorkspace } from '../host/open-workspace.js';
import { syntheticDocument } from './core.js';
import { type BenchContext, type BenchRow, type BenchSection, median, percentile, rng, timeMs } from './harness.js';

const OUTLETS = ['RT', 'Reuters', 'AFP', 'UPI', 'SANA', 'Fars News', 'Arutz Sheva', 'Al Jazeera', 'TASS', 'BBC'];
const STANCES = ['asserted', 'reported', 'denied', 'questioned'];

/** Bump when the corpus built below changes: it names the file BENCH_KEEP keeps. */
const CORPUS_VERSION = 2;

interface Sizes {
  docCount: number;
  annotationCount: number;
  claimCount: number;
  entityCount: number;
}

/**
 * Where BENCH_KEEP keeps built corpora between runs: BENCH_KEEP=1 → the system temp folder's
 * triangulate-bench-keep, any other value → that folder; unset → nowhere (built every run).
 */
function keepDir(): string | null {
  const keep = process.env.BENCH_KEEP;
  if (!keep) return null;
  return keep === '1' ? path.join(os.tmpdir(), 'triangulate-bench-keep') : path.resolve(keep);
}

/** Builds the synthetic corpus (see the module comment) into a new workspace file, closed when done. */
export function buildCorpus(file: string, sizes: Sizes, log: (message: string) => void): void {
  const { docCount, annotationCount, claimCount, entityCount } = sizes;
  const random = rng(7);
  const ws = openWorkspace({ path: file, seed: false });
  try {
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
         VALUES (?, ?, ?, ?, '', NULL, ?, ?)`,
      );
      entityIds.forEach((id, i) =>
        entity.run(
          id,
          `Entity ${i}`,
          ENTITY_TYPES[i % ENTITY_TYPES.length],
          JSON.stringify([`E${i}`, `Alias ${i}`]),
          now,
          now,
        ),
      );
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
        relation.run(newId('rel'), mention, sourceAt(k), 'attributed_to', attributes, now);
        if (k % 2 === 0) relation.run(newId('rel'), mention, sourceAt(k + 7), 'attributed_to', '{}', now);
        // Half the sources cite another source, anywhere: chains, and now and then a cycle.
        if (random() < 0.5) {
          const cited = sourceAt(Math.floor(random() * annotationIds.length));
          if (cited !== sourceAt(k)) relation.run(newId('rel'), sourceAt(k), cited, 'cites', '{}', now);
        }
      }
      return { result: null, records: [] };
    });
    ws.db.pragma('optimize');
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    ws.close();
  }
}

/** The corpus at `file`: copied from BENCH_KEEP's folder when built there before, else built (and kept). */
function corpus(file: string, sizes: Sizes, scale: number, log: (message: string) => void): void {
  const keep = keepDir();
  const kept = keep && path.join(keep, `cross-v${CORPUS_VERSION}-scale-${scale}.triangulate`);
  if (kept && fs.existsSync(kept)) {
    log(`cross: the corpus kept in ${kept}`);
    fs.copyFileSync(kept, file);
    return;
  }
  buildCorpus(file, sizes, log);
  if (kept) {
    fs.mkdirSync(path.dirname(kept), { recursive: true });
    fs.copyFileSync(file, `${kept}.part`);
    fs.renameSync(`${kept}.part`, kept);
    log(`cross: corpus kept in ${kept} (BENCH_KEEP)`);
  }
}

export async function benchCross(context: BenchContext): Promise<BenchSection> {
  const { scale, log } = context;
  const sizes: Sizes = {
    docCount: Math.max(50, Math.round(10_000 * scale)),
    annotationCount: Math.max(10_000, Math.round(1_000_000 * scale)),
    claimCount: Math.max(20, Math.round(2_000 * scale)),
    entityCount: Math.max(20, Math.round(500 * scale)),
  };
  const { docCount, annotationCount, claimCount, entityCount } = sizes;
  const samples = scale >= 1 ? 50 : 30;
  const rows: BenchRow[] = [];
  const notes: string[] = [];

  const wsFile = path.join(context.tmpDir, 'cross.triangulate');
  corpus(wsFile, sizes, scale, log);
  const ws = openWorkspace({ path: wsFile, seed: false });
  const dispatcher = createDispatcher(ws);
  const docs = listDocuments(ws);
  const docIds = docs.map((d) => d.id);
  const claimIds = (ws.db.prepare('SELECT id FROM claim ORDER BY rowid').all() as Array<{ id: string }>).map(
    (r) => r.id,
  );
  const relationCount = (ws.db.prepare('SELECT count(*) AS n FROM relation').get() as { n: number }).n;

  const raw = new Database(wsFile, { readonly: true });
  type Method = 'claims.matrix' | 'entities.index' | 'sources.chains' | 'search.query';
  /** The reply's result; a refusal is an answer too (its error code), timed like one. */
  const call = async (method: Method, params: object): Promise<unknown> => {
    const reply = await dispatcher.dispatch(method, params);
    if (reply.ok) return reply.result;
    if (reply.error.code === 'too_large') return { refused: reply.error.code };
    throw new Error(`${method}: ${reply.error.message}`);
  };
  /**
   * Times `run` and `baseline` alternately, p50 and p95: `samples` pairs, fewer (at least 5)
   * when the first pair takes more than 160 ms, so that each row takes about 8 s at most.
   */
  const measure = async (
    name: string,
    run: (i: number) => Promise<unknown>,
    baseline: (i: number) => unknown,
    baselineName: string,
  ) => {
    const times: number[] = [];
    const rawTimes: number[] = [];
    let n = samples;
    for (let i = 0; i < n; i++) {
      times.push(await timeMs(() => run(i)));
      rawTimes.push(await timeMs(() => baseline(i)));
      if (i === 0) n = Math.max(5, Math.min(n, Math.round(8000 / ((times[0] as number) + (rawTimes[0] as number)))));
    }
    rows.push({
      name: `${name}, p50 of ${n}`,
      value: median(times),
      unit: 'ms',
      baseline: median(rawTimes),
      baselineName,
    });
    rows.push({
      name: `${name}, p95 of ${n}`,
      value: percentile(times, 95),
      unit: 'ms',
      baseline: percentile(rawTimes, 95),
      baselineName,
      target: '≤ 100 ms',
    });
  };

  // 1. claims.matrix: the whole corpus, one outlet, one outlet × 20 claims, 20 documents, one claim.
  log('cross: claims.matrix');
  const rawMatrixSelect = `SELECT d.id, d.title, d.outlet, d.published_at, v.id AS reviewed, a.id AS annotation_id, a.claim_id,
            c.summary, a.quote, a.status, a.attributes ->> '$.stance' AS stance, r.to_id, b.quote AS source_quote,
            b.entity_id, e.name AS entity_name, r.attributes ->> '$.stance' AS source_stance, r.attributes ->> '$.cue' AS cue
       FROM annotation a
       JOIN document d ON d.id = a.document_id
       LEFT JOIN document_review v ON v.id = d.id
       JOIN claim c ON c.id = a.claim_id
       LEFT JOIN relation r ON r.from_id = a.id AND r.type = 'attributed_to'
       LEFT JOIN annotation b ON b.id = r.to_id
       LEFT JOIN entity e ON e.id = b.entity_id`;
  const rawMatrixAll = raw.prepare(`${rawMatrixSelect} WHERE a.claim_id IS NOT NULL`);
  const rawMatrix = raw.prepare(
    `${rawMatrixSelect} WHERE a.document_id IN (SELECT value FROM json_each(@documents)) AND a.claim_id IS NOT NULL`,
  );
  const rawMatrixClaims = raw.prepare(
    `${rawMatrixSelect} WHERE a.document_id IN (SELECT value FROM json_each(@documents))
        AND a.claim_id IN (SELECT value FROM json_each(@claims))`,
  );
  const outcome = (reply: unknown): string => {
    if (reply && typeof reply === 'object' && 'refused' in reply) return `refused: ${String(reply.refused)}`;
    const m = reply as { rows: Array<{ cells: Array<{ mentions: unknown[] }> }>; columns: unknown[] };
    const mentions = m.rows.reduce((sum, r) => sum + r.cells.reduce((s, c) => s + c.mentions.length, 0), 0);
    return `${m.rows.length.toLocaleString('en')} claims × ${m.columns.length.toLocaleString('en')} documents, ${mentions.toLocaleString('en')} mentions`;
  };
  {
    const reply = await call('claims.matrix', {});
    await measure(
      `claims.matrix {} (every claim × every document; ${outcome(reply)})`,
      () => call('claims.matrix', {}),
      () => rawMatrixAll.all(),
      'raw SELECT of every claim mention joined to its document, claim and sources',
    );
  }
  const outletDocs = (k: number) => docs.filter((d) => d.outlet === OUTLETS[k % OUTLETS.length]).map((d) => d.id);
  {
    const reply = await call('claims.matrix', { documentIds: outletDocs(0) });
    await measure(
      `claims.matrix of one outlet's ${outletDocs(0).length.toLocaleString('en')} documents (${outcome(reply)})`,
      (i) => call('claims.matrix', { documentIds: outletDocs(i) }),
      (i) => rawMatrix.all({ documents: JSON.stringify(outletDocs(i)) }),
      'raw SELECT of the same mentions joined to their documents, claims and sources',
    );
  }
  const someClaims = (i: number) => Array.from({ length: 20 }, (_, k) => claimIds[(i * 20 + k) % claimIds.length]);
  {
    const reply = await call('claims.matrix', { documentIds: outletDocs(0), claimIds: someClaims(0) });
    await measure(
      `claims.matrix of one outlet × 20 claims (${outcome(reply)})`,
      (i) => call('claims.matrix', { documentIds: outletDocs(i), claimIds: someClaims(i) }),
      (i) => rawMatrixClaims.all({ documents: JSON.stringify(outletDocs(i)), claims: JSON.stringify(someClaims(i)) }),
      'raw SELECT of the same mentions joined to their documents, claims and sources',
    );
  }
  const width = 20;
  const window = (i: number) =>
    docIds.slice((i * width * 7) % (docIds.length - width), ((i * width * 7) % (docIds.length - width)) + width);
  {
    const reply = await call('claims.matrix', { documentIds: window(0) });
    await measure(
      `claims.matrix of ${width} documents (${outcome(reply)})`,
      (i) => call('claims.matrix', { documentIds: window(i) }),
      (i) => rawMatrix.all({ documents: JSON.stringify(window(i)) }),
      'raw SELECT of the same mentions joined to their documents, claims and sources',
    );
  }
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
    const reply = await call('claims.matrix', { claimIds: [claimIds[0]] });
    await measure(
      `claims.matrix of one claim × every document (${outcome(reply)})`,
      (i) => call('claims.matrix', { claimIds: [claimIds[i % claimIds.length]] }),
      (i) => {
        rawColumns.all();
        return rawClaimMentions.all(claimIds[i % claimIds.length]);
      },
      'raw SELECT of every document and of the claim’s mentions with their sources',
    );
  }

  // 2. The entity index: all of it, one query, one type, both.
  log('cross: entities.index');
  const rawIndexSelect = `SELECT x.id, x.name, x.type, x.aliases, a.document_id, d.title, d.outlet, a.quote, count(*) AS n
       FROM entity x
       JOIN annotation a ON a.entity_id = x.id
       JOIN document d ON d.id = a.document_id`;
  const rawIndexGroup = 'GROUP BY a.entity_id, a.document_id, a.quote';
  const rawQuery = `(lower(x.name) LIKE @q OR EXISTS (SELECT 1 FROM json_each(x.aliases) j WHERE lower(j.value) LIKE @q))`;
  const rawIndex = raw.prepare(`${rawIndexSelect} ${rawIndexGroup}`);
  const rawIndexQuery = raw.prepare(`${rawIndexSelect} WHERE ${rawQuery} ${rawIndexGroup}`);
  const rawIndexType = raw.prepare(`${rawIndexSelect} WHERE x.type = @type ${rawIndexGroup}`);
  const rawIndexBoth = raw.prepare(`${rawIndexSelect} WHERE x.type = @type AND ${rawQuery} ${rawIndexGroup}`);
  const type = (i: number) => ENTITY_TYPES[i % ENTITY_TYPES.length] as string;
  const entriesOf = (reply: unknown) => (reply as unknown[]).length.toLocaleString('en');
  const indexGroup = 'raw SELECT … GROUP BY entity, document, quote, joined to entities and documents';
  await measure(
    `entities.index {} (${entriesOf(await call('entities.index', {}))} entities)`,
    () => call('entities.index', {}),
    () => rawIndex.all(),
    indexGroup,
  );
  // One page of the index (most mentioned first), as a view over a large corpus asks for it. The
  // baseline reads the same groups for the same 20 entities, found by a raw count per entity.
  const rawTop = raw.prepare(
    `${rawIndexSelect} WHERE x.id IN (SELECT entity_id FROM annotation WHERE entity_id IS NOT NULL
        GROUP BY entity_id ORDER BY count(*) DESC LIMIT 20 OFFSET @offset) ${rawIndexGroup}`,
  );
  const rawTopType = raw.prepare(
    `${rawIndexSelect} WHERE x.id IN (SELECT entity_id FROM annotation a JOIN entity y ON y.id = a.entity_id
        WHERE y.type = @type GROUP BY entity_id ORDER BY count(*) DESC LIMIT 20) ${rawIndexGroup}`,
  );
  await measure(
    'entities.index {limit: 20} (the first page)',
    () => call('entities.index', { limit: 20 }),
    () => rawTop.all({ offset: 0 }),
    `${indexGroup}, for the 20 entities most mentioned (raw count per entity)`,
  );
  await measure(
    'entities.index {limit: 20, offset: 100} (a later page)',
    () => call('entities.index', { limit: 20, offset: 100 }),
    () => rawTop.all({ offset: 100 }),
    `${indexGroup}, for those 20 entities (raw count per entity)`,
  );
  await measure(
    'entities.index {type, limit: 20}',
    (i) => call('entities.index', { type: type(i), limit: 20 }),
    (i) => rawTopType.all({ type: type(i) }),
    `${indexGroup}, for the 20 entities of the type most mentioned (raw count per entity)`,
  );
  const oneEntity = (i: number) => `entity ${(i * 37) % entityCount}`;
  await measure(
    `entities.index {query} of one entity's full name (${entriesOf(await call('entities.index', { query: oneEntity(1) }))} entities)`,
    (i) => call('entities.index', { query: oneEntity(i) }),
    (i) => rawIndexQuery.all({ q: `%${oneEntity(i)}%` }),
    `${indexGroup}, filtered by LIKE on name and aliases`,
  );
  await measure(
    `entities.index {type} (${entriesOf(await call('entities.index', { type: type(0) }))} entities)`,
    (i) => call('entities.index', { type: type(i) }),
    (i) => rawIndexType.all({ type: type(i) }),
    `${indexGroup}, filtered by type`,
  );
  await measure(
    `entities.index {query: "entity 1", type} (${entriesOf(await call('entities.index', { query: 'entity 1', type: type(0) }))} entities)`,
    (i) => call('entities.index', { query: 'entity 1', type: type(i) }),
    (i) => rawIndexBoth.all({ q: '%entity 1%', type: type(i) }),
    `${indexGroup}, filtered by type and LIKE`,
  );

  // 3. Attribution chains of a claim (every mention), and of one mention.
  log('cross: sources.chains');
  const rawChainsFrom = (start: string) =>
    raw.prepare(
      `WITH RECURSIVE
         start(id) AS (${start}),
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
  const rawChains = rawChainsFrom('SELECT id FROM annotation WHERE claim_id = @claim');
  const rawChain = rawChainsFrom('SELECT @annotation');
  const mentionsPerClaim = Math.round(annotationCount / 3 / claimCount);
  await measure(
    `sources.chains {claimId} (about ${mentionsPerClaim} mentions)`,
    (i) => call('sources.chains', { claimId: claimIds[(i * 13) % claimIds.length] }),
    (i) => rawChains.all({ claim: claimIds[(i * 13) % claimIds.length] }),
    'raw recursive SELECT of the same relations and their ends',
  );
  const mentionIds = (
    raw
      .prepare('SELECT id FROM annotation WHERE claim_id IS NOT NULL ORDER BY rowid LIMIT 50 OFFSET ?')
      .all(Math.floor(annotationCount / 6)) as Array<{ id: string }>
  ).map((r) => r.id);
  await measure(
    'sources.chains {annotationId} (one claim mention)',
    (i) => call('sources.chains', { annotationId: mentionIds[i % mentionIds.length] }),
    (i) => rawChain.all({ annotation: mentionIds[i % mentionIds.length] }),
    'raw recursive SELECT of the same relations and their ends',
  );

  // 4. Corpus search, a page of 50. The baseline finds the candidate documents with a plain
  // FTS5 MATCH and counts the occurrences in their texts with a regular expression.
  log('cross: search.query');
  const rawCandidates = raw.prepare(
    'SELECT d.text FROM document_fts JOIN document d ON d.rowid = document_fts.rowid WHERE document_fts MATCH ?',
  );
  const rawEvery = raw.prepare('SELECT text FROM document');
  /** Occurrences of `pattern` in the texts FTS5 matches with `match`, or in every text (null). */
  const rawCount = (match: string | null, pattern: RegExp): number => {
    let total = 0;
    const texts = match === null ? rawEvery.iterate() : rawCandidates.iterate(match);
    for (const { text } of texts as Iterable<{ text: string }>) {
      pattern.lastIndex = 0;
      while (pattern.exec(text)) total++;
    }
    return total;
  };
  const rare = String(Math.floor(docCount * 0.37));
  const common = await call('search.query', { query: 'the', limit: 50 });
  const deep = Math.max(0, (common as { total: number }).total - 1000);
  // “the” also occurs inside “Synthetic” (of the titles), which no FTS5 token "the" finds: its
  // baseline reads every text.
  const searches: Array<{ what: string; params: Record<string, unknown>; match: string | null; pattern: RegExp }> = [
    { what: 'a common word, “the”', params: { query: 'the' }, match: null, pattern: /the/gi },
    { what: `a rare word, “${rare}”`, params: { query: rare }, match: `"${rare}"`, pattern: new RegExp(rare, 'g') },
    {
      what: '“ISIS” (all caps: case-sensitive whole word by default)',
      params: { query: 'ISIS' },
      match: '"isis"',
      pattern: /\bISIS\b/g,
    },
    {
      what: '“IS” (all caps; the corpus holds ISIS and is, never IS)',
      params: { query: 'IS' },
      match: '"is"',
      pattern: /\bIS\b/g,
    },
    {
      what: '“in”, wholeWord (not in information, intelligence…)',
      params: { query: 'in', wholeWord: true },
      match: '"in"',
      pattern: /\bin\b/gi,
    },
    {
      what: 'the phrase “"military base"”',
      params: { query: '"military base"' },
      match: '"military base"',
      pattern: /military base/gi,
    },
    {
      what: `“the”, a deep page (offset ${deep.toLocaleString('en')})`,
      params: { query: 'the', offset: deep },
      match: null,
      pattern: /the/gi,
    },
  ];
  for (const search of searches) {
    const params = { ...search.params, limit: 50 };
    const result = (await call('search.query', params)) as { total: number; hits: unknown[] };
    const rawTotal = rawCount(search.match, search.pattern);
    if (result.total !== rawTotal) {
      throw new Error(`search ${JSON.stringify(params)}: ${result.total} hits, the baseline ${rawTotal}`);
    }
    await measure(
      `search.query, ${search.what}: ${result.total.toLocaleString('en')} occurrences counted, ${result.hits.length} on the page (limit 50)`,
      () => call('search.query', params),
      () => rawCount(search.match, search.pattern),
      search.match === null
        ? 'raw SELECT of every text + RegExp count'
        : 'raw FTS5 MATCH of the word + RegExp count over the matched texts',
    );
  }

  raw.close();
  ws.close();
  notes.push(
    `Corpus: ${docCount.toLocaleString('en')} documents, ${annotationCount.toLocaleString('en')} annotations, ${claimCount.toLocaleString('en')} claims, ${entityCount.toLocaleString('en')} entities, ${relationCount.toLocaleString('en')} relations.`,
    'Triangulate: the request through the in-process dispatcher (validation, a fixed number of set-based statements, the result assembled); the baseline is one flat statement on a second connection to the same file.',
  );
  return { title: 'Cross-article views', rows, notes };
}
