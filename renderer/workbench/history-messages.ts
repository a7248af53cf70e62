/**
 * What the workbench says about undo and redo: what was undone and where (“Undid: Tagged
 * “Peskov” as Source in “RT: …””), and, when the workspace refuses because the latest change is
 * someone else's, the choice it offers (“Undo Bob's change anyway” / “Cancel”).
 */
import type { HistoryEntry } from '../../common/domain.js';
import { describeChange, whoseChange, type NotOwnDetails } from '../../common/history.js';
import type { Choice } from '../ui/toasts.js';

export type HistoryDirection = 'undo' | 'redo';

/**
 * The confirmation after an undo or redo, as seen by `analyst`: what and where, and whose the
 * change was when it was not the analyst's own in this session.
 */
export function historyDoneMessage(direction: HistoryDirection, entry: HistoryEntry, analyst: string): string {
  const verb = direction === 'undo' ? 'Undid' : 'Redid';
  const what = describeChange(entry);
  if (entry.author === analyst && entry.session.current) return `${verb}: ${what}`;
  const whose = whoseChange({
    analyst: entry.author,
    yours: entry.author === analyst,
    sessionLabel: entry.session.label,
  });
  return `${verb} ${whose}: ${what}`;
}

/** The choice offered when the latest change (undo) is not the person's own, and what Cancel says. */
export function notOwnChoice(details: NotOwnDetails): Choice & { cancelled: string } {
  const what = describeChange(details);
  const label = details.session.label;
  if (details.direction === 'undo') {
    return {
      title: 'Undo a change that is not yours?',
      message: `You have nothing of your own left to undo here. The latest change is ${whoseChange({
        analyst: details.analyst,
        yours: details.yours,
        sessionLabel: label,
      })}: ${what}.`,
      confirm: `Undo ${details.yours ? 'your change from another session' : `${details.analyst}'s change`} anyway`,
      cancel: 'Cancel',
      cancelled: 'Nothing was undone.',
    };
  }
  const by = details.yours ? 'you in another session' : details.analyst;
  return {
    title: 'Redo a change someone else undid?',
    message: `You have nothing of your own left to redo here. The latest undo was made by ${by} (${label}): ${what}.`,
    confirm: `Redo what ${details.yours ? 'you undid in another session' : `${details.analyst} undid`} anyway`,
    cancel: 'Cancel',
    cancelled: 'Nothing was redone.',
  };
}
