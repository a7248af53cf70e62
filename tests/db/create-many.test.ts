/**
 * annotations.createMany: many annotations as one change (one transaction, one history entry,
 * one undo step), each built and checked like annotations.create; an invalid item refuses the
 * whole call naming items.N with nothing written; skipExisting skips (and reports) items whose
 * exact fragments already carry the label; and "tag every search hit" end to end.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import type { Document } from '../../common/domain.js';
import { expectApiError, openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
let arutz: Document;

function spansOf(doc: Document, needle: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (let i = doc.text.indexOf(needle); i >= 0; i = doc.text.indexOf(needle, i + needle.length)) {
    out.push({ start: i, end: i + needle.length });
  }
  return out;
}

beforeEach(async () => {
  t = openTestWorkspace();
  const docs = await t.call('documents.list', {});
  arutz = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'Arutz Sheva')!.id });
});
afterEach(() => t.dispose());

async function snapshot() {
  const stats = await t.call('workspace.stats', {});
  return { annotations: stats.annotations, history: stats.historyEntries };
}

describe('annotations.createMany', () => {
  it('creates every item as one history entry, each like annotations.create would', async () => {
    const spans = spansOf(arutz, 'Iraq');
    expect(spans.length).toBeGreaterThan(3);
    const events: EventMessage[] = [];
    t.dispatcher.subscribe((m) => events.push(m));
    const before = await snapshot();
    const { annotations, skipped } = await t.call('annotations.createMany', {
      items: spans.map((span) => ({ documentId: arutz.id, labelId: 'country', fragments: [span] })),
    });
    expect(skipped).toEqual([]);
    expect(annotations.map((a) => a.fragments[0])).toEqual(spans);
    expect(await snapshot()).toEqual({ annotations: before.annotations + spans.length, history: before.history + 1 });
    const [entry] = await t.call('history.list', { limit: 1 });
    expect(entry).toMatchObject({
      method: 'annotations.createMany',
      summary: `Tagged ${spans.length} mentions of “Iraq” as Country`,
      state: 'done',
      changeCount: spans.length,
    });
    expect(events.filter((m) => m.event === 'changed')).toHaveLength(1);

    // The same row annotations.create writes, but for its id and times.
    const single = await t.call('annotations.create', {
      documentId: arutz.id,
      labelId: 'country',
      fragments: [spans[0]!],
    });
    const strip = ({ id: _id, createdAt: _c, updatedAt: _u, ...rest }: typeof single) => rest;
    expect(strip(annotations[0]!)).toEqual(strip(single));
  });

  it('is undone in one step and redone in one step', async () => {
    const before = await snapshot();
    const { annotations } = await t.call('annotations.createMany', {
      items: [
        { documentId: arutz.id, labelId: 'person', fragments: spansOf(arutz, 'Saad').slice(0, 1) },
        { documentId: arutz.id, labelId: 'armed-group', fragments: spansOf(arutz, 'Daesh').slice(0, 1) },
        {
          documentId: arutz.id,
          labelId: 'claim',
          fragments: [{ start: 0, end: 20 }],
          attributes: { stance: 'denied' },
        },
      ],
    });
    const [entry] = await t.call('history.list', { limit: 1 });
    expect(entry!.summary).toBe('Tagged 3 spans');
    const undone = await t.call('history.undo', {});
    expect(undone.entry.id).toBe(entry!.id);
    expect((await snapshot()).annotations).toBe(before.annotations);
    for (const a of annotations) await expectApiError(t.call('annotations.get', { id: a.id }), 'not_found');
    await t.call('history.redo', {});
    for (const a of annotations) expect(await t.call('annotations.get', { id: a.id })).toEqual(a);
    expect(annotations[2]!.attributes).toEqual({ stance: 'denied' });
  });

  it('records the summary it is given', async () => {
    await t.call('annotations.createMany', {
      items: [{ documentId: arutz.id, labelId: 'armed-group', fragments: spansOf(arutz, 'Daesh').slice(0, 1) }],
      summary: '  Tagged every Daesh  ',
    });
    expect((await t.call('history.list', { limit: 1 }))[0]!.summary).toBe('Tagged every Daesh');
  });

  it.each([
    ['a fragment past the end', { fragments: [{ start: 0, end: 10_000_000 }] }, 'invalid_range', 'items.2.fragments.0'],
    ['an unknown label', { labelId: 'nope' }, 'not_found', 'items.2.labelId'],
    ['an unknown document', { documentId: 'doc_nope' }, 'not_found', 'items.2.documentId'],
    ['an attribute the label lacks', { attributes: { mood: 'x' } }, 'invalid_params', 'items.2.attributes.mood'],
    ['a claim link on an entity label', { claimId: 'claim_x' }, 'invalid_params', 'items.2.claimId'],
  ])('refuses the whole call for %s in one item, naming it, writing nothing', async (_what, change, code, field) => {
    const before = await snapshot();
    const good = { documentId: arutz.id, labelId: 'armed-group', fragments: spansOf(arutz, 'Daesh').slice(0, 1) };
    const error = await expectApiError(
      t.call('annotations.createMany', { items: [good, good, { ...good, ...change }, good] }),
      code,
    );
    expect(error.message).toMatch(/^items\.2: /);
    expect(error.details).toMatchObject({ field });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed params at the dispatcher, naming the item', async () => {
    const before = await snapshot();
    const error = await expectApiError(
      t.call('annotations.createMany', {
        items: [{ documentId: arutz.id, labelId: 'claim' } as never],
      }),
      'invalid_params',
    );
    expect(error.message).toMatch(/items\.0\.fragments/);
    await expectApiError(t.call('annotations.createMany', { items: [] }), 'invalid_params');
    const item = { documentId: arutz.id, labelId: 'claim', fragments: [{ start: 0, end: 5 }] };
    await expectApiError(
      t.call('annotations.createMany', { items: Array.from({ length: 5001 }, () => item) }),
      'invalid_params',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('skips, and reports, items whose exact fragments already carry the label', async () => {
    const [first, second] = spansOf(arutz, 'Iraq');
    const existing = await t.call('annotations.create', {
      documentId: arutz.id,
      labelId: 'armed-group',
      fragments: [first!],
    });
    const item = (labelId: string, span: { start: number; end: number }) => ({
      documentId: arutz.id,
      labelId,
      fragments: [span],
    });
    const { annotations, skipped } = await t.call('annotations.createMany', {
      items: [
        item('armed-group', first!),
        item('organization', first!),
        item('armed-group', second!),
        item('armed-group', second!),
        item('armed-group', { start: first!.start, end: first!.end - 1 }),
      ],
      skipExisting: true,
    });
    expect(annotations.map((a) => [a.labelId, a.fragments])).toEqual([
      ['organization', [first]],
      ['armed-group', [second]],
      ['armed-group', [{ start: first!.start, end: first!.end - 1 }]],
    ]);
    expect(skipped).toEqual([
      { index: 0, annotationId: existing.id },
      { index: 3, annotationId: annotations[1]!.id },
    ]);
    expect((await t.call('history.list', { limit: 1 }))[0]!.summary).toBe('Tagged 3 spans');
    // Without skipExisting the same items are created again.
    const again = await t.call('annotations.createMany', { items: [item('armed-group', first!)] });
    expect(again).toMatchObject({ skipped: [] });
    expect(again.annotations).toHaveLength(1);
  });

  it('writes no history entry when every item is skipped', async () => {
    const span = spansOf(arutz, 'Daesh')[0]!;
    const item = { documentId: arutz.id, labelId: 'armed-group', fragments: [span] };
    const created = await t.call('annotations.create', item);
    const before = await snapshot();
    const result = await t.call('annotations.createMany', { items: [item, item], skipExisting: true });
    expect(result).toEqual({
      annotations: [],
      skipped: [
        { index: 0, annotationId: created.id },
        { index: 1, annotationId: created.id },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('tags every search hit in one step, and a second pass skips them all', async () => {
    const search = await t.call('search.query', { query: 'Daesh', caseSensitive: true, limit: 10000 });
    const items = search.hits.map((h) => ({
      documentId: h.documentId,
      labelId: 'armed-group',
      fragments: [{ start: h.start, end: h.end }],
      status: 'proposed' as const,
    }));
    const first = await t.call('annotations.createMany', { items, skipExisting: true });
    expect(first.annotations).toHaveLength(search.total);
    expect(first.annotations.every((a) => a.quote === 'Daesh' && a.status === 'proposed')).toBe(true);
    expect((await t.call('history.list', { limit: 1 }))[0]!.summary).toBe(
      `Tagged ${search.total} mentions of “Daesh” as Armed group`,
    );
    const second = await t.call('annotations.createMany', { items, skipExisting: true });
    expect(second.annotations).toEqual([]);
    expect(second.skipped.map((s) => s.annotationId)).toEqual(first.annotations.map((a) => a.id));
  });

  it('takes 5,000 items in one call and one undo', async () => {
    const before = await snapshot();
    const items = Array.from({ length: 5000 }, (_, i) => ({
      documentId: arutz.id,
      labelId: 'claim',
      fragments: [{ start: i % 1000, end: (i % 1000) + 3 + (i % 7) }],
    }));
    const { annotations } = await t.call('annotations.createMany', { items });
    expect(annotations).toHaveLength(5000);
    expect((await snapshot()).annotations).toBe(before.annotations + 5000);
    await t.call('history.undo', {});
    expect(await snapshot()).toMatchObject({ annotations: before.annotations });
  });
});
