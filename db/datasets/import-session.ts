/**
 * The state one pass of a dataset import shares between the parts of its sink (labels,
 * documents and canonical records, annotations and relations): the connection, the mode, the
 * time and author given to records that carry none, the running totals, the change records for
 * the workspace's `changed` event, and the source of new ids.
 */
import type { ChangedRecord } from '../../common/domain.js';
import type { Db } from '../connection.js';
import { newId } from '../ids.js';

/** `check`: check and count, write nothing; `write`: also write (inside `Workspace.bulkWrite`). */
export type ImportMode = 'check' | 'write';

/** Counts an import reports (the result of `datasets.import`). */
export interface ImportTotals {
  documents: number;
  annotations: number;
  entities: number;
  claims: number;
  relations: number;
}

/**
 * How many annotations, and how many relations, the `changed` event lists one by one. Beyond it
 * the rest go unlisted; for annotations the event then also names each document they were
 * written to (other than the documents the import created, which it lists anyway).
 */
export const DETAILED_RECORDS = 10_000;

/** One pass's shared state; each part of the sink holds the same instance. */
export class ImportSession {
  readonly db: Db;
  readonly mode: ImportMode;
  /** The time given to records that carry none. */
  readonly now: string;
  /** The author given to annotations, relations and notes that name none. */
  readonly author: string;
  readonly counts: ImportTotals = { documents: 0, annotations: 0, entities: 0, claims: 0, relations: 0 };
  /** The change records of the `changed` event, in the order of the writes. */
  readonly records: ChangedRecord[] = [];
  private idCounter = 0;
  private idBase: { time: string; start: number } | null = null;

  constructor(db: Db, mode: ImportMode, options: { now: string; author: string }) {
    this.db = db;
    this.mode = mode;
    this.now = options.now;
    this.author = options.author;
  }

  /** True in `write` mode. */
  get writing(): boolean {
    return this.mode === 'write';
  }

  /**
   * A new id in the shape of `newId` (prefix, time, 12 hex digits), without a call to the random
   * source per row: one random 48-bit start per import, then counting up. In `check` mode, a
   * placeholder that names the prefix and a count.
   */
  nextId(prefix: string): string {
    if (this.mode === 'check') return `(new) ${prefix} ${++this.idCounter}`;
    this.idBase ??= { time: Date.now().toString(36), start: parseInt(newId('x').slice(-12), 16) };
    const n = (this.idBase.start + ++this.idCounter) % 2 ** 48;
    return `${prefix}_${this.idBase.time}${n.toString(16).padStart(12, '0')}`;
  }
}

/**
 * A copy of a string that does not keep its source alive. Strings cut out of a file's text with
 * `slice`/`split` share the memory of the whole chunk they come from; what the sink keeps for
 * the rest of the pass (label and attribute names and values, entity and claim ids, pending
 * relations) is detached first.
 */
export function detach<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? (' ' + value).slice(1) : value) as T;
}
