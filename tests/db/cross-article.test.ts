/**
 * The cross-article views through the API, on the seed corpus annotated by hand: the claims ×
 * documents matrix (stances, attributed sources with their own stances, empty cells, first
 * appearance with undated documents), the entity index (surface forms per document, query on
 * names and aliases) and attribution chains (attributed_to, then cites across documents, a cycle
 * cut and reported). Each read answers with a fixed number of SQL statements whatever the corpus
 * size, every one of them driven by an index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import type { Annotation, Claim, Document, DocumentSummary, Entity } from '../../common/domain.js';
import { MATRIX_MAX_CELLS, claimMatrix } from '../../db/claim-matrix.js';
import { expectApiError, find, openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
/** The seed documents by outlet. */
let docs: Record<'gr' | 'wp' | 'as' | 'upi' | 'mt', Document>;
let summaries: DocumentSummary[];

async function tag(
  doc: Document,
  needle: string,
  labelId: string,
  extra: { claimId?: string; entityId?: string; stance?: string; nth?: number; status?: 'proposed' } = {},
): Promise<Annotation> {
  return t.call('annotations.create', {
    documentId: doc.id,
    labelId,
    fragments: [find(doc, needle, extra.nth ?? 0)],
    ...(extra.claimId ? { claimId: extra.claimId } : {}),
    ...(extra.entityId ? { entityId: extra.entityId } : {}),
    ...(extra.stance ? { attributes: { stance: extra.stance } } : {}),
    ...(extra.status ? { status: extra.status } : {}),
  });
}

beforeEach(async () => {
  t = openTestWorkspace();
  summaries = await t.call('documents.list', {});
  const get = async (outlet: string) =>
    t.call('documents.get', { id: summaries.find((d) => d.outlet === outlet)?.id as string });
  docs = {
    gr: await get('Global Research'),
    wp: await get('War Press Info Network'),
    as: await get('Arutz Sheva'),
    upi: await get('UPI'),
    mt: await get('Mideast Time'),
  };
});
afterEach(() => t.dispose());

describe('relations carry attributes', () => {
  it('creates an attributed_to relation with the source’s stance and cue, and refuses what does not fit, naming the field', async () => {
    const claim = await tag(docs.as, 'Iraq, Russia, Iran and Syria have agreed', 'claim');
    const source = await tag(docs.as, 'a spokesman', 'source');
    const relation = await t.call('relations.create', {
      fromId: claim.id,
      toId: source.id,
      type: 'attributed_to',
      attributes: { stance: 'asserted', cue: 'said' },
    });
    expect(relation).toMatchObject({ type: 'attributed_to', attributes: { stance: 'asserted', cue: 'said' } });
    expect(await t.call('relations.list', { annotationId: claim.id })).toEqual([relation]);
    const other = await tag(docs.as, 'Saad al-Hadithi', 'source');
    for (const [attributes, field] of [
      [{ stance: 'claimed' }, 'attributes.stance'],
      [{ cue: 'x'.repeat(101) }, 'attributes.cue'],
      [{ cue: 'said\nloudly' }, 'attributes.cue'],
      [{ cue: '   ' }, 'attributes.cue'],
      [{ 'Not a name': 'x' }, 'attributes.Not a name'],
    ] as const) {
      const error = await expectApiError(
        t.call('relations.create', { fromId: claim.id, toId: other.id, type: 'attributed_to', attributes }),
        'invalid_params',
      );
      expect(error.message).toContain(`${field}: `);
    }
    expect(await t.call('relations.list', { annotationId: other.id })).toEqual([]);
  });

  it('changes a relation’s attributes and note in one undoable step; undo and redo restore each side', async () => {
    const claim = await tag(docs.gr, 'have agreed to establish a joint information center in Baghdad', 'claim');
    const source = await tag(docs.gr, 'a military-diplomatic source', 'source');
    const created = await t.call('relations.create', { fromId: claim.id, toId: source.id, type: 'attributed_to' });
    expect(created.attributes).toEqual({});
    const updated = await t.call('relations.update', {
      id: created.id,
      attributes: { stance: 'reported', cue: 'told Russian news agencies' },
      note: 'the lede',
    });
    expect(updated).toEqual({
      ...created,
      attributes: { cue: 'told Russian news agencies', stance: 'reported' },
      note: 'the lede',
    });
    const [entry] = await t.call('history.list', { limit: 1 });
    expect(entry).toMatchObject({ method: 'relations.update', summary: 'Changed attributed to link', state: 'done' });
    // The same values again change nothing and log nothing.
    await t.call('relations.update', {
      id: created.id,
      attributes: { cue: 'told Russian news agencies', stance: 'reported' },
    });
    expect((await t.call('history.list', { limit: 1 }))[0]?.id).toBe(entry?.id);
    await t.call('history.undo', {});
    expect((await t.call('relations.list', { annotationId: claim.id }))[0]).toEqual(created);
    await t.call('history.redo', {});
    expect((await t.call('relations.list', { annotationId: claim.id }))[0]).toEqual(updated);
    // Only attributes: the note stays; an empty map clears them.
    const cleared = await t.call('relations.update', { id: created.id, attributes: {} });
    expect(cleared).toMatchObject({ attributes: {}, note: 'the lede' });
    await expectApiError(t.call('relations.update', { id: 'rel_nope', note: 'x' }), 'not_found');
    await expectApiError(
      t.call('relations.update', { id: created.id, attributes: { stance: 'loud' } }),
      'invalid_params',
    );
  });
});

describe('documents.setReviewed', () => {
  it('marks a document reviewed in one undoable step, shown in every summary, and survives a restart', async () => {
    expect(summaries.every((d) => d.reviewed === false)).toBe(true);
    const marked = await t.call('documents.setReviewed', { id: docs.upi.id, reviewed: true });
    const { text: _t, paragraphs: _p, metadata: _m, ...summary } = docs.upi;
    expect(marked).toEqual({ ...summary, reviewed: true });
    expect((await t.call('documents.list', {})).find((d) => d.id === docs.upi.id)?.reviewed).toBe(true);
    expect((await t.call('documents.get', { id: docs.upi.id })).reviewed).toBe(true);
    const [entry] = await t.call('history.list', { limit: 1 });
    expect(entry).toMatchObject({ method: 'documents.setReviewed', state: 'done' });
    expect(entry?.summary).toMatch(/^Marked “Iraq, Russia, Iran and Syria to share intelligence on Daesh” reviewed$/);
    // Marking it again changes nothing and logs nothing.
    await t.call('documents.setReviewed', { id: docs.upi.id, reviewed: true });
    expect((await t.call('history.list', { limit: 1 }))[0]?.id).toBe(entry?.id);
    // The text index is not disturbed by the flag.
    expect((await t.call('search.query', { query: 'Latakia' })).hits.some((h) => h.documentId === docs.upi.id)).toBe(
      true,
    );

    await t.call('history.undo', {});
    expect((await t.call('documents.get', { id: docs.upi.id })).reviewed).toBe(false);
    await t.call('history.redo', {});
    t = t.reopen();
    expect((await t.call('documents.list', {})).find((d) => d.id === docs.upi.id)?.reviewed).toBe(true);
    const unmarked = await t.call('documents.setReviewed', { id: docs.upi.id, reviewed: false });
    expect(unmarked.reviewed).toBe(false);
    expect((await t.call('history.list', { limit: 1 }))[0]?.summary).toMatch(/ not reviewed$/);
    await expectApiError(t.call('documents.setReviewed', { id: 'doc_nope', reviewed: true }), 'not_found');
  });

  it('tells open views the document changed (never that it went), and a deleted reviewed document comes back reviewed', async () => {
    const events: EventMessage[] = [];
    t.dispatcher.subscribe((m) => events.push(m));
    await t.call('documents.setReviewed', { id: docs.mt.id, reviewed: true });
    await t.call('documents.setReviewed', { id: docs.mt.id, reviewed: false });
    await t.call('history.undo', {});
    const records = events.filter((e) => e.event === 'changed').map((e) => (e.data as { records: unknown[] }).records);
    expect(records).toEqual([
      [{ kind: 'document', id: docs.mt.id, change: 'updated', documentIds: [docs.mt.id] }],
      [{ kind: 'document', id: docs.mt.id, change: 'updated', documentIds: [docs.mt.id] }],
      [{ kind: 'document', id: docs.mt.id, change: 'updated', documentIds: [docs.mt.id] }],
    ]);
    // The history keeps the mark, not the document's text.
    const row = t.ws.db.prepare('SELECT changes FROM history ORDER BY id DESC LIMIT 1 OFFSET 1').get() as {
      changes: string;
    };
    expect(row.changes.length).toBeLessThan(500);
    await t.call('documents.delete', { id: docs.mt.id });
    expect((await t.call('documents.list', {})).map((d) => d.id)).not.toContain(docs.mt.id);
    await t.call('history.undo', {});
    expect((await t.call('documents.get', { id: docs.mt.id })).reviewed).toBe(true);
  });
});

/**
 * The hand-built corpus: claim A in three documents (Arutz Sheva and Global Research, dated the
 * same day, and the undated War Press), each with its outlet's stance; the Global Research
 * mention attributed to two sources with different stances; claim B only in an undated
 * document; claim C never mentioned. Citations: the military-diplomatic source cites "Russian
 * news agencies", which (in Arutz Sheva) cite "a Russian military-diplomatic source"… which
 * cites the first again: a cycle.
 */
async function corpus() {
  const spokesman = await t.call('entities.create', { name: 'Saad al-Hadithi', type: 'person' });
  const isis = await t.call('entities.create', {
    name: 'Islamic State',
    type: 'group',
    aliases: ['ISIS', 'IS', 'Daesh', 'DAESH'],
  });
  const a = await t.call('claims.create', {
    summary: 'Russia, Iran, Iraq and Syria set up an information centre in Baghdad',
  });
  const b = await t.call('claims.create', { summary: 'Iraq runs the centre for the first three months' });
  const c = await t.call('claims.create', { summary: 'Russia builds a base in Latakia' });
  const grA = await tag(docs.gr, 'have agreed to establish a joint information center in Baghdad', 'claim', {
    claimId: a.id,
    stance: 'reported',
  });
  const asA = await tag(docs.as, 'have agreed to set up an intelligence committee in Baghdad', 'claim', {
    claimId: a.id,
    stance: 'reported',
  });
  const wpA = await tag(
    docs.wp,
    'have agreed to establish an information center in the Iraqi capital Baghdad',
    'claim',
    {
      claimId: a.id,
      stance: 'asserted',
    },
  );
  // A second mention in the same cell, proposed.
  const wpA2 = await tag(
    docs.wp,
    'agreement with Moscow, Damascus and Tehran to establish a joint information center',
    'claim',
    {
      claimId: a.id,
      stance: 'asserted',
      status: 'proposed',
    },
  );
  const wpB = await tag(docs.wp, 'Iraq will run the center for the next three months', 'claim', {
    claimId: b.id,
    stance: 'reported',
  });
  const militarySource = await tag(docs.gr, 'a military-diplomatic source', 'source');
  const sources = await tag(docs.gr, 'according to sources', 'source');
  const agencies = await tag(docs.gr, 'Russian news agencies', 'media-outlet');
  const asSpokesman = await tag(docs.as, 'a spokesman', 'source', { entityId: spokesman.id });
  const asAgencies = await tag(docs.as, 'Russian news agencies', 'media-outlet');
  const relate = (fromId: string, toId: string, type: string, attributes?: Record<string, string>) =>
    t.call('relations.create', { fromId, toId, type, ...(attributes ? { attributes } : {}) });
  await relate(grA.id, militarySource.id, 'attributed_to', { stance: 'asserted', cue: 'told' });
  await relate(grA.id, sources.id, 'attributed_to', { stance: 'reported', cue: 'according to' });
  await relate(asA.id, asSpokesman.id, 'attributed_to', { stance: 'asserted', cue: 'said' });
  await relate(militarySource.id, agencies.id, 'cites', { cue: 'told' });
  await relate(agencies.id, asAgencies.id, 'cites');
  await relate(asAgencies.id, militarySource.id, 'cites', { cue: 'quoted' });
  // Not an attribution: never a source in the matrix.
  await relate(wpA.id, wpB.id, 'supports');
  // Entity mentions under several names.
  await tag(docs.gr, 'Islamic State', 'armed-group', { entityId: isis.id });
  await tag(docs.gr, 'IS', 'armed-group', { entityId: isis.id, nth: 0 });
  await tag(docs.wp, 'DAESH', 'armed-group', { entityId: isis.id });
  await tag(docs.wp, 'ISIS', 'armed-group', { entityId: isis.id });
  await tag(docs.wp, 'ISIS', 'armed-group', { entityId: isis.id, nth: 1 });
  await tag(docs.wp, 'ISIS', 'armed-group', { entityId: isis.id, nth: 2 });
  await tag(docs.as, 'Daesh', 'armed-group', { entityId: isis.id });
  return {
    claims: { a, b, c } as Record<'a' | 'b' | 'c', Claim>,
    entities: { spokesman, isis } as Record<'spokesman' | 'isis', Entity>,
    mentions: { grA, asA, wpA, wpA2, wpB },
    sources: { militarySource, sources, agencies, asSpokesman, asAgencies },
  };
}

describe('claims.matrix', () => {
  it('lays out columns by date then title, one row per mentioned claim, one cell per column, with stances and attributed sources', async () => {
    const { claims, entities, mentions, sources } = await corpus();
    await t.call('documents.setReviewed', { id: docs.as.id, reviewed: true });
    const matrix = await t.call('claims.matrix', {});
    // Same day: Arutz Sheva's title sorts first; undated last (Mideast Time's “Create” before War Press's “coordinate”).
    expect(matrix.columns).toEqual(
      [docs.as, docs.gr, docs.upi, docs.mt, docs.wp].map((d) => ({
        documentId: d.id,
        title: d.title,
        outlet: d.outlet,
        publishedAt: d.publishedAt,
        reviewed: d.id === docs.as.id,
      })),
    );
    expect(matrix.rows.map((r) => r.claim)).toEqual([
      { id: claims.a.id, summary: claims.a.summary },
      { id: claims.b.id, summary: claims.b.summary },
    ]);
    const [rowA, rowB] = matrix.rows;
    for (const row of matrix.rows)
      expect(row.cells.map((c) => c.documentId)).toEqual(matrix.columns.map((c) => c.documentId));
    const cell = (documentId: string) => rowA?.cells.find((c) => c.documentId === documentId)?.mentions;
    expect(cell(docs.upi.id)).toEqual([]);
    expect(cell(docs.mt.id)).toEqual([]);
    expect(cell(docs.as.id)).toEqual([
      {
        annotationId: mentions.asA.id,
        quote: mentions.asA.quote,
        stance: 'reported',
        status: 'accepted',
        sources: [
          {
            annotationId: sources.asSpokesman.id,
            quote: 'a spokesman',
            entityId: entities.spokesman.id,
            entityName: 'Saad al-Hadithi',
            stance: 'asserted',
            cue: 'said',
          },
        ],
      },
    ]);
    expect(cell(docs.gr.id)).toEqual([
      {
        annotationId: mentions.grA.id,
        quote: mentions.grA.quote,
        stance: 'reported',
        status: 'accepted',
        sources: [
          {
            annotationId: sources.militarySource.id,
            quote: 'a military-diplomatic source',
            entityId: null,
            entityName: null,
            stance: 'asserted',
            cue: 'told',
          },
          {
            annotationId: sources.sources.id,
            quote: 'according to sources',
            entityId: null,
            entityName: null,
            stance: 'reported',
            cue: 'according to',
          },
        ],
      },
    ]);
    // Two mentions in one cell, in text order, each with its own status; `supports` is no source.
    expect(cell(docs.wp.id)).toEqual([
      { annotationId: mentions.wpA.id, quote: mentions.wpA.quote, stance: 'asserted', status: 'accepted', sources: [] },
      {
        annotationId: mentions.wpA2.id,
        quote: mentions.wpA2.quote,
        stance: 'asserted',
        status: 'proposed',
        sources: [],
      },
    ]);
    // First appearance: the earliest dated document with a mention (same day: the first column).
    expect(rowA?.firstAppearance).toEqual({ documentId: docs.as.id, publishedAt: '2015-09-27' });
    // Claim B is only in an undated document: no first appearance.
    expect(rowB?.firstAppearance).toBeNull();
    expect(rowB?.cells.filter((c) => c.mentions.length).map((c) => c.documentId)).toEqual([docs.wp.id]);
  });

  it('narrows to the documents and claims given: a claim without mentions is a row of empty cells', async () => {
    const { claims } = await corpus();
    const narrow = await t.call('claims.matrix', { documentIds: [docs.wp.id, docs.gr.id, docs.upi.id] });
    expect(narrow.columns.map((c) => c.documentId)).toEqual([docs.gr.id, docs.upi.id, docs.wp.id]);
    expect(narrow.rows.map((r) => r.claim.id)).toEqual([claims.a.id, claims.b.id]);
    expect(narrow.rows[0]?.firstAppearance).toEqual({ documentId: docs.gr.id, publishedAt: '2015-09-27' });
    const onlyUpi = await t.call('claims.matrix', { documentIds: [docs.upi.id] });
    expect(onlyUpi.rows).toEqual([]);
    const chosen = await t.call('claims.matrix', { claimIds: [claims.c.id, claims.b.id] });
    expect(chosen.columns).toHaveLength(5);
    expect(chosen.rows.map((r) => r.claim.id)).toEqual([claims.b.id, claims.c.id]);
    const rowC = chosen.rows[1];
    expect(rowC?.firstAppearance).toBeNull();
    expect(rowC?.cells).toEqual(chosen.columns.map((c) => ({ documentId: c.documentId, mentions: [] })));
    await expectApiError(t.call('claims.matrix', { claimIds: [claims.a.id, 'clm_nope'] }), 'not_found');
    await expectApiError(t.call('claims.matrix', { documentIds: ['doc_nope'] }), 'not_found');
  });

  it('refuses a matrix over its cell cap with too_large, naming the way out', async () => {
    await corpus();
    expect(claimMatrix(t.ws, {}, 10).rows).toHaveLength(2);
    expect(() => claimMatrix(t.ws, {}, 9)).toThrow(
      /^The matrix would have 2 claims × 5 documents, more than 9 cells; choose documents \(documentIds\) or claims \(claimIds\)\.$/,
    );
    expect(MATRIX_MAX_CELLS).toBe(1_000_000);
  });

  it('answers an empty workspace with an empty matrix', async () => {
    const empty = openTestWorkspace({ seed: false });
    try {
      expect(await empty.call('claims.matrix', {})).toEqual({ columns: [], rows: [] });
    } finally {
      empty.dispose();
    }
  });
});

describe('entities.index', () => {
  it('lists each entity with its mentions per document and the names used there, most mentioned first', async () => {
    const { entities } = await corpus();
    const iraq = await t.call('entities.create', { name: 'Iraq', type: 'country' });
    const index = await t.call('entities.index', {});
    expect(index.map((e) => e.entity.name)).toEqual(['Islamic State', 'Saad al-Hadithi', 'Iraq']);
    const [isis, spokesman, country] = index;
    expect(isis).toEqual({
      entity: { id: entities.isis.id, name: 'Islamic State', type: 'group', aliases: ['ISIS', 'IS', 'Daesh', 'DAESH'] },
      mentionCount: 7,
      documents: [
        { documentId: docs.as.id, title: docs.as.title, outlet: 'Arutz Sheva', count: 1, names: ['Daesh'] },
        {
          documentId: docs.gr.id,
          title: docs.gr.title,
          outlet: 'Global Research',
          count: 2,
          names: ['IS', 'Islamic State'],
        },
        {
          documentId: docs.wp.id,
          title: docs.wp.title,
          outlet: 'War Press Info Network',
          count: 4,
          names: ['ISIS', 'DAESH'],
        },
      ],
    });
    // A source annotation linked to a person counts as a mention of that person.
    expect(spokesman).toMatchObject({
      mentionCount: 1,
      documents: [{ documentId: docs.as.id, names: ['a spokesman'] }],
    });
    expect(country).toEqual({
      entity: { id: iraq.id, name: 'Iraq', type: 'country', aliases: [] },
      mentionCount: 0,
      documents: [],
    });
  });

  it('matches a query on names and aliases, case-insensitively and in NFC, and filters by type', async () => {
    await corpus();
    await t.call('entities.create', { name: 'Caf\u00e9 Noir', type: 'organization', aliases: ['Le Caf\u00e9'] });
    const names = async (params: { query?: string; type?: 'group' | 'person' | 'organization' }) =>
      (await t.call('entities.index', params)).map((e) => e.entity.name);
    expect(await names({ query: 'daesh' })).toEqual(['Islamic State']);
    expect(await names({ query: 'HADITHI' })).toEqual(['Saad al-Hadithi']);
    // A decomposed é (e + U+0301) finds the composed one, in the name and in an alias.
    expect(await names({ query: 'CAFE\u0301 n' })).toEqual(['Caf\u00e9 Noir']);
    expect(await names({ query: 'le cafe\u0301' })).toEqual(['Caf\u00e9 Noir']);
    expect(await names({ type: 'person' })).toEqual(['Saad al-Hadithi']);
    expect(await names({ query: 'is', type: 'person' })).toEqual([]);
    expect(await names({ query: 'nobody' })).toEqual([]);
  });

  it('gives one page of the index with limit and offset, each entry in full', async () => {
    await corpus();
    await t.call('entities.create', { name: 'Iraq', type: 'country' });
    await t.call('entities.create', { name: 'Caf\u00e9 Noir', type: 'organization', aliases: ['Le Caf\u00e9'] });
    const all = await t.call('entities.index', {});
    expect(all.length).toBe(4);
    expect(await t.call('entities.index', { limit: 2 })).toEqual(all.slice(0, 2));
    expect(await t.call('entities.index', { limit: 2, offset: 1 })).toEqual(all.slice(1, 3));
    expect(await t.call('entities.index', { offset: 3 })).toEqual(all.slice(3));
    expect(await t.call('entities.index', { offset: 4 })).toEqual([]);
    const groups = await t.call('entities.index', { type: 'group' });
    expect(await t.call('entities.index', { type: 'group', limit: 1 })).toEqual(groups.slice(0, 1));
    expect(await t.call('entities.index', { query: 'caf', limit: 5 })).toEqual(
      all.filter((e) => e.entity.name === 'Caf\u00e9 Noir'),
    );
  });

  it('reads only the entities asked for by id, in the index order, each in full', async () => {
    await corpus();
    await t.call('entities.create', { name: 'Iraq', type: 'country' });
    const all = await t.call('entities.index', {});
    const [first, , third] = all;
    expect(await t.call('entities.index', { ids: [third!.entity.id, first!.entity.id, 'ent_unknown'] })).toEqual([
      first,
      third,
    ]);
    expect(await t.call('entities.index', { ids: [] })).toEqual([]);
    expect(await t.call('entities.index', { ids: [first!.entity.id], type: 'country' })).toEqual(
      first!.entity.type === 'country' ? [first] : [],
    );
  });
});

describe('sources.chains', () => {
  it('follows attributed_to then cites across documents, cutting a cycle and reporting where', async () => {
    const { claims, mentions, sources } = await corpus();
    const chains = await t.call('sources.chains', { claimId: claims.a.id });
    // Mentions in publication order (undated last), then by position.
    expect(chains.map((c) => c.mention.annotationId)).toEqual([
      mentions.asA.id,
      mentions.grA.id,
      mentions.wpA.id,
      mentions.wpA2.id,
    ]);
    const [fromAs, fromGr, fromWp] = chains;
    expect(fromAs).toEqual({
      mention: { annotationId: mentions.asA.id, documentId: docs.as.id, quote: mentions.asA.quote, stance: 'reported' },
      chains: [
        [
          {
            annotationId: sources.asSpokesman.id,
            documentId: docs.as.id,
            quote: 'a spokesman',
            entityId: sources.asSpokesman.entityId,
            entityName: 'Saad al-Hadithi',
            relation: 'attributed_to',
            stance: 'asserted',
            cue: 'said',
          },
        ],
      ],
      cycles: [],
      truncated: false,
    });
    const step = (a: Annotation, relation: 'attributed_to' | 'cites', stance: string | null, cue: string | null) => ({
      annotationId: a.id,
      documentId: a.documentId,
      quote: a.quote,
      entityId: null,
      entityName: null,
      relation,
      stance,
      cue,
    });
    expect(fromGr?.chains).toEqual([
      [
        step(sources.militarySource, 'attributed_to', 'asserted', 'told'),
        step(sources.agencies, 'cites', null, 'told'),
        step(sources.asAgencies, 'cites', null, null),
      ],
      [step(sources.sources, 'attributed_to', 'reported', 'according to')],
    ]);
    // Russian news agencies (Arutz Sheva) cite the military-diplomatic source, already on the path.
    expect(fromGr?.cycles).toEqual([sources.militarySource.id]);
    expect(fromGr?.truncated).toBe(false);
    expect(fromWp).toMatchObject({ chains: [], cycles: [] });
  });

  it('answers for one annotation, and refuses an unknown claim or annotation and params naming both or neither', async () => {
    const { mentions, sources } = await corpus();
    const one = await t.call('sources.chains', { annotationId: mentions.grA.id });
    expect(one).toHaveLength(1);
    expect(one[0]?.chains.map((c) => c.map((s) => s.annotationId))).toEqual([
      [sources.militarySource.id, sources.agencies.id, sources.asAgencies.id],
      [sources.sources.id],
    ]);
    // From a source, there is nothing attributed: no chains.
    expect((await t.call('sources.chains', { annotationId: sources.agencies.id }))[0]?.chains).toEqual([]);
    await expectApiError(t.call('sources.chains', { claimId: 'clm_nope' }), 'not_found');
    await expectApiError(t.call('sources.chains', { annotationId: 'ann_nope' }), 'not_found');
    const both = await expectApiError(t.call('sources.chains', { claimId: 'x', annotationId: 'y' }), 'invalid_params');
    expect(both.message).toMatch(/give exactly one of claimId .* or annotationId/);
    await expectApiError(t.call('sources.chains', {}), 'invalid_params');
  });

  it('cuts a chain at 20 steps and says so', async () => {
    const claim = await t.call('claims.create', { summary: 'A long chain' });
    const mention = await tag(docs.upi, 'Iraq will share intelligence', 'claim', { claimId: claim.id });
    const hops: Annotation[] = [];
    for (let i = 0; i < 25; i++) {
      const at = { start: 400 + i * 4, end: 402 + i * 4 };
      hops.push(await t.call('annotations.create', { documentId: docs.upi.id, labelId: 'source', fragments: [at] }));
    }
    await t.call('relations.create', { fromId: mention.id, toId: hops[0]?.id as string, type: 'attributed_to' });
    for (let i = 0; i + 1 < hops.length; i++) {
      await t.call('relations.create', {
        fromId: hops[i]?.id as string,
        toId: hops[i + 1]?.id as string,
        type: 'cites',
      });
    }
    const [result] = await t.call('sources.chains', { claimId: claim.id });
    expect(result?.chains).toHaveLength(1);
    expect(result?.chains[0]).toHaveLength(20);
    expect(result?.truncated).toBe(true);
  });
});

describe('statements and query plans', () => {
  type Call = { sql: string; args: unknown[] };

  /** Runs `fn` and answers every statement it executed, with its bound arguments. */
  function statementsOf(fn: () => unknown): Call[] {
    const proto = Object.getPrototypeOf(t.ws.db.prepare('SELECT 1')) as Record<string, unknown>;
    const calls: Call[] = [];
    const originals = new Map<string, unknown>();
    for (const name of ['all', 'get', 'run', 'iterate']) {
      const original = proto[name] as (...args: unknown[]) => unknown;
      originals.set(name, original);
      proto[name] = function (this: { source: string }, ...args: unknown[]) {
        calls.push({ sql: this.source, args });
        return original.apply(this, args);
      };
    }
    try {
      fn();
    } finally {
      for (const [name, original] of originals) proto[name] = original;
    }
    return calls;
  }

  /** Adds `n` more claims, each mentioned in two documents and attributed to a cited source. */
  async function grow(n: number): Promise<void> {
    const at = (doc: Document, labelId: string, start: number, link: { claimId?: string; entityId?: string }) =>
      t.call('annotations.create', { documentId: doc.id, labelId, fragments: [{ start, end: start + 5 }], ...link });
    for (let i = 0; i < n; i++) {
      const claim = await t.call('claims.create', { summary: `Claim ${i}` });
      const entity = await t.call('entities.create', { name: `Entity ${i}`, type: 'other' });
      for (const doc of [docs.upi, docs.mt]) {
        const mention = await at(doc, 'claim', 300 + i * 20, { claimId: claim.id });
        const source = await at(doc, 'source', 306 + i * 20, { entityId: entity.id });
        const cited = await at(doc, 'source', 312 + i * 20, {});
        await t.call('relations.create', { fromId: mention.id, toId: source.id, type: 'attributed_to' });
        await t.call('relations.create', { fromId: source.id, toId: cited.id, type: 'cites' });
      }
    }
  }

  it('each read runs the same few statements whatever the size of the corpus', async () => {
    const { claims } = await corpus();
    const reads = (): Array<[string, () => unknown]> => {
      const claimIds = [claims.a.id, claims.b.id];
      return [
        ['claims.matrix {}', () => t.dispatcher.dispatch('claims.matrix', {})],
        ['claims.matrix {claimIds}', () => t.dispatcher.dispatch('claims.matrix', { claimIds })],
        ['entities.index {}', () => t.dispatcher.dispatch('entities.index', {})],
        ['entities.index {query}', () => t.dispatcher.dispatch('entities.index', { query: 'e' })],
        ['sources.chains', () => t.dispatcher.dispatch('sources.chains', { claimId: claims.a.id })],
      ];
    };
    const count = (fn: () => unknown) => statementsOf(fn).length;
    const small = reads().map(([name, fn]) => [name, count(fn)] as const);
    await grow(6);
    const large = reads().map(([name, fn]) => [name, count(fn)] as const);
    expect(large).toEqual(small);
    for (const [name, n] of small) expect(n, name).toBeLessThanOrEqual(4);
  });

  it('every statement of a narrowed read is driven by an index: no table is scanned', async () => {
    const { claims, mentions } = await corpus();
    await grow(2);
    const { calls } = {
      calls: [
        ...statementsOf(() => t.dispatcher.dispatch('claims.matrix', { documentIds: [docs.gr.id, docs.wp.id] })),
        ...statementsOf(() => t.dispatcher.dispatch('claims.matrix', { claimIds: [claims.a.id] })),
        ...statementsOf(() => t.dispatcher.dispatch('entities.index', { query: 'islamic' })),
        ...statementsOf(() => t.dispatcher.dispatch('entities.index', {})),
        ...statementsOf(() => t.dispatcher.dispatch('sources.chains', { claimId: claims.a.id })),
        ...statementsOf(() => t.dispatcher.dispatch('sources.chains', { annotationId: mentions.grA.id })),
      ],
    };
    expect(calls.length).toBeGreaterThan(10);
    for (const { sql, args } of calls) {
      const plan = (t.ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as [])) as Array<{ detail: string }>).map(
        (p) => p.detail,
      );
      // The big tables (by name or by the aliases the reads give them) are searched, or read from an
      // index alone; the entity table is listed whole (the index lists every entity), CTEs are small.
      const scans = plan.filter(
        (d) =>
          /^SCAN (annotation|relation|document|claim|a|b|c|d|r)( |$)/.test(d) && !/USING (COVERING )?INDEX/.test(d),
      );
      expect(scans, `${sql}\n${plan.join('\n')}`).toEqual([]);
    }
  });
});
