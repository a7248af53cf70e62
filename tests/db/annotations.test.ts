/**
 * Annotations, entities, claims, relations, notes and labels through the API, on fresh seeded
 * workspaces: validation with stable codes (and nothing written on error), cross-document
 * links, merges as one undoable step, history across restarts, authorship and change events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import type { Document } from '../../common/domain.js';
import { expectApiError, find, openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let rt: Document;
let arutz: Document;

beforeEach(async () => {
  t = openTestWorkspace();
  const docs = await t.call('documents.list', {});
  rt = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'Global Research')!.id });
  arutz = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'Arutz Sheva')!.id });
});
afterEach(() => t.dispose());

async function countRows(): Promise<number> {
  const s = await t.call('workspace.stats', {});
  return s.annotations + s.entities + s.claims + s.relations + s.historyEntries;
}

describe('annotations', () => {
  it('creates an annotation with quote, context, default stance, author and status', async () => {
    const range = find(rt, 'Iraq will run the center for the next three months');
    const a = await t.call('annotations.create', { documentId: rt.id, labelId: 'claim', fragments: [range] });
    expect(a).toMatchObject({
      documentId: rt.id,
      labelId: 'claim',
      fragments: [range],
      quote: 'Iraq will run the center for the next three months',
      attributes: { stance: 'asserted' },
      status: 'accepted',
      author: (await t.call('settings.get', {})).analyst,
    });
    expect(rt.text.slice(range.start - a.prefix.length, range.start)).toBe(a.prefix);
    expect(a.prefix).toHaveLength(32);
    expect(a.prefix.endsWith('s. According to the source, ')).toBe(true);
    expect(rt.text.slice(range.end, range.end + a.suffix.length)).toBe(a.suffix);
    expect(await t.call('annotations.get', { id: a.id })).toEqual(a);
    const docs = await t.call('documents.list', {});
    expect(docs.find((d) => d.id === rt.id)!.counts).toEqual({ claims: 1, sources: 0, entities: 0, annotations: 1 });
  });

  it('stores discontinuous fragments sorted, with a joined quote', async () => {
    const a = await t.call('annotations.create', {
      documentId: arutz.id,
      labelId: 'person',
      fragments: [find(arutz, 'al-Hadithi'), find(arutz, 'Saad')],
    });
    expect(a.fragments).toEqual([find(arutz, 'Saad'), find(arutz, 'al-Hadithi')]);
    expect(a.quote).toBe('Saad … al-Hadithi');
  });

  it.each([
    ['an unknown document', { documentId: 'doc_nope' }, 'not_found'],
    ['an unknown label', { labelId: 'nope' }, 'not_found'],
    ['an empty fragment', { fragments: [{ start: 5, end: 5 }] }, 'invalid_range'],
    ['a fragment past the end', { fragments: [{ start: 0, end: 10_000_000 }] }, 'invalid_range'],
    [
      'overlapping fragments',
      {
        fragments: [
          { start: 0, end: 10 },
          { start: 5, end: 12 },
        ],
      },
      'invalid_range',
    ],
    ['negative offsets', { fragments: [{ start: -1, end: 3 }] }, 'invalid_params'],
    ['fractional offsets', { fragments: [{ start: 1.5, end: 3 }] }, 'invalid_params'],
    ['no fragments', { fragments: [] }, 'invalid_params'],
    ['an unknown key', { colour: 'red' }, 'invalid_params'],
    ['a stance that does not exist', { attributes: { stance: 'shouted' } }, 'invalid_params'],
    ['an attribute the label lacks', { attributes: { mood: 'x' } }, 'invalid_params'],
    ['an unknown status', { status: 'maybe' }, 'invalid_params'],
    ['an unknown claim', { claimId: 'clm_nope' }, 'not_found'],
    ['an entity link on a claim', { entityId: 'ent_x' }, 'invalid_params'],
  ])('refuses %s, writing nothing', async (_what, override, code) => {
    const before = await countRows();
    const params = { documentId: rt.id, labelId: 'claim', fragments: [{ start: 0, end: 6 }], ...override };
    await expectApiError(t.call('annotations.create', params as never), code);
    expect(await countRows()).toBe(before);
  });

  it('updates label, stance, note and status; a new label drops links and attributes it cannot carry', async () => {
    const claim = await t.call('claims.create', { summary: 'Iraq runs the centre first' });
    const a = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'claim',
      fragments: [find(rt, 'Iraq will run the center')],
      claimId: claim.id,
    });
    const updated = await t.call('annotations.update', {
      id: a.id,
      attributes: { stance: 'reported' },
      note: 'attributed to the source',
      status: 'proposed',
    });
    expect(updated).toMatchObject({
      attributes: { stance: 'reported' },
      note: 'attributed to the source',
      status: 'proposed',
    });
    expect(updated.updatedAt >= a.updatedAt).toBe(true);
    const relabelled = await t.call('annotations.update', { id: a.id, labelId: 'country' });
    expect(relabelled).toMatchObject({ labelId: 'country', attributes: {}, claimId: null });
  });

  it('deletes an annotation with its relations, and undo restores both', async () => {
    const claim = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'claim',
      fragments: [find(rt, 'Iraq will run the center')],
    });
    const source = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'source',
      fragments: [find(rt, 'a military-diplomatic source')],
    });
    const relation = await t.call('relations.create', { fromId: claim.id, toId: source.id, type: 'attributed_to' });
    await t.call('annotations.delete', { id: source.id });
    expect(await t.call('relations.list', { annotationId: claim.id })).toEqual([]);
    await expectApiError(t.call('annotations.get', { id: source.id }), 'not_found');
    await t.call('history.undo', {});
    expect(await t.call('relations.list', { annotationId: claim.id })).toEqual([relation]);
    expect(await t.call('annotations.get', { id: source.id })).toEqual(source);
  });

  it('lists annotations of a document in text order, with filters', async () => {
    const later = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'country',
      fragments: [find(rt, 'Syria', 3)],
    });
    const earlier = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'country',
      fragments: [find(rt, 'Iraq', 1)],
    });
    await t.call('annotations.create', { documentId: arutz.id, labelId: 'country', fragments: [find(arutz, 'Iraq')] });
    expect((await t.call('annotations.list', { documentId: rt.id })).map((a) => a.id)).toEqual([earlier.id, later.id]);
    expect(await t.call('annotations.list', { labelId: 'country' })).toHaveLength(3);
    expect(await t.call('annotations.list', { documentId: rt.id, limit: 1, offset: 1 })).toEqual([later]);
  });
});

describe('entities across documents', () => {
  it('links mentions in several documents, lists them, and finds the entity by any alias', async () => {
    const isis = await t.call('entities.create', {
      name: 'Islamic State',
      type: 'group',
      aliases: ['ISIS', 'IS', 'ISIL'],
    });
    const inRt = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'armed-group',
      fragments: [find(rt, 'Daesh')],
      entityId: isis.id,
    });
    const inArutz = await t.call('annotations.create', {
      documentId: arutz.id,
      labelId: 'armed-group',
      fragments: [find(arutz, 'ISIS')],
      entityId: isis.id,
    });
    const mentions = await t.call('entities.mentions', { id: isis.id });
    expect(mentions.map((m) => [m.id, m.documentTitle])).toEqual([
      [inArutz.id, arutz.title],
      [inRt.id, rt.title],
    ]);
    expect((await t.call('entities.list', { query: 'isil' })).map((e) => e.id)).toEqual([isis.id]);
    expect((await t.call('entities.list', { query: 'ISIS' }))[0]).toMatchObject({ id: isis.id, mentionCount: 2 });
    expect(await t.call('entities.list', { type: 'person' })).toEqual([]);
  });

  it('merges two entities in one undoable step, keeping both names as aliases', async () => {
    const isis = await t.call('entities.create', { name: 'ISIS', type: 'group', aliases: ['ISIL'] });
    const daesh = await t.call('entities.create', { name: 'Daesh', type: 'group', aliases: ['DAESH', 'ISIL'] });
    const a1 = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'armed-group',
      fragments: [find(rt, 'Daesh')],
      entityId: daesh.id,
    });
    const a2 = await t.call('annotations.create', {
      documentId: arutz.id,
      labelId: 'armed-group',
      fragments: [find(arutz, 'ISIS')],
      entityId: isis.id,
    });
    const merged = await t.call('entities.merge', { targetId: isis.id, sourceId: daesh.id });
    expect(merged).toMatchObject({ id: isis.id, name: 'ISIS', aliases: ['ISIL', 'Daesh', 'DAESH'], mentionCount: 2 });
    expect((await t.call('annotations.get', { id: a1.id })).entityId).toBe(isis.id);
    await expectApiError(t.call('entities.mentions', { id: daesh.id }), 'not_found');
    const history = await t.call('history.list', { limit: 1 });
    expect(history[0]).toMatchObject({ method: 'entities.merge', state: 'done' });
    await t.call('history.undo', {});
    expect((await t.call('annotations.get', { id: a1.id })).entityId).toBe(daesh.id);
    expect((await t.call('annotations.get', { id: a2.id })).entityId).toBe(isis.id);
    expect(await t.call('entities.list', {})).toHaveLength(2);
    expect((await t.call('entities.mentions', { id: daesh.id })).map((m) => m.id)).toEqual([a1.id]);
  });

  it('refuses to merge an entity into itself', async () => {
    const e = await t.call('entities.create', { name: 'Iraq', type: 'country' });
    await expectApiError(t.call('entities.merge', { targetId: e.id, sourceId: e.id }), 'invalid_params');
  });

  it('deleting an entity keeps its mentions, unlinked', async () => {
    const e = await t.call('entities.create', { name: 'Iraq', type: 'country' });
    const a = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'country',
      fragments: [find(rt, 'Iraq')],
      entityId: e.id,
    });
    await t.call('entities.delete', { id: e.id });
    expect((await t.call('annotations.get', { id: a.id })).entityId).toBeNull();
  });

  it('updates names and aliases without duplicating the name', async () => {
    const e = await t.call('entities.create', {
      name: 'Iraq',
      type: 'country',
      aliases: ['Iraq', 'Republic of Iraq', ' '].filter((s) => s.trim()),
    });
    expect(e.aliases).toEqual(['Republic of Iraq']);
    const u = await t.call('entities.update', {
      id: e.id,
      aliases: ['Republic of Iraq', 'Baghdad government'],
      externalId: 'Q796',
    });
    expect(u).toMatchObject({ aliases: ['Republic of Iraq', 'Baghdad government'], externalId: 'Q796' });
  });
});

describe('claims across outlets', () => {
  it('carries one claim in several outlets, each with its own stance', async () => {
    const claim = await t.call('claims.create', { summary: 'Russia is building a military base in Latakia' });
    await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'claim',
      fragments: [find(rt, 'Russia is sending warplanes and tanks to Syria and building a military base in Latakia')],
      claimId: claim.id,
      attributes: { stance: 'reported' },
    });
    const upi = (await t.call('documents.list', {})).find((d) => d.outlet === 'UPI')!;
    const upiDoc = await t.call('documents.get', { id: upi.id });
    await t.call('annotations.create', {
      documentId: upi.id,
      labelId: 'claim',
      fragments: [find(upiDoc, "an air base in western Syria's Latakia province")],
      claimId: claim.id,
      attributes: { stance: 'asserted' },
    });
    const mentions = await t.call('claims.mentions', { id: claim.id });
    expect(mentions.map((m) => [m.documentOutlet, m.attributes.stance])).toEqual([
      ['Global Research', 'reported'],
      ['UPI', 'asserted'],
    ]);
    expect((await t.call('claims.list', { query: 'latakia' }))[0]).toMatchObject({ id: claim.id, mentionCount: 2 });
  });

  it('merges claims', async () => {
    const a = await t.call('claims.create', { summary: 'A' });
    const b = await t.call('claims.create', { summary: 'B' });
    const ann = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'claim',
      fragments: [{ start: 0, end: 6 }],
      claimId: b.id,
    });
    await t.call('claims.merge', { targetId: a.id, sourceId: b.id });
    expect((await t.call('annotations.get', { id: ann.id })).claimId).toBe(a.id);
    expect(await t.call('claims.list', {})).toHaveLength(1);
  });
});

describe('relations', () => {
  it('links a claim to a source in another document and refuses duplicates and self-links', async () => {
    const claim = await t.call('annotations.create', {
      documentId: arutz.id,
      labelId: 'claim',
      fragments: [find(arutz, 'Iraq taking the lead for the first three months')],
    });
    const source = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'source',
      fragments: [find(rt, 'a military-diplomatic source')],
    });
    const r = await t.call('relations.create', { fromId: claim.id, toId: source.id, type: 'attributed_to' });
    expect(r).toMatchObject({ fromId: claim.id, toId: source.id, type: 'attributed_to' });
    expect(await t.call('relations.list', { documentId: rt.id })).toEqual([r]);
    expect(await t.call('relations.list', { documentId: arutz.id })).toEqual([r]);
    await expectApiError(
      t.call('relations.create', { fromId: claim.id, toId: source.id, type: 'attributed_to' }),
      'conflict',
    );
    await expectApiError(
      t.call('relations.create', { fromId: claim.id, toId: claim.id, type: 'cites' }),
      'invalid_params',
    );
    await expectApiError(
      t.call('relations.create', { fromId: claim.id, toId: source.id, type: 'Attributed To' }),
      'invalid_params',
    );
    await t.call('relations.delete', { id: r.id });
    expect(await t.call('relations.list', {})).toEqual([]);
  });
});

describe('labels', () => {
  it('has the default tagset with keys and the stance attribute', async () => {
    const labels = await t.call('labels.list', {});
    expect(labels.map((l) => [l.name, l.kind, l.key])).toEqual([
      ['Claim', 'claim', 'c'],
      ['Source', 'source', 's'],
      ['Person', 'entity', 'p'],
      ['Organization', 'entity', 'o'],
      ['Country', 'entity', 'g'],
      ['Place', 'entity', 'l'],
      ['Armed group', 'entity', 'a'],
      ['Media outlet', 'entity', 'm'],
    ]);
    expect(labels[0]!.attributes).toEqual([
      { name: 'stance', values: ['asserted', 'reported', 'denied', 'questioned'], default: 'asserted' },
    ]);
  });

  it('creates, updates and deletes labels; names and keys are unique; used labels stay', async () => {
    const label = await t.call('labels.create', { name: 'Date', kind: 'entity', subtype: 'date', key: 'd' });
    expect(label).toMatchObject({ id: 'date', name: 'Date', key: 'd', position: 8 });
    await expectApiError(t.call('labels.create', { name: 'date', kind: 'entity' }), 'conflict');
    await expectApiError(t.call('labels.create', { name: 'Other', kind: 'entity', key: 'c' }), 'conflict');
    expect(await t.call('labels.update', { id: label.id, color: '#123456', key: null })).toMatchObject({
      color: '#123456',
      key: null,
    });
    await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'date',
      fragments: [find(rt, 'September 27, 2015')],
    });
    await expectApiError(t.call('labels.delete', { id: 'date' }), 'conflict');
    await expectApiError(t.call('labels.delete', { id: 'nope' }), 'not_found');
  });
});

describe('history', () => {
  it('undoes and redoes in order, and a new change discards the redo stack', async () => {
    const a = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'country',
      fragments: [find(rt, 'Iraq')],
    });
    const b = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'country',
      fragments: [find(rt, 'Syria')],
    });
    await t.call('history.undo', {});
    await t.call('history.undo', {});
    expect(await t.call('annotations.list', { documentId: rt.id })).toEqual([]);
    await t.call('history.redo', {});
    expect((await t.call('annotations.list', { documentId: rt.id })).map((x) => x.id)).toEqual([a.id]);
    await t.call('annotations.create', { documentId: rt.id, labelId: 'country', fragments: [find(rt, 'Iran')] });
    await expectApiError(t.call('history.redo', {}), 'nothing_to_redo');
    expect((await t.call('annotations.list', { documentId: rt.id })).map((x) => x.id)).not.toContain(b.id);
  });

  it('works across a restart, and never undoes the seed corpus', async () => {
    const a = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'country',
      fragments: [find(rt, 'Iraq')],
    });
    t = t.reopen();
    expect(await t.call('annotations.get', { id: a.id })).toEqual(a);
    const undone = await t.call('history.undo', {});
    expect(undone.entry).toMatchObject({ method: 'annotations.create', state: 'undone' });
    t = t.reopen();
    await expectApiError(t.call('annotations.get', { id: a.id }), 'not_found');
    await t.call('history.redo', {});
    expect(await t.call('annotations.get', { id: a.id })).toEqual(a);
    await t.call('history.undo', {});
    await expectApiError(t.call('history.undo', {}), 'nothing_to_undo');
    expect(await t.call('documents.list', {})).toHaveLength(5);
  });

  it('logs who did what when, undo and redo included', async () => {
    await t.call('settings.set', { key: 'analyst', value: 'Ada' });
    await t.call('annotations.create', { documentId: rt.id, labelId: 'country', fragments: [find(rt, 'Iraq')] });
    await t.call('settings.set', { key: 'analyst', value: 'Grace' });
    // Grace has nothing of her own to undo: Ada's change takes an explicit choice.
    const refused = await expectApiError(t.call('history.undo', {}), 'conflict');
    expect(refused.details).toMatchObject({ reason: 'not_own', analyst: 'Ada', yours: false });
    await t.call('history.undo', { entryId: refused.details!.entryId as number });
    const log = await t.call('history.list', { limit: 2 });
    expect(log.map((e) => [e.method, e.author, e.state])).toEqual([
      ['history.undo', 'Grace', 'audit'],
      ['annotations.create', 'Ada', 'undone'],
    ]);
    expect(log[0]!.targetId).toBe(log[1]!.id);
    expect(log[1]!.summary).toBe('Tagged “Iraq” as Country');
    expect(Date.parse(log[0]!.at)).toBeGreaterThan(0);
  });
});

describe('change events', () => {
  it('emits what changed after each committed mutation, and nothing for a refused one', async () => {
    const events: EventMessage[] = [];
    t.dispatcher.subscribe((m) => events.push(m));
    const a = await t.call('annotations.create', {
      documentId: rt.id,
      labelId: 'country',
      fragments: [find(rt, 'Iraq')],
    });
    await expectApiError(
      t.call('annotations.create', { documentId: rt.id, labelId: 'nope', fragments: [{ start: 0, end: 1 }] }),
      'not_found',
    );
    await t.call('history.undo', {});
    expect(events.map((e) => (e.event === 'changed' ? [e.data.method, e.data.records] : null))).toEqual([
      ['annotations.create', [{ kind: 'annotation', id: a.id, change: 'created', documentIds: [rt.id] }]],
      ['history.undo', [{ kind: 'annotation', id: a.id, change: 'deleted', documentIds: [rt.id] }]],
    ]);
  });
});

describe('settings and notes', () => {
  it('defaults the analyst to the OS user and validates values', async () => {
    const settings = await t.call('settings.get', {});
    expect(typeof settings.analyst).toBe('string');
    expect(settings).toMatchObject({ theme: 'system', wordSnapping: true });
    await expectApiError(t.call('settings.set', { key: 'theme', value: 'purple' }), 'invalid_params');
    await expectApiError(t.call('settings.set', { key: 'analyst', value: '' }), 'invalid_params');
    expect(await t.call('settings.set', { key: 'theme', value: 'dark' })).toMatchObject({ theme: 'dark' });
  });

  it('keeps notes about any target', async () => {
    const n = await t.call('notes.create', { targetId: rt.id, body: 'Republished from RT' });
    expect(await t.call('notes.list', { targetId: rt.id })).toEqual([n]);
    const u = await t.call('notes.update', { id: n.id, body: 'Republished from RT (26 Sep)' });
    expect(u.body).toBe('Republished from RT (26 Sep)');
    await t.call('notes.delete', { id: n.id });
    expect(await t.call('notes.list', {})).toEqual([]);
  });
});
