/**
 * Importing documents: the one path both a person's files and the seed corpus take. Each file is
 * read, checked (empty, binary, non-UTF-8, unsupported kind), converted to canonical text and
 * hashed; then the whole batch is written in one transaction, so a batch imports completely or
 * not at all. Identical content (same hash) is skipped, not duplicated.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentSummary } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';
import { hasLoneSurrogate, loneSurrogateAt, splitParagraphs } from '../../common/text.js';
import { prepare } from '../connection.js';
import { listDocuments } from '../documents.js';
import { sha256 } from '../ids.js';
import { encodeParagraphs } from '../rows.js';
import { hasSetting, writeSetting } from '../settings.js';
import type { Workspace } from '../workspace.js';
import { CONVERTER_VERSION, convertText, decodeUtf8 } from './text-formats.js';

/**
 * A file to import: a path on this machine (with the name the person knows it by, when that is
 * not the path: an upload), or content handed over by a client.
 */
export type ImportSource =
  | { path: string; name?: string | undefined }
  | { name: string; content: string; encoding?: 'text' | 'base64' | undefined };

/** Metadata a caller (the seed manifest, a dataset) knows better than the file. */
export interface DocumentMetadata {
  title?: string;
  outlet?: string | null;
  publishedAt?: string | null;
  origin?: string | null;
  metadata?: Record<string, unknown>;
}

export interface PreparedDocument {
  name: string;
  id: string;
  title: string;
  outlet: string | null;
  publishedAt: string | null;
  origin: string | null;
  text: string;
  contentHash: string;
  metadata: Record<string, unknown>;
}

export interface ImportResult {
  imported: DocumentSummary[];
  skipped: Array<{ name: string; documentId: string; reason: 'duplicate' }>;
}

/** Document ids derive from the content hash: the same text gets the same id everywhere. */
export function documentIdFor(contentHash: string): string {
  return 'doc_' + contentHash.slice('sha256:'.length, 'sha256:'.length + 16);
}

function readSource(source: ImportSource): { name: string; bytes: Uint8Array } {
  if ('path' in source) {
    let bytes: Buffer;
    try {
      // stat before open: opening a FIFO would block until a writer comes, a device never ends.
      const stat = fs.statSync(source.path);
      if (!stat.isFile() && !stat.isDirectory()) {
        throw new ApiError(
          'invalid_file',
          `${source.path} is not a regular file (a pipe, socket or device); expected a file on disk.`,
          { file: source.path },
        );
      }
      bytes = fs.readFileSync(source.path);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'does not exist'
          : code === 'EISDIR'
            ? 'is a folder, not a file'
            : `cannot be read (${code ?? 'error'})`;
      throw new ApiError('invalid_file', `${source.path} ${why}.`, { file: source.path });
    }
    return { name: source.name ?? source.path, bytes };
  }
  if (source.encoding !== 'base64' && hasLoneSurrogate(source.content)) {
    // UTF-8 cannot encode it: Buffer.from would silently put U+FFFD in its place.
    throw new ApiError(
      'invalid_file',
      `${source.name}: the content holds an unpaired UTF-16 surrogate at character ${loneSurrogateAt(source.content)}, which is not text.`,
      { file: source.name, field: 'content' },
    );
  }
  const bytes =
    source.encoding === 'base64' ? Buffer.from(source.content, 'base64') : Buffer.from(source.content, 'utf8');
  return { name: source.name, bytes };
}

/**
 * A title from a text: its first line with a letter or digit, trimmed and cut to 200 characters;
 * null when no line has one.
 */
export function firstLineTitle(text: string): string | null {
  for (const line of text.split('\n')) {
    const t = line.trim();
    // Skip lines of punctuation only (e.g. ", , , ," debris at the top of a scraped page).
    if (/[\p{L}\p{N}]/u.test(t)) return t.length > 200 ? t.slice(0, 199) + '…' : t;
  }
  return null;
}

/** Reads, checks and converts one file. Throws `invalid_file` naming the file. */
export function prepareDocument(source: ImportSource, meta: DocumentMetadata = {}): PreparedDocument {
  const { name, bytes } = readSource(source);
  const raw = decodeUtf8(name, bytes);
  const converted = convertText(path.basename(name), raw);
  const contentHash = sha256(converted.text);
  const base = path.basename(name);
  return {
    name,
    id: documentIdFor(contentHash),
    title: meta.title ?? converted.title ?? firstLineTitle(converted.text) ?? base,
    outlet: meta.outlet ?? null,
    publishedAt: meta.publishedAt ?? null,
    origin: meta.origin ?? base,
    text: converted.text,
    contentHash,
    metadata: {
      format: converted.format,
      converterVersion: CONVERTER_VERSION,
      sourceHash: 'sha256:' + crypto.createHash('sha256').update(bytes).digest('hex'),
      ...(meta.metadata ?? {}),
    },
  };
}

/** The document imported from a file with these bytes (`metadata.sourceHash`), if any. */
function documentWithSource(workspace: Workspace, sourceHash: string): string | undefined {
  const row = prepare(
    workspace.db,
    `SELECT id FROM document WHERE json_extract(metadata, '$.sourceHash') = ? LIMIT 1`,
  ).get(sourceHash) as { id: string } | undefined;
  return row?.id;
}

/**
 * Writes prepared documents in one transaction. Duplicates are skipped, naming the document
 * already there: the same text (same hash, so the same id), or the same file (same bytes)
 * imported before and converted to other text by an older converter.
 */
export function writeDocuments(
  workspace: Workspace,
  prepared: readonly PreparedDocument[],
  log: 'done' | 'permanent',
): ImportResult {
  const skipped: ImportResult['skipped'] = [];
  const importedIds: string[] = [];
  const summary = (ids: string[]) =>
    ids.length === 1
      ? `Imported “${prepared.find((p) => p.id === ids[0])?.title ?? ''}”`
      : `Imported ${ids.length} documents`;
  workspace.mutate(
    'documents.import',
    () => summary(importedIds),
    (tx) => {
      const seen = new Set<string>();
      const seenSources = new Map<string, string>();
      for (const doc of prepared) {
        const existing = tx.changes.get('document', doc.id);
        if (existing || seen.has(doc.id)) {
          skipped.push({ name: doc.name, documentId: doc.id, reason: 'duplicate' });
          continue;
        }
        // The same file imported before, when a converter turned it into other text: that
        // document stays (its annotations are anchored on its text); this one is skipped.
        const source = typeof doc.metadata.sourceHash === 'string' ? doc.metadata.sourceHash : null;
        const earlier =
          source === null ? undefined : (seenSources.get(source) ?? documentWithSource(workspace, source));
        if (earlier) {
          skipped.push({ name: doc.name, documentId: earlier, reason: 'duplicate' });
          continue;
        }
        seen.add(doc.id);
        if (source !== null) seenSources.set(source, doc.id);
        tx.changes.insert('document', {
          id: doc.id,
          title: doc.title,
          outlet: doc.outlet,
          published_at: doc.publishedAt,
          origin: doc.origin,
          text: doc.text,
          content_hash: doc.contentHash,
          paragraphs: encodeParagraphs(splitParagraphs(doc.text)),
          metadata: JSON.stringify(doc.metadata),
          imported_at: tx.now,
        });
        importedIds.push(doc.id);
      }
    },
    { log },
  );
  const all = new Map(listDocuments(workspace).map((d) => [d.id, d]));
  return { imported: importedIds.map((id) => all.get(id) as DocumentSummary), skipped };
}

/**
 * Imports files as documents, all or nothing, reporting progress as `progress` events. Yields
 * to the event loop between files so that progress reaches the views while it runs.
 */
export async function importDocuments(
  workspace: Workspace,
  sources: readonly ImportSource[],
  options: { taskId?: string; isCancelled?: () => boolean } = {},
): Promise<ImportResult> {
  const taskId = options.taskId ?? `import-${Date.now().toString(36)}`;
  const total = sources.length;
  const prepared: PreparedDocument[] = [];
  workspace.emit('progress', { taskId, task: 'import', done: 0, total, message: 'Reading files' });
  for (const [index, source] of sources.entries()) {
    if (options.isCancelled?.()) throw new ApiError('cancelled', 'The import was cancelled; nothing was imported.');
    prepared.push(prepareDocument(source));
    workspace.emit('progress', {
      taskId,
      task: 'import',
      done: index + 1,
      total,
      message: `Read ${path.basename('path' in source ? source.path : source.name)}`,
    });
    if (index % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
  }
  const result = writeDocuments(workspace, prepared, 'done');
  workspace.emit('progress', { taskId, task: 'import', done: total, total, message: 'Done' });
  return result;
}

/** The package's `seeds/` folder, found by walking up from this module (works from src and dist). */
export function defaultSeedsDir(): string | null {
  if (process.env.TRIANGULATE_SEEDS) return process.env.TRIANGULATE_SEEDS;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'seeds', 'manifest.json');
    if (fs.existsSync(candidate)) return path.dirname(candidate);
    dir = path.dirname(dir);
  }
  return null;
}

interface SeedManifest {
  documents: Array<DocumentMetadata & { file: string }>;
}

/**
 * Loads the seed corpus into a workspace that has never been seeded (a permanent history entry,
 * through the same import path a person's files take). Called by whoever opens a workspace.
 */
export function seedIfNew(workspace: Workspace, seedsDir?: string): void {
  if (!hasSetting(workspace, '_seeded')) seedWorkspace(workspace, seedsDir);
}

function seedWorkspace(workspace: Workspace, seedsDir = defaultSeedsDir()): void {
  if (seedsDir) {
    const manifest = JSON.parse(fs.readFileSync(path.join(seedsDir, 'manifest.json'), 'utf8')) as SeedManifest;
    const prepared = manifest.documents.map((entry) => {
      const { file, ...meta } = entry;
      return prepareDocument({ path: path.join(seedsDir, file) }, { ...meta, origin: meta.origin ?? file });
    });
    writeDocuments(workspace, prepared, 'permanent');
  }
  writeSetting(workspace, '_seeded', true);
}
