/**
 * Field checks for dataset import: each takes a value read from a file and the `Where` that
 * names its file, line and field, and returns the value typed, or throws an `invalid_file` error
 * that names that place. Format readers check their records with them, and the import sink
 * checks the fields it is handed.
 */
import { LIMITS } from '../../common/contract/schema.js';
import { excerpt, invalidFile, place, type Where } from './model.js';

export { LIMITS };

/** `where` with a sub-field: field `spans[0]` + `status` → `spans[0].status`. */
export function at(where: Where, field: string): Where {
  // Explicit properties rather than a spread: this runs several times per record.
  return { file: where.file, line: where.line, field: where.field ? where.field + '.' + field : field };
}

/** A JSON object (not null, not an array); `what` names it in the error. */
export function expectObject(value: unknown, where: Where, what = 'a JSON object'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidFile(where, `expected ${what}, found ${excerpt(value)}.`);
  }
  return value as Record<string, unknown>;
}

/** An array; `what` names it in the error. */
export function expectArray(value: unknown, where: Where, what = 'an array'): unknown[] {
  if (!Array.isArray(value)) throw invalidFile(where, `expected ${what}, found ${excerpt(value)}.`);
  return value;
}

/** A string; `what` names it in the error. */
export function expectString(value: unknown, where: Where, what = 'a string'): string {
  if (typeof value !== 'string') throw invalidFile(where, `expected ${what}, found ${excerpt(value)}.`);
  return value;
}

/** A character offset: a whole number, 0 or more. */
export function expectOffset(value: unknown, where: Where): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalidFile(where, `expected a character offset (a whole number ≥ 0), found ${excerpt(value)}.`);
  }
  return value;
}

/** A string, or undefined for a missing or null value. */
export function optionalString(value: unknown, where: Where): string | undefined {
  if (value === undefined || value === null) return undefined;
  return expectString(value, where);
}

/** A string, null, or undefined when missing. */
export function optionalId(value: unknown, where: Where): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'string' && value.length > 0 && value.length <= LIMITS.id) return value;
  throw invalidFile(
    where,
    `expected an id (a string of 1 to ${LIMITS.id} characters) or null, found ${excerpt(value)}.`,
  );
}

/**
 * `value` when it has at most `max` characters (the API's limit for that field, from
 * {@link LIMITS}); `what` names it in the error.
 */
export function checkLength<T extends string | null | undefined>(value: T, max: number, where: Where, what: string): T {
  if (typeof value === 'string' && value.length > max) {
    throw invalidFile(
      where,
      `${what} has ${value.length} characters; the limit is ${max} (as in the API), found ${excerpt(value)}.`,
    );
  }
  return value;
}

/** A record id as the sink receives it: 1 to {@link LIMITS.id} characters. */
export function checkId(value: string, where: Where, what = 'the id'): string {
  if (value.length === 0) throw invalidFile(where, `expected ${what} (a string of 1 to ${LIMITS.id} characters).`);
  return checkLength(value, LIMITS.id, where, what);
}

/**
 * Refuses an id used twice in one import: the second record would silently replace the first.
 * `seen` maps each id of the kind to where it first appeared.
 */
export function checkUnique(seen: Map<string, Where>, id: string, where: Where, what: string): void {
  const first = seen.get(id);
  if (first) {
    throw invalidFile(
      where,
      `the ${what} id ${excerpt(id)} is used twice in this import (first at ${place(first)}); each record needs its own id.`,
    );
  }
  seen.set((' ' + id).slice(1), {
    file: where.file,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.field !== undefined ? { field: where.field } : {}),
  });
}

/** An object of name: text pairs (attributes); {} for a missing or null value. */
export function stringMap(value: unknown, where: Where): Record<string, string> {
  if (value === undefined || value === null) return {};
  const object = expectObject(value, where, 'an object of name: value pairs');
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(object)) out[key] = expectString(v, at(where, key), 'a text value');
  return out;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/i;

/** Days in a month of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * True when `text` is a real RFC 3339 instant: the shape, and every part in range (month 1–12,
 * a day the month has, 00:00:00–23:59:59, an offset within ±23:59). `9999-99-99T99:99:99Z` has the
 * shape but names no instant.
 */
export function isInstant(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  return !Number.isNaN(Date.parse(text));
}

/** An RFC 3339 timestamp naming a real instant (as W3C `created` requires), or undefined when missing. */
export function optionalTimestamp(value: unknown, where: Where): string | undefined {
  const text = optionalString(value, where);
  if (text !== undefined && !isInstant(text)) {
    throw invalidFile(where, `expected a date and time such as 2015-09-27T10:00:00Z, found ${excerpt(text)}.`);
  }
  return text;
}
