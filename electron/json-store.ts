/**
 * The small JSON files the desktop shell keeps in the app data folder (window bounds, recent
 * workspaces). Reading never fails: a missing or damaged file reads as `undefined`. Writing goes
 * through a temporary file and a rename, so a crash never leaves half a file behind.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The parsed content of `file`, or `undefined` when it is missing or not JSON. */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes `value` as JSON to `file` (creating its folder), atomically. */
export function writeJsonFile(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value, null, 2) + '\n');
  fs.renameSync(temporary, file);
}
