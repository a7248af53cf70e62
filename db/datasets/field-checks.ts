/**
 * Field checks for dataset import: each takes a value read from a file and the `Where` that
 * names its file, line and field, and returns the value typed, or throws an `invalid_file` error
 * that names that place. Format readers check their records with them, and the import sink
 * checks the fields it is handed.
 */
import { excerpt, invalidFile, type Where } from './model.js';

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
  if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  throw invalidFile(where, `expected an id (a string of 1 to 200 characters) or null, found ${excerpt(value)}.`);
}

/** An object of name: text pairs (attributes); {} for a missing or null value. */
export function stringMap(value: unknown, where: Where): Record<string, string> {
  if (value === undefined || value === null) return {};
  const object = expectObject(value, where, 'an object of name: value pairs');
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(object)) out[key] = expectString(v, at(where, key), 'a text value');
  return out;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 timestamp (as W3C `created` requires), or undefined when missing. */
export function optionalTimestamp(value: unknown, where: Where): string | undefined {
  const text = optionalString(value, where);
  if (text !== undefined && !TIMESTAMP.test(text)) {
    throw invalidFile(where, `expected a date and time such as 2015-09-27T10:00:00Z, found ${excerpt(text)}.`);
  }
  return text;
}
