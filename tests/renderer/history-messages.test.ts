/**
 * What the workbench says after an undo or redo (what, where, whose when not the person's own)
 * and the choice it offers when the workspace refuses because the latest change is another's.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryWhere } from '../../common/domain.js';
import { isNotOwnDetails, type NotOwnDetails } from '../../common/history.js';
import { historyDoneMessage, notOwnChoice } from '../../renderer/workbench/history-messages.js';

const RT = 'RT: Russia, Iran, Iraq & Syria Setting Up Joint Information Center in Baghdad';

const inRt: HistoryWhere = {
  documents: [{ id: 'doc_rt', title: RT }],
  documentCount: 1,
  annotations: [{ id: 'ann_1', documentId: 'doc_rt', quote: 'Peskov' }],
  annotationCount: 1,
};

function entry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: 7,
    method: 'annotations.create',
    summary: 'Tagged “Peskov” as Source',
    author: 'ada',
    at: '2026-01-01T00:00:00.000Z',
    state: 'undone',
    targetId: null,
    changeCount: 1,
    session: { id: 'ses_1', kind: 'desktop', label: 'desktop app', current: true },
    own: true,
    where: inRt,
    ...overrides,
  };
}

function details(overrides: Partial<NotOwnDetails> = {}): NotOwnDetails {
  return {
    reason: 'not_own',
    entryId: 42,
    direction: 'undo',
    analyst: 'bob',
    yours: false,
    session: { kind: 'cli', label: 'command line' },
    summary: 'Tagged “Peskov” as Source',
    where: inRt,
    ...overrides,
  };
}

describe('historyDoneMessage', () => {
  it('says what was undone and in which document', () => {
    expect(historyDoneMessage('undo', entry(), 'ada')).toBe(
      'Undid: Tagged “Peskov” as Source in “RT: Russia, Iran, Iraq & Syria Setting Up Joint I…”',
    );
    expect(historyDoneMessage('redo', entry({ state: 'done' }), 'ada')).toMatch(/^Redid: Tagged “Peskov” as Source in/);
  });

  it('says how many documents, or none, when the change is not in one', () => {
    const several = { ...inRt, documents: [...inRt.documents, { id: 'doc_2', title: 'UPI' }], documentCount: 2 };
    expect(historyDoneMessage('undo', entry({ where: several }), 'ada')).toBe(
      'Undid: Tagged “Peskov” as Source in 2 documents',
    );
    const nowhere = { documents: [], documentCount: 0, annotations: [], annotationCount: 0 };
    expect(historyDoneMessage('undo', entry({ summary: 'Created entity “ISIS”', where: nowhere }), 'ada')).toBe(
      'Undid: Created entity “ISIS”',
    );
  });

  it("names whose change it was when it was someone else's or from another session", () => {
    const cli = { id: 'ses_2', kind: 'cli' as const, label: 'command line', current: false };
    expect(historyDoneMessage('undo', entry({ author: 'bob', session: cli }), 'ada')).toMatch(
      /^Undid bob's change \(command line\): Tagged “Peskov” as Source in “RT/,
    );
    expect(historyDoneMessage('undo', entry({ session: cli }), 'ada')).toMatch(
      /^Undid your change from another session \(command line\): Tagged/,
    );
  });
});

describe('notOwnChoice', () => {
  it("offers to undo the other analyst's change anyway, or to cancel", () => {
    const choice = notOwnChoice(details());
    expect(choice.confirm).toBe("Undo bob's change anyway");
    expect(choice.cancel).toBe('Cancel');
    expect(choice.message).toBe(
      "You have nothing of your own left to undo here. The latest change is bob's change (command line): " +
        'Tagged “Peskov” as Source in “RT: Russia, Iran, Iraq & Syria Setting Up Joint I…”.',
    );
    expect(choice.cancelled).toBe('Nothing was undone.');
  });

  it('speaks of your own change in another session, and of redo', () => {
    expect(notOwnChoice(details({ yours: true })).confirm).toBe('Undo your change from another session anyway');
    const redo = notOwnChoice(details({ direction: 'redo' }));
    expect(redo.confirm).toBe('Redo what bob undid anyway');
    expect(redo.message).toContain('The latest undo was made by bob (command line)');
    expect(redo.cancelled).toBe('Nothing was redone.');
  });

  it('recognises the refusal by its details', () => {
    expect(isNotOwnDetails(details())).toBe(true);
    expect(isNotOwnDetails({ entryId: 3, state: 'undone' })).toBe(false);
    expect(isNotOwnDetails(undefined)).toBe(false);
  });
});
