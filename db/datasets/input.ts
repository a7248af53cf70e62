/**
 * Reading dataset files synchronously and in chunks, so that an importer can run twice over a
 * large file (a cancellable checking pass, then the writing pass inside one transaction) without
 * holding it in memory: lines with their numbers, JSON records (one per line, pretty-printed
 * objects spanning lines, or a top-level array), and CSV rows. Every error names the file and line.
 */
import fs from 'node:fs';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../common/json-limits.js';
import { findLoneSurrogate } from '../../common/text.js';
import { invalidFile, jsonProblem, type Where } from './model.js';

const CHUNK = 1 << 20;

/**
 * A read buffer for an open file: one chunk, or the file's size when smaller (zero-filling a whole
 * chunk for each small file, twice per import, costs more than reading it).
 */
export function readBuffer(fd: number): Buffer {
  return Buffer.alloc(Math.max(1, Math.min(CHUNK, fs.fstatSync(fd).size)));
}

export interface Line {
  text: string;
  /** 1-based line number. */
  line: number;
}

/** Size and modification time: the writing pass refuses a file that changed since the check. */
export function fingerprint(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * Throws `invalid_file` unless `file` is a regular file (following links). Checked with `stat`
 * before anything opens it: opening a FIFO blocks until a writer comes, and a device never ends.
 */
export function checkRegularFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalidFile({ file }, code === 'ENOENT' ? 'does not exist.' : `cannot be read (${code ?? 'error'}).`);
  }
  if (stat.isDirectory()) throw invalidFile({ file }, 'is a folder; expected a file.');
  if (!stat.isFile()) {
    throw invalidFile({ file }, 'is not a regular file (a pipe, socket or device); expected a file on disk.');
  }
}

/** Opens a file for reading or throws `invalid_file` saying why it cannot be read. */
function openForReading(file: string): number {
  checkRegularFile(file);
  try {
    return fs.openSync(file, 'r');
  } catch (error) {
    if ((error as { code?: string }).code === 'invalid_file') throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw invalidFile({ file }, code === 'ENOENT' ? 'does not exist.' : `cannot be read (${code ?? 'error'}).`);
  }
}

/** Decoded text chunks of a file (strict UTF-8, without a leading byte-order mark). */
function* chunks(file: string): Generator<string> {
  const fd = openForReading(file);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const buffer = readBuffer(fd);
  let first = true;
  let offset = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (first && n > 0 && buffer.subarray(0, Math.min(n, 8192)).includes(0)) {
        throw invalidFile({ file }, 'looks like a binary file; expected UTF-8 text.');
      }
      let text: string;
      try {
        text = decoder.decode(buffer.subarray(0, n), { stream: n > 0 });
      } catch {
        throw invalidFile({ file }, `is not valid UTF-8 (near byte ${offset}); save it as UTF-8 and import it again.`);
      }
      offset += n;
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text) first = false;
      if (text) yield text;
      if (n === 0) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** True when a file holds nothing but white space (or nothing at all). Stops at the first other character. */
export function isBlank(file: string): boolean {
  for (const chunk of chunks(file)) {
    if (/[^\s\uFEFF]/.test(chunk)) return false;
  }
  return true;
}

/** A whole file as text (strict UTF-8). */
export function readText(file: string): string {
  const parts: string[] = [];
  for (const chunk of chunks(file)) parts.push(chunk);
  return parts.join('');
}

/** Lines of a file (without their `\n`, `\r\n` or `\r`: a lone CR, as old Mac files have, ends a line too). */
export function* readLines(file: string): Generator<Line> {
  let rest = '';
  let line = 0;
  const BREAK = /[\r\n]/g;
  for (const chunk of chunks(file)) {
    rest = rest ? rest + chunk : chunk;
    let start = 0;
    BREAK.lastIndex = 0;
    for (let m = BREAK.exec(rest); m; m = BREAK.exec(rest)) {
      const at = m.index;
      // A CR at the end of the chunk may be the first half of a CRLF: wait for the next chunk.
      if (rest.charCodeAt(at) === 0x0d && at === rest.length - 1) break;
      yield { text: rest.slice(start, at), line: ++line };
      start = rest.charCodeAt(at) === 0x0d && rest.charCodeAt(at + 1) === 0x0a ? at + 2 : at + 1;
      BREAK.lastIndex = start;
    }
    rest = rest.slice(start);
  }
  if (rest.length > 0) yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line: ++line };
}

/** Strict UTF-8 text of `bytes`, or `invalid_file` naming the line and where the bad bytes are. */
function decodeStrict(file: string, line: number, bytes: Uint8Array, offset: number): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw invalidFile(
      { file, line },
      `is not valid UTF-8 (in the bytes from ${offset}); save it as UTF-8 and import it again.`,
    );
  }
}

/**
 * Where each line of a file starts and how many bytes it has (for reading lines back later with
 * {@link readSlice}), each line's text decoded as strictly as {@link readLines} does; a leading
 * byte-order mark is not part of the first line.
 */
export function* lineOffsets(file: string): Generator<{ text: string; line: number; offset: number; bytes: number }> {
  const fd = openForReading(file);
  const buffer = readBuffer(fd);
  let carry = Buffer.alloc(0);
  let position = 0;
  let line = 0;
  let first = true;
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, n)]) : buffer.subarray(0, n);
      let start = 0;
      if (first) {
        first = false;
        if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) start = 3;
      }
      for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
        const text = decodeStrict(file, ++line, data.subarray(start, nl), position + start);
        yield { text, line, offset: position + start, bytes: nl - start };
        start = nl + 1;
      }
      position += start;
      carry = Buffer.from(data.subarray(start));
      if (n === 0) break;
    }
    if (carry.length) {
      const text = decodeStrict(file, ++line, carry, position);
      yield { text, line, offset: position, bytes: carry.length };
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The bytes `[offset, offset + bytes)` of a file (line `line`, as {@link lineOffsets} found it), as strict UTF-8 text. */
export function readSlice(file: string, offset: number, bytes: number, line: number): string {
  const fd = openForReading(file);
  try {
    const buffer = Buffer.alloc(bytes);
    fs.readSync(fd, buffer, 0, bytes, offset);
    return decodeStrict(file, line, buffer, offset);
  } finally {
    fs.closeSync(fd);
  }
}

/** Tracks JSON nesting across text, to find where a multi-line value ends. */
class DepthScanner {
  depth = 0;
  private inString = false;
  private escaped = false;

  scan(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) this.depth--;
    }
  }
}

export interface JsonRecord {
  value: unknown;
  /** Line where the record starts. */
  line: number;
}

function parseJson(file: string, line: number, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidFile({ file, line }, `${jsonProblem(error)}; expected one JSON object per line.`);
  }
  return checkJsonRecord({ file, line }, value, text);
}

/** A `\uD800`–`\uDFFF` escape: the only way a lone surrogate gets into text decoded from UTF-8. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Refuses a record nested more than {@link MAX_JSON_DEPTH} levels deep (copying, quoting or
 * storing it would overflow the stack; no dataset format nests anywhere near that deep), and a
 * record with a string holding an unpaired UTF-16 surrogate (a JSON `\ud800` escape): stored, it
 * would come back as U+FFFD and shift every later offset. `raw`, the JSON text, when given, lets
 * a record without any surrogate escape skip the walk over its strings.
 */
export function checkJsonRecord<T>(where: Where, value: T, raw?: string): T {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw invalidFile(where, `the record nests more than ${MAX_JSON_DEPTH} levels of arrays or objects.`);
  }
  if (raw === undefined || SURROGATE_ESCAPE.test(raw)) {
    const field = findLoneSurrogate(value);
    if (field !== null) {
      const inner = where.field ? (field ? `${where.field}.${field}` : where.field) : field || undefined;
      throw invalidFile(
        {
          file: where.file,
          ...(where.line !== undefined ? { line: where.line } : {}),
          ...(inner ? { field: inner } : {}),
        },
        'a string holds an unpaired UTF-16 surrogate (a \\uD800–\\uDFFF escape without its pair), which is not text; remove or fix the escape.',
      );
    }
  }
  return value;
}

/** Line numbers where each element of a top-level JSON array starts. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (depth === 1 && expectElement && c > 0x20 && c !== 0x2c && c !== 0x5d) {
      lines.push(line);
      expectElement = false;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) expectElement = true;
  }
  return lines;
}

/**
 * JSON records of a file: one per line (JSON Lines), objects pretty-printed over several lines,
 * or the elements of a top-level array (read whole).
 */
export function* readJsonRecords(file: string): Generator<JsonRecord> {
  let pending: string[] | null = null;
  let pendingLine = 0;
  let seenContent = false;
  const scanner = new DepthScanner();
  for (const { text, line } of readLines(file)) {
    if (pending === null) {
      const trimmed = text.trim();
      if (!trimmed) continue;
      if (!seenContent && trimmed.startsWith('[')) {
        yield* arrayRecords(file);
        return;
      }
      seenContent = true;
      // A line that opens and closes an object is a record on its own (JSON Lines).
      if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
        yield { value: parseJson(file, line, trimmed), line };
        continue;
      }
      pending = [];
      pendingLine = line;
      scanner.depth = 0;
    }
    pending.push(text);
    scanner.scan(text);
    if (scanner.depth <= 0) {
      const value = parseJson(file, pendingLine, pending.join('\n'));
      pending = null;
      yield { value, line: pendingLine };
    }
  }
  if (pending !== null) parseJson(file, pendingLine, pending.join('\n'));
}

function* arrayRecords(file: string): Generator<JsonRecord> {
  const text = readText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidFile({ file }, `${jsonProblem(error)}.`);
  }
  if (!Array.isArray(value)) throw invalidFile({ file }, 'expected a JSON array of records.');
  const lines = elementLines(text);
  for (let i = 0; i < value.length; i++) {
    yield { value: checkJsonRecord({ file, line: lines[i] ?? 1 }, value[i] as unknown, text), line: lines[i] ?? 1 };
  }
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvRow {
  fields: string[];
  line: number;
}

/** Rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
export function* readCsv(file: string): Generator<CsvRow> {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let afterQuote = false;
  let line = 1;
  let rowLine = 1;
  let any = false;
  let afterCr = false;
  for (const chunk of chunks(file)) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as string;
      if (afterCr) {
        afterCr = false;
        if (c === '\n') continue;
      }
      if (inQuotes) {
        if (c === '"') {
          inQuotes = false;
          afterQuote = true;
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === '"') {
        if (afterQuote) {
          field += '"';
          inQuotes = true;
          afterQuote = false;
        } else if (field === '') {
          inQuotes = true;
        } else {
          throw invalidFile({ file, line }, 'a quote inside an unquoted field; expected RFC 4180 CSV.');
        }
        any = true;
        continue;
      }
      afterQuote = false;
      if (c === ',') {
        fields.push(field);
        field = '';
        any = true;
      } else if (c === '\n' || c === '\r') {
        afterCr = c === '\r';
        if (any || field) {
          fields.push(field);
          yield { fields, line: rowLine };
        }
        fields = [];
        field = '';
        any = false;
        line++;
        rowLine = line;
      } else {
        field += c;
        any = true;
      }
    }
  }
  if (inQuotes) throw invalidFile({ file, line: rowLine }, 'a quoted field never ends.');
  if (any || field) {
    fields.push(field);
    yield { fields, line: rowLine };
  }
}
