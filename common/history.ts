/**
 * How a history entry is named for a person: where it acts (“in “RT: …””) and whose it is
 * (“Bob's change (command line)”). The workspace's refusals and the workbench's messages use the
 * same words.
 */
import type { HistoryWhere, SessionKind } from './domain.js';

const SESSION_LABELS: Record<SessionKind, string> = {
  desktop: 'desktop app',
  browser: 'browser host',
  cli: 'command line',
  program: 'program',
};

/** The kind of running program as a person says it; `null` (not recorded): “earlier session”. */
export function sessionLabel(kind: SessionKind | null): string {
  return kind ? SESSION_LABELS[kind] : 'earlier session';
}

/** Where an entry acts, to follow its summary: ` in “Title”`, ` in 3 documents`, or nothing. */
export function whereText(where: HistoryWhere): string {
  const only = where.documents[0];
  if (where.documentCount === 1 && only) {
    const title = only.title.replace(/\s+/g, ' ').trim() || only.id;
    return ` in “${title.length > 50 ? `${title.slice(0, 49)}…` : title}”`;
  }
  return where.documentCount > 1 ? ` in ${where.documentCount} documents` : '';
}

/** An entry's summary and where it acts: “Tagged “Peskov” as Source in “RT: …””. */
export function describeChange(entry: { summary: string; where: HistoryWhere }): string {
  return entry.summary + whereText(entry.where);
}

/**
 * Whose a change is, for a sentence or a button: “Bob's change (command line)”, or, made by the
 * same analyst in another running program, “your change from another session (command line)”.
 */
export function whoseChange(who: { analyst: string; yours: boolean; sessionLabel: string }): string {
  return who.yours
    ? `your change from another session (${who.sessionLabel})`
    : `${who.analyst}'s change (${who.sessionLabel})`;
}

/**
 * The `details` of the `conflict` that `history.undo {}` / `history.redo {}` answer when the
 * caller has nothing of their own to undo (redo) but the latest change (undo) is someone else's:
 * the entry to name in `{entryId}` to act on it anyway, whose it is and where it acts.
 */
export interface NotOwnDetails {
  reason: 'not_own';
  entryId: number;
  direction: 'undo' | 'redo';
  /** The analyst who made (for redo: undid) it. */
  analyst: string;
  /** True when that analyst is the caller's current analyst (in another session). */
  yours: boolean;
  session: { kind: SessionKind | null; label: string };
  summary: string;
  where: HistoryWhere;
}

/** True when an error's details are {@link NotOwnDetails}. */
export function isNotOwnDetails(details: unknown): details is NotOwnDetails {
  if (typeof details !== 'object' || details === null) return false;
  const d = details as Record<string, unknown>;
  return d.reason === 'not_own' && typeof d.entryId === 'number' && typeof d.analyst === 'string';
}
