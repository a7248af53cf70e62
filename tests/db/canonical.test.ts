/**
 * Entities and claims share one implementation of what a canonical record is (db/canonical.ts),
 * and with it one set of delete rules: a deleted record takes its notes with it (as a deleted
 * annotation or document does), a merged record's notes move to the target, and undo brings
 * every row back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectApiError, openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
beforeEach(() => {
  t = openTestWorkspace({ seed: false });
});
afterEach(() => t.dispose());

const kinds = [
  {
    kind: 'entity',
    create: () => t.call('entities.create', { name: 'Islamic State', type: 'group' }),
    remove: (id: string) => t.call('entities.delete', { id }),
    merge: (targetId: string, sourceId: string) => t.call('entities.merge', { targetId, sourceId }),
  },
  {
    kind: 'claim',
    create: () => t.call('claims.create', { summary: 'Iraq will run the centre first' }),
    remove: (id: string) => t.call('claims.delete', { id }),
    merge: (targetId: string, sourceId: string) => t.call('claims.merge', { targetId, sourceId }),
  },
] as const;

describe.each(kinds)('a canonical $kind', ({ create, remove, merge }) => {
  it('takes its notes with it when deleted, and undo brings both back', async () => {
    const record = await create();
    const note = await t.call('notes.create', { targetId: record.id, body: 'Check against the Reuters wire.' });
    await remove(record.id);
    expect(await t.call('notes.list', { targetId: record.id })).toEqual([]);
    await t.call('history.undo', {});
    expect((await t.call('notes.list', { targetId: record.id })).map((n) => n.id)).toEqual([note.id]);
  });

  it('hands its notes to the record it is merged into', async () => {
    const target = await create();
    const source = await create();
    const note = await t.call('notes.create', { targetId: source.id, body: 'Same as the other one.' });
    await merge(target.id, source.id);
    expect((await t.call('notes.list', { targetId: target.id })).map((n) => n.id)).toEqual([note.id]);
    expect(await t.call('notes.list', { targetId: source.id })).toEqual([]);
  });

  it('refuses to merge into itself and to delete what does not exist, writing nothing', async () => {
    const record = await create();
    const before = await t.call('workspace.stats', {});
    await expectApiError(merge(record.id, record.id), 'invalid_params');
    await expectApiError(remove('nope'), 'not_found');
    expect(await t.call('workspace.stats', {})).toEqual(before);
  });
});

it('no note outlives its target: documents, annotations, entities and claims alike', async () => {
  const [doc] = (
    await t.call('documents.import', { sources: [{ name: 'a.txt', content: 'Daesh claimed the attack.' }] })
  ).imported;
  const annotation = await t.call('annotations.create', {
    documentId: doc!.id,
    labelId: 'armed-group',
    fragments: [{ start: 0, end: 5 }],
  });
  const entity = await t.call('entities.create', { name: 'Daesh', type: 'group' });
  const claim = await t.call('claims.create', { summary: 'Daesh claimed the attack' });
  for (const targetId of [doc!.id, annotation.id, entity.id, claim.id]) {
    await t.call('notes.create', { targetId, body: 'note' });
  }
  await t.call('entities.delete', { id: entity.id });
  await t.call('claims.delete', { id: claim.id });
  await t.call('documents.delete', { id: doc!.id });
  expect(await t.call('notes.list', {})).toEqual([]);
});
