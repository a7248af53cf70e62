/**
 * The manifest every export carries: tagset, counts, app version, time, the content hash of each
 * document, and the records the data files cannot hold (entities with aliases, claims, notes).
 * Written last (the counts and file digests are known by then), streamed page by page, with one
 * item per line so that it stays readable and diffable. Its `createdAt` is the only field that
 * differs between two exports of the same workspace; set SOURCE_DATE_EPOCH (seconds) or the
 * task's `now` to fix it.
 */
import fs from 'node:fs';
import type { AttributeDefinition, LabelKind } from '../../common/domain.js';
import { rowToNote, type ClaimRow, type EntityRow, type LabelRow } from '../rows.js';
import { APP_VERSION } from '../../common/version.js';
import {
  GENERATOR_NAME,
  MANIFEST_KIND,
  MANIFEST_VERSION,
  invalidFile,
  labelTags,
  type Manifest,
  type ManifestDocument,
  type ManifestLabel,
} from './model.js';
import { checkJsonRecord } from './input.js';
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
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw invalidFile({ file }, `not valid JSON (${(error as Error).message}); expected a Triangulate manifest.`);
  }
  checkJsonRecord({ file }, value);
  const m = value as Partial<Manifest>;
  if (typeof m !== 'object' || m === null || m.kind !== MANIFEST_KIND) {
    throw invalidFile({ file, field: 'kind' }, `expected "${MANIFEST_KIND}".`);
  }
  if (typeof m.version !== 'number' || m.version > MANIFEST_VERSION) {
    throw invalidFile(
      { file, field: 'version' },
      `this manifest has layout ${String(m.version)}; this version of Triangulate reads up to ${MANIFEST_VERSION}.`,
    );
  }
  for (const key of ['tagset', 'documents', 'entities', 'claims', 'notes'] as const) {
    if (!Array.isArray(m[key])) throw invalidFile({ file, field: key }, 'expected an array.');
  }
  return m as Manifest;
}
