/**
 * What the format modules share: the export-side interface each format implements, the
 * document-and-offset plumbing of importers (raw text → canonical text, code points → UTF-16),
 * and the manifest records every importer of Triangulate's own formats restores. (The field
 * checks that name the file, line and field are in ../field-checks.ts.)
 */
import type { Fragment } from '../../../common/domain.js';
import { type OffsetConverter } from '../../../common/text.js';
import { at, expectArray, expectObject, expectString, optionalString } from '../field-checks.js';
import type { ImportSink } from '../import-sink.js';
import type { ManifestFacts } from '../manifest.js';
import { excerpt, invalidFile, invalidRange, type Manifest, type ManifestLabel, type Where } from '../model.js';
import type { OutputFile, OutputSet } from '../output.js';
import type { Progress } from '../progress.js';
import type { DocumentMetaRow, ExportAnnotationRow, ExportReader, ExportRelationRow } from '../snapshot.js';
import { CodePoints, canonicalize, type CanonicalText } from '../text-map.js';

// ---------------------------------------------------------------------------------------------
// Export side

/** One document as the export loop hands it to a format. */
export interface ExportDocument {
  meta: DocumentMetaRow;
  text: string;
  /** Code-point conversion for this text. */
  cp: OffsetConverter;
  annotations: ExportAnnotationRow[];
  relations: ExportRelationRow[];
}

export interface ExportContext {
  reader: ExportReader;
  outputs: OutputSet;
  outPath: string;
  tagset: ManifestLabel[];
  labels: Map<string, ManifestLabel>;
  facts: ManifestFacts;
  progress: Progress;
  /** Deterministic id of this dataset (derived from its documents and filters). */
  datasetId: string;
}

/** A format's writer: called once per document, in order, then `end`. */
export interface FormatExporter {
  /** Where the manifest goes: an absolute path, or a name inside the export folder. */
  manifestTarget: string;
  /** True when the manifest must carry the document texts. */
  manifestTexts?: boolean;
  begin(): Promise<void>;
  document(doc: ExportDocument): Promise<void>;
  /** Finishes and closes the data files, recording each in `facts.files`. */
  end(): Promise<void>;
}

/** Closes a data file and records its size and digest under `name`. */
export async function closeInto(facts: ManifestFacts, out: OutputFile, name: string): Promise<void> {
  const { bytes, sha256 } = await out.close();
  facts.files.push({ path: name, bytes, sha256: `sha256:${sha256}` });
}

/** Attributes with their keys sorted, so that equal maps print equally. */
export function sortedAttributes(json: string): Record<string, string> {
  const attributes = JSON.parse(json) as Record<string, string>;
  return Object.fromEntries(
    Object.keys(attributes)
      .sort()
      .map((k) => [k, attributes[k] as string]),
  );
}

// ---------------------------------------------------------------------------------------------
// Import side: texts and offsets

/** A document's text as a file gives it, with everything needed to place offsets in it. */
export interface SourceText {
  docId: string;
  canonical: CanonicalText;
  cp: CodePoints;
}

/** The canonical form of a raw text, as an `invalid_file` when normalisation cannot be mapped. */
function canonicalText(raw: string, where: Where): CanonicalText {
  try {
    return canonicalize(raw);
  } catch {
    throw invalidFile(
      where,
      'this text needs a Unicode normalisation (NFC) that cannot be mapped offset by offset; normalise it to NFC first.',
    );
  }
}

/** Registers a document (mapped by content hash) and prepares its offset conversions. */
export function sourceDocument(
  sink: ImportSink,
  raw: string,
  where: Where,
  meta: {
    title?: string | null;
    outlet?: string | null;
    publishedAt?: string | null;
    origin?: string | null;
    metadata?: Record<string, unknown>;
  },
): SourceText {
  const canonical = canonicalText(raw, where);
  const docId = sink.document({ where, text: canonical.text, ...meta });
  return { docId, canonical, cp: new CodePoints(raw) };
}

/**
 * Raw UTF-16 fragment of a code-point range, checked against the raw text.
 * @throws ApiError `invalid_range` for an empty, reversed or out-of-text range.
 */
export function codePointFragment(source: SourceText, start: number, end: number, where: Where): Fragment {
  if (end <= start) {
    throw invalidRange(where, `the range [${start}, ${end}) is empty or reversed; expected start < end.`);
  }
  const s = source.cp.toUtf16(start);
  const e = source.cp.toUtf16(end);
  if (s < 0 || e < 0) {
    throw invalidRange(
      where,
      `the range [${start}, ${end}) lies outside the text (0 to ${source.cp.length} code points).`,
    );
  }
  return { start: s, end: e };
}

/**
 * Checks the text a file states for a span against the text at its offsets.
 * @throws ApiError `invalid_range` quoting both.
 */
export function checkQuote(
  source: SourceText,
  fragments: Fragment[],
  stated: string | undefined,
  where: Where,
  separator = ' ',
  loose = false,
  normalize: (actual: string) => string = (actual) => actual,
): void {
  if (stated === undefined) return;
  const actual = normalize(fragments.map((f) => source.canonical.raw.slice(f.start, f.end)).join(separator));
  if (actual === stated) return;
  if (loose && actual.replace(/\s+/g, ' ').trim() === stated.replace(/\s+/g, ' ').trim()) return;
  throw invalidRange(
    where,
    `the text at these offsets is ${excerpt(actual)} but the file says ${excerpt(stated)}; the offsets do not match the text (they are read as Unicode code points).`,
  );
}

/**
 * Raw UTF-16 fragments of a source text mapped through its canonicalisation: the canonical
 * fragments the sink takes.
 * @throws ApiError `invalid_range` when an offset has no image (it cuts a character).
 */
export function canonicalFragments(source: SourceText, fragments: Fragment[], where: Where): Fragment[] {
  const { canonical } = source;
  if (canonical.identity) return fragments;
  return fragments.map((f) => {
    const start = canonical.toCanonical(f.start);
    const end = canonical.toCanonical(f.end);
    if (start < 0 || end < 0) {
      throw invalidRange(where, `offset ${start < 0 ? f.start : f.end} falls inside a character of the text.`);
    }
    return { start, end };
  });
}

// ---------------------------------------------------------------------------------------------
// Import side: the manifest's records

/** Declares the manifest's tagset, entities, claims and notes to the sink. */
export function applyManifest(sink: ImportSink, manifest: Manifest, file: string): void {
  manifest.tagset.forEach((label, i) => {
    const where = { file, field: `tagset[${i}]` };
    const l = expectObject(label, where);
    sink.label({
      where,
      name: expectString(l.name, at(where, 'name')),
      ...(typeof l.id === 'string' ? { id: l.id } : {}),
      ...(typeof l.kind === 'string' ? { kind: l.kind as ManifestLabel['kind'] } : {}),
      subtype: typeof l.subtype === 'string' ? l.subtype : null,
      ...(typeof l.color === 'string' ? { color: l.color } : {}),
      key: typeof l.key === 'string' ? l.key : null,
      attributes: expectArray(l.attributes ?? [], at(where, 'attributes')).map((value, k) => {
        const w = at(where, `attributes[${k}]`);
        const definition = expectObject(value, w, 'an attribute definition {name, values}');
        return {
          name: expectString(definition.name, at(w, 'name')),
          values: expectArray(definition.values, at(w, 'values')).map((v, j) => expectString(v, at(w, `values[${j}]`))),
          ...(typeof definition.default === 'string' ? { default: definition.default } : {}),
        };
      }),
    });
  });
  manifest.entities.forEach((entity, i) => {
    const where = { file, field: `entities[${i}]` };
    const e = expectObject(entity, where);
    sink.entity({
      where,
      id: expectString(e.id, at(where, 'id')),
      name: expectString(e.name, at(where, 'name')),
      type: expectString(e.type, at(where, 'type')),
      aliases: (e.aliases ?? []) as string[],
      note: optionalString(e.note, at(where, 'note')) ?? '',
      externalId: optionalString(e.externalId, at(where, 'externalId')) ?? null,
      ...(typeof e.createdAt === 'string' ? { createdAt: e.createdAt } : {}),
      ...(typeof e.updatedAt === 'string' ? { updatedAt: e.updatedAt } : {}),
    });
  });
  manifest.claims.forEach((claim, i) => {
    const where = { file, field: `claims[${i}]` };
    const c = expectObject(claim, where);
    sink.claim({
      where,
      id: expectString(c.id, at(where, 'id')),
      summary: expectString(c.summary, at(where, 'summary')),
      note: optionalString(c.note, at(where, 'note')) ?? '',
      ...(typeof c.createdAt === 'string' ? { createdAt: c.createdAt } : {}),
      ...(typeof c.updatedAt === 'string' ? { updatedAt: c.updatedAt } : {}),
    });
  });
  manifest.notes.forEach((note, i) => {
    const where = { file, field: `notes[${i}]` };
    const n = expectObject(note, where);
    sink.note({
      where,
      id: expectString(n.id, at(where, 'id')),
      targetId: optionalString(n.targetId, at(where, 'targetId')) ?? null,
      body: expectString(n.body, at(where, 'body')),
      ...(typeof n.author === 'string' ? { author: n.author } : {}),
      ...(typeof n.createdAt === 'string' ? { createdAt: n.createdAt } : {}),
      ...(typeof n.updatedAt === 'string' ? { updatedAt: n.updatedAt } : {}),
    });
  });
}

/** Metadata fields for `sourceDocument` from a manifest entry. */
export function documentMeta(entry: Manifest['documents'][number] | undefined): {
  title?: string | null;
  outlet?: string | null;
  publishedAt?: string | null;
  origin?: string | null;
  metadata?: Record<string, unknown>;
} {
  if (!entry) return {};
  return {
    title: entry.title ?? null,
    outlet: entry.outlet ?? null,
    publishedAt: entry.publishedAt ?? null,
    origin: entry.origin ?? null,
    metadata: entry.metadata ?? {},
  };
}
