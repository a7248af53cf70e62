/**
 * A brat collection sent as one .zip (a browser uploads files, not folders): unpacked, streaming,
 * into a private temporary folder that the import then reads like any brat folder. The archive is
 * untrusted, so every entry is checked before a byte of it is written: names stay inside the
 * folder (no `..`, no absolute or drive paths, no backslashes), and the entry count and unpacked
 * size are capped so that a "zip bomb" stops early with a clear error instead of filling the disk.
 *
 * fflate does the decompression (a well-kept, dependency-free inflate); only the checks are ours.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Unzip, UnzipInflate } from 'fflate';
import { ApiError } from '../../common/errors.js';
import { checkRegularFile } from './input.js';

/** The most entries one archive may hold. */
export const MAX_ZIP_ENTRIES = 200_000;
/** The most bytes one archive may unpack to, 2 GiB. */
export const MAX_ZIP_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024;

const CHUNK = 1 << 20;

/** True when `file` is a regular file that starts like a zip archive (`PK\x03\x04`). */
export function isZipFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return fs.readSync(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function refuse(file: string, why: string): ApiError {
  return new ApiError('invalid_file', `${file}: ${why}`, { file });
}

/** A relative entry name that stays inside the folder it is unpacked into. */
function safeEntryName(name: string): boolean {
  if (!name || name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    return false;
  }
  return name
    .replace(/\/$/, '')
    .split('/')
    .every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Unpacks `file` into a new temporary folder and returns the folder. The caller removes it.
 * @throws ApiError `invalid_file` for a damaged archive, an unsafe entry name, too many entries or
 *   too many bytes; the partly unpacked folder is removed first.
 */
export function unpackZip(file: string, limits = { entries: MAX_ZIP_ENTRIES, bytes: MAX_ZIP_UNPACKED_BYTES }): string {
  checkRegularFile(file);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-zip-'));
  let entries = 0;
  let unpacked = 0;
  let failure: ApiError | null = null;
  const open = new Set<number>();
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (entry) => {
    if (failure) return;
    if (++entries > limits.entries) {
      failure = refuse(file, `the archive holds more than ${limits.entries.toLocaleString('en')} entries.`);
      return;
    }
    if (!safeEntryName(entry.name)) {
      failure = refuse(
        file,
        `the archive has an entry named ${JSON.stringify(entry.name.slice(0, 80))}, which points outside its folder.`,
      );
      return;
    }
    const target = path.join(folder, entry.name);
    if (entry.name.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const fd = fs.openSync(target, 'wx');
    open.add(fd);
    entry.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        failure = refuse(file, `the archive is damaged (${error.message}).`);
        return;
      }
      unpacked += data.length;
      if (unpacked > limits.bytes) {
        failure = refuse(file, `the archive unpacks to more than ${Math.round(limits.bytes / 2 ** 20)} MiB.`);
        return;
      }
      fs.writeSync(fd, data);
      if (final) {
        open.delete(fd);
        fs.closeSync(fd);
      }
    };
    try {
      entry.start();
    } catch (error) {
      failure = refuse(
        file,
        `the archive entry ${JSON.stringify(entry.name.slice(0, 80))} cannot be read (${(error as Error).message}).`,
      );
    }
  };
  const input = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(CHUNK);
  try {
    for (;;) {
      const n = fs.readSync(input, buffer, 0, CHUNK, null);
      try {
        unzip.push(buffer.subarray(0, n), n === 0);
      } catch (error) {
        failure ??= refuse(file, `the archive is damaged (${(error as Error).message}).`);
      }
      if (failure || n === 0) break;
    }
    if (!failure && open.size > 0) failure = refuse(file, 'the archive is cut short: an entry never ends.');
    if (!failure && entries === 0) failure = refuse(file, 'the archive is empty; expected a brat folder in it.');
  } finally {
    fs.closeSync(input);
    for (const fd of open) fs.closeSync(fd);
  }
  if (failure) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw failure;
  }
  return folder;
}
