/**
 * The manifest every export carries: tagset, counts, app version, time, the content hash of each
 * document, and the records the data files cannot hold (entities with aliases, claims, notes).
 * Written last (the counts and file digests are known by then), streamed page by page, with one
 * item per line so that it stays readable and diffable. Its `createdAt` is the only field that
 * differs between two exports of the same workspace; set SOURCE_DATE_EPOCH (seconds) or the
 * task's `now` to fix it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AttributeDefinition, LabelKind } from '../../common/domain.js';
import { rowToNote, type ClaimRow, type EntityRow, type LabelRow } from '../rows.js';
import { APP_VERSION } from '../../common/version.js';
import {
  GENERATOR_NAME,
  MANIFEST_KIND,
  MANIFEST_VERSION,
  excerpt,
  invalidFile,
  jsonProblem,
  labelTags,
  type Manifest,
  type ManifestDocument,
  type ManifestLabel,
} from './model.js';
import { checkJsonRecord, checkRegularFile, readBuffer } from './input.js';
import type { OutputFile } from './output.js';
import type { Progress } from './progress.js';
import type { ExportReader } from './snapshot.js';

/** The time an export records: `now` if given, else SOURCE_DATE_EPOCH, else the clock. */
export function exportTime(now?: Date | string): string {
  if (now !== undefined) return new Date(now).toISOString();
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000).toISOString();
  return new Date().toISOString();
}

/** The tagset of an export, with the single-token tag of each label. */
export function tagsetOf(labels: readonly LabelRow[]): ManifestLabel[] {
  const tags = labelTags(labels.map((l) => l.name));
  return labels.map((l, i) => ({
    id: l.id,
    name: l.name,
    kind: l.kind as LabelKind,
    subtype: l.subtype,
    color: l.color,
    key: l.key,
    attributes: JSON.parse(l.attributes) as AttributeDefinition[],
    tag: tags[i] as string,
  }));
}

/** What the export loop learns as it goes, for the manifest. */
export class ManifestFacts {
  documents: ManifestDocument[] = [];
  annotations = 0;
  relations = 0;
  byLabel = new Map<string, number>();
  files: Manifest['files'] = [];
  details: Record<string, unknown> = {};

  countAnnotation(labelName: string): void {
    this.annotations++;
    this.byLabel.set(labelName, (this.byLabel.get(labelName) ?? 0) + 1);
  }
}

function entityOf(row: EntityRow): Manifest['entities'][number] {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    aliases: JSON.parse(row.aliases) as string[],
    note: row.note,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function claimOf(row: ClaimRow): Manifest['claims'][number] {
  return { id: row.id, summary: row.summary, note: row.note, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * Streams the manifest to `out`. `documentText` is given for formats whose data files do not
 * carry the texts (W3C).
 */
export async function writeManifest(
  out: OutputFile,
  options: {
    reader: ExportReader;
    format: string;
    createdAt: string;
    filters: Manifest['filters'];
    tagset: ManifestLabel[];
    facts: ManifestFacts;
    progress: Progress;
    documentText?: (id: string) => string;
  },
): Promise<{ entities: number; claims: number; notes: number }> {
  const { reader, facts } = options;
  const line = (key: string, value: unknown, last = false) =>
    out.write(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${last ? '\n' : ',\n'}`);
  const list = async <T>(key: string, pages: (after: T | null) => unknown[], keyOf: (item: never) => T) => {
    out.write(`  ${JSON.stringify(key)}: [`);
    let first = true;
    let after: T | null = null;
    let count = 0;
    for (;;) {
      const page = pages(after);
      if (page.length === 0) break;
      for (const item of page) {
        out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(item)}`);
        first = false;
        count++;
      }
      after = keyOf(page[page.length - 1] as never);
      await out.pump();
      await options.progress.yield();
    }
    out.write(first ? '],\n' : '\n  ],\n');
    return count;
  };

  out.write('{\n');
  line('kind', MANIFEST_KIND);
  line('version', MANIFEST_VERSION);
  line('generator', { name: GENERATOR_NAME, version: APP_VERSION });
  line('format', options.format);
  line('createdAt', options.createdAt);
  line('offsets', 'unicode-code-points');
  line('filters', options.filters);
  line('tagset', options.tagset);

  out.write('  "documents": [');
  facts.documents.forEach((doc, i) => {
    const entry = options.documentText ? { ...doc, text: options.documentText(doc.id) } : doc;
    out.write(`${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(entry)}`);
  });
  out.write(facts.documents.length ? '\n  ],\n' : '],\n');
  await out.pump();

  const entities = await list<string>(
    'entities',
    (after) => reader.entityPage(after ?? '').map(entityOf),
    (e: { id: string }) => e.id,
  );
  const claims = await list<string>(
    'claims',
    (after) => reader.claimPage(after ?? '').map(claimOf),
    (c: { id: string }) => c.id,
  );
  const notes = await list<{ createdAt: string; id: string }>(
    'notes',
    (after) => reader.notePage(after ?? { createdAt: '', id: '' }).map(rowToNote),
    (n: { createdAt: string; id: string }) => ({ createdAt: n.createdAt, id: n.id }),
  );
  const counts: Manifest['counts'] = {
    documents: facts.documents.length,
    annotations: facts.annotations,
    relations: facts.relations,
    entities,
    claims,
    notes,
    byLabel: Object.fromEntries([...facts.byLabel.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  line('counts', counts);
  const hasDetails = Object.keys(facts.details).length > 0;
  line('files', facts.files, !hasDetails);
  if (hasDetails) line('details', facts.details, true);
  out.write('}\n');
  return { entities, claims, notes };
}

/** Reads a manifest if the file exists; checks the fields importers rely on. */
export function readManifest(file: string): Manifest | null {
  if (!fs.existsSync(file)) return null;
  checkRegularFile(file);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw invalidFile({ file }, `${jsonProblem(error)}; expected a Triangulate manifest.`);
  }
  checkJsonRecord({ file }, value);
  const m = value as Partial<Manifest>;
  if (typeof m !== 'object' || m === null || Array.isArray(m) || m.kind !== MANIFEST_KIND) {
    throw invalidFile({ file, field: 'kind' }, `expected "${MANIFEST_KIND}".`);
  }
  if (typeof m.version !== 'number' || m.version > MANIFEST_VERSION) {
    throw invalidFile(
      { file, field: 'version' },
      `this manifest has layout ${String(m.version)}; this version of Triangulate reads up to ${MANIFEST_VERSION}.`,
    );
  }
  for (const key of ['tagset', 'documents', 'entities', 'claims', 'notes'] as const) {
    const list: unknown = m[key];
    if (!Array.isArray(list)) throw invalidFile({ file, field: key }, 'expected an array.');
    list.forEach((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw invalidFile({ file, field: `${key}[${i}]` }, `expected an object, found ${excerpt(item)}.`);
      }
    });
  }
  if (m.format !== undefined && typeof m.format !== 'string') {
    throw invalidFile({ file, field: 'format' }, `expected the format as a string, found ${excerpt(m.format)}.`);
  }
  m.tagset?.forEach((label, i) => {
    if (typeof label.name !== 'string') {
      throw invalidFile({ file, field: `tagset[${i}].name` }, `expected a string, found ${excerpt(label.name)}.`);
    }
    optional(file, `tagset[${i}].tag`, label.tag, 'string');
  });
  m.documents?.forEach((doc, i) => {
    const field = `documents[${i}]`;
    if (typeof doc.id !== 'string' || !doc.id) {
      throw invalidFile({ file, field: `${field}.id` }, `expected a document id, found ${excerpt(doc.id)}.`);
    }
    for (const key of ['title', 'outlet', 'publishedAt', 'origin', 'contentHash', 'text'] as const) {
      optional(file, `${field}.${key}`, doc[key], 'string');
    }
    optional(file, `${field}.metadata`, doc.metadata, 'object');
    optional(file, `${field}.length`, doc.length, 'count');
    optional(file, `${field}.annotations`, doc.annotations, 'count');
  });
  if (m.files !== undefined) {
    if (!Array.isArray(m.files)) throw invalidFile({ file, field: 'files' }, 'expected an array.');
    m.files.forEach((entry: unknown, i) => {
      const field = `files[${i}]`;
      const f = entry as Partial<Manifest['files'][number]> | null;
      if (typeof f !== 'object' || f === null || Array.isArray(f)) {
        throw invalidFile({ file, field }, `expected {path, bytes, sha256}, found ${excerpt(entry)}.`);
      }
      if (typeof f.path !== 'string' || !isInsidePath(f.path)) {
        throw invalidFile(
          { file, field: `${field}.path` },
          `expected a relative path inside the export, found ${excerpt(f.path)}.`,
        );
      }
      if (typeof f.bytes !== 'number' || !Number.isSafeInteger(f.bytes) || f.bytes < 0) {
        throw invalidFile({ file, field: `${field}.bytes` }, `expected a size in bytes, found ${excerpt(f.bytes)}.`);
      }
      if (typeof f.sha256 !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(f.sha256)) {
        throw invalidFile(
          { file, field: `${field}.sha256` },
          `expected "sha256:" and 64 hex digits, found ${excerpt(f.sha256)}.`,
        );
      }
    });
  }
  if (m.counts !== undefined) {
    const counts: unknown = m.counts;
    if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
      throw invalidFile({ file, field: 'counts' }, `expected an object, found ${excerpt(counts)}.`);
    }
    for (const key of COUNTED) optional(file, `counts.${key}`, (counts as Record<string, unknown>)[key], 'count');
  }
  return m as Manifest;
}

/** The counts a manifest states; which of them an import can check depends on the format. */
export const COUNTED = ['documents', 'annotations', 'relations', 'entities', 'claims', 'notes'] as const;
export type Counted = (typeof COUNTED)[number];

function optional(file: string, field: string, value: unknown, kind: 'string' | 'object' | 'count'): void {
  if (value === undefined || value === null) return;
  const ok =
    kind === 'string'
      ? typeof value === 'string'
      : kind === 'object'
        ? typeof value === 'object' && !Array.isArray(value)
        : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (!ok) {
    const what = kind === 'string' ? 'a string' : kind === 'object' ? 'an object' : 'a whole number ≥ 0';
    throw invalidFile({ file, field }, `expected ${what}, found ${excerpt(value)}.`);
  }
}

/** A relative path that stays inside its folder (no `..`, not absolute). */
function isInsidePath(p: string): boolean {
  if (!p || path.isAbsolute(p) || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** SHA-256 and size of a file, read in chunks. */
function digestOf(file: string): { bytes: number; sha256: string } {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buffer = readBuffer(fd);
  let bytes = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, sha256: `sha256:${hash.digest('hex')}` };
}

/**
 * Checks the data files a manifest lists, before anything is read: each exists in `folder`, with
 * the size and SHA-256 digest the manifest gives; and each of `read` (the files the import will
 * read) is listed. A manifest without `files` (written by hand) is not checked here.
 * @throws ApiError `invalid_file` naming the first mismatch: the file, what the manifest expects
 *   and what was found.
 */
export function verifyManifestFiles(manifest: Manifest, manifestFile: string, folder: string, read: string[]): void {
  const files = (manifest as Partial<Manifest>).files;
  if (files === undefined) return;
  const listed = new Set<string>();
  files.forEach((entry, i) => {
    const where = { file: manifestFile, field: `files[${i}]` };
    const full = path.join(folder, entry.path);
    listed.add(path.resolve(full));
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw invalidFile(where, `the export lists ${entry.path}, which does not exist; the export is incomplete.`);
    }
    if (!stat.isFile()) throw invalidFile(where, `the export lists ${entry.path}, which is not a file.`);
    if (stat.size !== entry.bytes) {
      throw invalidFile(
        where,
        `${entry.path} has ${stat.size} bytes, but the manifest expects ${entry.bytes}; the file was cut short or changed.`,
      );
    }
    const found = digestOf(full);
    if (found.bytes !== entry.bytes || found.sha256 !== entry.sha256) {
      throw invalidFile(
        where,
        `${entry.path} has the digest ${found.sha256}, but the manifest expects ${entry.sha256}; the file was changed after the export.`,
      );
    }
  });
  for (const file of read) {
    if (!listed.has(path.resolve(file))) {
      throw invalidFile(
        { file: manifestFile, field: 'files' },
        `${path.relative(folder, file) || path.basename(file)} is not listed in the manifest; expected the files of one export, as written.`,
      );
    }
  }
}

/**
 * Checks what the checking pass read against the manifest's counts.
 * @throws ApiError `invalid_file` naming the first count that differs.
 */
export function verifyManifestCounts(
  manifest: Manifest,
  manifestFile: string,
  found: Partial<Record<Counted, number>>,
): void {
  const stated = (manifest as Partial<Manifest>).counts as Partial<Record<Counted, number>> | undefined;
  // The manifest's own lists agree with its counts.
  const own: Partial<Record<Counted, number>> = {
    documents: manifest.documents.length,
    entities: manifest.entities.length,
    claims: manifest.claims.length,
    notes: manifest.notes.length,
  };
  for (const key of COUNTED) {
    const expected = stated?.[key];
    if (expected === undefined) continue;
    for (const [actual, what] of [
      [own[key], 'the manifest lists'],
      [found[key], 'the file holds'],
    ] as const) {
      if (actual !== undefined && actual !== expected) {
        throw invalidFile(
          { file: manifestFile, field: `counts.${key}` },
          `the manifest counts ${expected} ${key}, but ${what} ${actual}; the export is incomplete or was changed.`,
        );
      }
    }
  }
}
