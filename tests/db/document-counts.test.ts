/**
 * The counts the document list (and `triangulate docs`) show per document: claims and sources
 * are annotations; entities are the distinct entities the document mentions (linked ones once,
 * each unlinked name once per label), never the number of mentions; rejected ones left out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Document } from '../../common/domain.js';
import { find, openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let arutz: Document;

beforeEach(async () => {
  t = openTestWorkspace();
  const docs = await t.call('documents.list', {});
  arutz = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'Arutz Sheva')!.id });
});
afterEach(() => t.dispose());

async function countsOf(id: string) {
  const listed = (await t.call('documents.list', {})).find((d) => d.id === id)!.counts;
  // One document read alone counts the same.
  expect((await t.call('documents.get', { id })).counts).toEqual(listed);
  return listed;
}

function tag(labelId: string, needle: string, nth = 0, extra: { entityId?: string; status?: 'rejected' } = {}) {
  return t.call('annotations.create', {
    documentId: arutz.id,
    labelId,
    fragments: [find(arutz, needle, nth)],
    ...extra,
  });
}

describe('document counts', () => {
  it('counts an entity mentioned three times, linked, as one entity', async () => {
    const iraq = await t.call('entities.create', { name: 'Iraq', type: 'country' });
    for (const nth of [0, 1, 2]) await tag('country', 'Iraq', nth, { entityId: iraq.id });
    expect(await countsOf(arutz.id)).toEqual({ claims: 0, sources: 0, entities: 1, annotations: 3 });
  });

  it('counts two linked entities as two, whatever the names they go by', async () => {
    const isis = await t.call('entities.create', { name: 'Islamic State', type: 'group', aliases: ['ISIS', 'Daesh'] });
    const russia = await t.call('entities.create', { name: 'Russia', type: 'country' });
    await tag('armed-group', 'ISIS', 0, { entityId: isis.id });
    await tag('armed-group', 'Daesh', 0, { entityId: isis.id });
    await tag('country', 'Russia', 0, { entityId: russia.id });
    expect((await countsOf(arutz.id)).entities).toBe(2);
  });

  it('counts an unlinked name once per label, case aside, and each other unlinked name on its own', async () => {
    await tag('country', 'Iraq', 0);
    await tag('country', 'Iraq', 1);
    await tag('country', 'Syria', 0);
    await tag('place', 'Baghdad', 0);
    expect(await countsOf(arutz.id)).toEqual({ claims: 0, sources: 0, entities: 3, annotations: 4 });
  });

  it('counts an entity a source is linked to, and leaves rejected annotations out', async () => {
    const afp = await t.call('entities.create', { name: 'AFP', type: 'outlet' });
    await tag('source', 'AFP', 0, { entityId: afp.id });
    await tag('media-outlet', 'AFP', 1, { entityId: afp.id });
    await tag('country', 'Syria', 0, { status: 'rejected' });
    await tag('claim', 'Iraq, Russia, Iran and Syria have agreed');
    expect(await countsOf(arutz.id)).toEqual({ claims: 1, sources: 1, entities: 1, annotations: 3 });
  });

  it('folds the case of an unlinked name: “Iraq” and “IRAQ” are one entity', async () => {
    const { imported } = await t.call('documents.import', {
      sources: [{ name: 'caps.txt', content: 'Caps\n\nIRAQ SAYS: Iraq will lead, iraq said.\n' }],
    });
    const doc = await t.call('documents.get', { id: imported[0]!.id });
    for (const needle of ['IRAQ', 'Iraq', 'iraq']) {
      await t.call('annotations.create', { documentId: doc.id, labelId: 'country', fragments: [find(doc, needle)] });
    }
    expect((await countsOf(doc.id)).entities).toBe(1);
  });
});
