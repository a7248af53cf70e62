/**
 * Moving one mention off to a new entity (`entities.splitMention`): the new entity is named by
 * the quote and typed like the old one, only that mention moves, and one undo puts everything
 * back.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { expectApiError, openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
beforeEach(() => {
  t = openTestWorkspace({ seed: false });
});
afterEach(() => t.dispose());

async function twoMentions() {
  const [doc] = (
    await t.call('documents.import', {
      sources: [{ name: 'a.txt', content: 'Daesh claimed the attack; the Islamic  State denied it.' }],
    })
  ).imported;
  const entity = await t.call('entities.create', { name: 'Islamic State', type: 'group', aliases: ['ISIS'] });
  const daesh = await t.call('annotations.create', {
    documentId: doc!.id,
    labelId: 'armed-group',
    fragments: [{ start: 0, end: 5 }],
    entityId: entity.id,
  });
  const start = 'Daesh claimed the attack; the '.length;
  const state = await t.call('annotations.create', {
    documentId: doc!.id,
    labelId: 'armed-group',
    fragments: [{ start, end: start + 'Islamic  State'.length }],
    entityId: entity.id,
  });
  return { entity, daesh, state };
}

it('moves one mention to a new entity named by its quote, of the same type, in one undoable step', async () => {
  const { entity, daesh, state } = await twoMentions();
  const created = await t.call('entities.splitMention', { annotationId: state.id });
  expect(created).toMatchObject({ name: 'Islamic State', type: 'group', aliases: [], mentionCount: 1 });
  expect((await t.call('annotations.list', { entityId: created.id })).map((a) => a.id)).toEqual([state.id]);
  expect((await t.call('annotations.list', { entityId: entity.id })).map((a) => a.id)).toEqual([daesh.id]);

  await t.call('history.undo', {});
  expect(await t.call('entities.list', {})).toMatchObject([{ id: entity.id, mentionCount: 2 }]);
  expect((await t.call('annotations.list', { entityId: entity.id })).map((a) => a.id)).toEqual([daesh.id, state.id]);
});

it('takes the name it is given, and types an unlinked mention as other', async () => {
  const { daesh } = await twoMentions();
  await t.call('annotations.update', { id: daesh.id, entityId: null });
  const created = await t.call('entities.splitMention', { annotationId: daesh.id, name: 'Daesh (the group)' });
  expect(created).toMatchObject({ name: 'Daesh (the group)', type: 'other', mentionCount: 1 });
});

it('refuses a claim annotation and a missing one, writing nothing', async () => {
  const [doc] = (await t.call('documents.import', { sources: [{ name: 'b.txt', content: 'Iraq will lead.' }] }))
    .imported;
  const claim = await t.call('annotations.create', {
    documentId: doc!.id,
    labelId: 'claim',
    fragments: [{ start: 0, end: 15 }],
  });
  const before = await t.call('workspace.stats', {});
  await expectApiError(t.call('entities.splitMention', { annotationId: claim.id }), 'invalid_params');
  await expectApiError(t.call('entities.splitMention', { annotationId: 'nope' }), 'not_found');
  expect(await t.call('workspace.stats', {})).toEqual(before);
});
