/**
 * `documents.update`: a document's title, outlet, date and author change as one undoable step,
 * through the dispatcher's validation; the text, the id and every annotation stay; search finds
 * the new title.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../common/errors.js';
import type { Document } from '../../common/domain.js';
import { createSession } from '../../db/workspace.js';
import { openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let doc: Document;

beforeEach(async () => {
  t = openTestWorkspace();
  const docs = await t.call('documents.list', {});
  doc = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'Mideast Time')!.id });
});
afterEach(() => t.dispose());

async function refused(params: Record<string, unknown>): Promise<ApiError> {
  try {
    await t.call('documents.update', params as never);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('documents.update', () => {
  it('changes the details, keeps the text and the annotations, and undoes in one step', async () => {
    const tag = await t.call('annotations.create', {
      documentId: doc.id,
      labelId: 'country',
      fragments: [{ start: doc.text.indexOf('Iran'), end: doc.text.indexOf('Iran') + 4 }],
    });
    const summary = await t.call('documents.update', {
      id: doc.id,
      title: '  Russia, Syria, Iran and Iraq set up an intelligence alliance  ',
      outlet: 'Mideast Times',
      publishedAt: '2015-09-28',
      author: 'Staff writer',
    });
    expect(summary).toMatchObject({
      id: doc.id,
      title: 'Russia, Syria, Iran and Iraq set up an intelligence alliance',
      outlet: 'Mideast Times',
      publishedAt: '2015-09-28',
      contentHash: doc.contentHash,
    });
    const after = await t.call('documents.get', { id: doc.id });
    expect(after.text).toBe(doc.text);
    expect(after.metadata).toMatchObject({ ...doc.metadata, author: 'Staff writer' });
    expect(await t.call('annotations.get', { id: tag.id })).toMatchObject({ quote: 'Iran', documentId: doc.id });
    // The new title is what search and the list see.
    const hits = await t.call('search.query', { query: 'alliance' });
    expect(hits.hits.map((h) => h.title)).toContain('Russia, Syria, Iran and Iraq set up an intelligence alliance');

    const [entry] = await t.call('history.list', { limit: 1 });
    expect(entry?.summary).toBe('Edited the details of “Russia, Syria, Iran and Iraq Create New Intelligence Allian…”');
    await t.call('history.undo', {});
    const undone = await t.call('documents.get', { id: doc.id });
    expect({ title: undone.title, outlet: undone.outlet, publishedAt: undone.publishedAt }).toEqual({
      title: doc.title,
      outlet: doc.outlet,
      publishedAt: doc.publishedAt,
    });
    expect(undone.metadata).toEqual(doc.metadata);
  });

  it('clears the outlet, the date and the author with null or an empty text; logs nothing when nothing differs', async () => {
    await t.call('documents.update', { id: doc.id, author: 'A. Writer', publishedAt: '2015-09-30' });
    const before = (await t.call('history.list', {})).length;
    await t.call('documents.update', { id: doc.id, title: doc.title, author: ' A. Writer ' });
    expect((await t.call('history.list', {})).length).toBe(before);
    const cleared = await t.call('documents.update', { id: doc.id, outlet: '', publishedAt: null, author: '' });
    expect(cleared).toMatchObject({ outlet: null, publishedAt: null });
    expect((await t.call('documents.get', { id: doc.id })).metadata).not.toHaveProperty('author');
  });

  it('refuses what is not a title, an outlet or a calendar date, and changes nothing', async () => {
    for (const params of [
      { id: doc.id, title: '   ' },
      { id: doc.id, publishedAt: '2015-02-30' },
      { id: doc.id, publishedAt: '28/09/2015' },
      { id: doc.id, outlet: 'x'.repeat(201) },
      { id: doc.id, text: 'another text' },
    ]) {
      expect((await refused(params)).code, JSON.stringify(params)).toBe('invalid_params');
    }
    expect((await refused({ id: 'doc_missing', title: 'x' })).code).toBe('not_found');
    expect(await t.call('documents.get', { id: doc.id })).toEqual(doc);
  });
});

describe('documents.update by two programs on one workspace', () => {
  it("never lets an undo overwrite the other program's later edit of the same document", async () => {
    const cli = openTestWorkspace({ file: t.file, session: createSession('cli') });
    try {
      await t.call('documents.update', { id: doc.id, title: 'Edited here' });
      await cli.call('documents.update', { id: doc.id, outlet: 'Edited on the command line' });
      // The first program's own undo: its row image no longer matches, so it is refused.
      const error = await refusedUndo(t);
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('was changed outside this history entry');
      expect(await t.call('documents.get', { id: doc.id })).toMatchObject({
        title: 'Edited here',
        outlet: 'Edited on the command line',
      });
      // Undone in order (the command line's first), both edits go.
      await cli.call('history.undo', {});
      await t.call('history.undo', {});
      expect(await t.call('documents.get', { id: doc.id })).toMatchObject({ title: doc.title, outlet: doc.outlet });
    } finally {
      cli.ws.close();
    }
  });
});

async function refusedUndo(on: TestWorkspace): Promise<ApiError> {
  try {
    await on.call('history.undo', {});
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the undo went through');
}
