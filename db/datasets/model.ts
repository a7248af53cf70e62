/**
 * Shared vocabulary of the dataset formats: the identifiers Triangulate writes (URNs for the W3C
 * model), the manifest's shape, label tags (the whitespace-free form of a label name that brat
 * and CoNLL need), relation-type normalisation and the error helpers every reader uses.
 */
import path from 'node:path';
import type { AttributeDefinition, LabelKind, Note } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';

/** Version of the manifest layout; readers refuse manifests from a newer layout. */
export const MANIFEST_VERSION = 1;
export const MANIFEST_KIND = 'triangulate-dataset';
export const GENERATOR_NAME = 'Triangulate';

/** URN prefixes for the ids Triangulate writes into W3C annotations. */
export const URN = {
  dataset: 'urn:triangulate:dataset:',
  document: 'urn:triangulate:document:',
  annotation: 'urn:triangulate:annotation:',
  relation: 'urn:triangulate:relation:',
  entity: 'urn:triangulate:entity:',
  claim: 'urn:triangulate:claim:',
} as const;

/** Vocabulary of the few Triangulate terms a W3C annotation carries (status, attribute names). */
export const VOCAB = 'urn:triangulate:vocab#';

export function urn(prefix: string, id: string): string {
  return prefix + encodeURIComponent(id);
}

/** The id inside one of our URNs, or null when `value` is not one. */
export function fromUrn(prefix: string, value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(value.slice(prefix.length));
  } catch {
    return null;
  }
}

/** One label of the tagset, as the manifest lists it. */
export interface ManifestLabel {
  id: string;
  name: string;
  kind: LabelKind;
  subtype: string | null;
  color: string;
  key: string | null;
  attributes: AttributeDefinition[];
  /** The label as a single token (brat type, CoNLL tag): see {@link labelTags}. */
  tag: string;
}

export interface ManifestDocument {
  id: string;
  title: string;
  outlet: string | null;
  publishedAt: string | null;
  origin: string | null;
  contentHash: string;
  /** Length of the text in Unicode code points (the unit of every exported offset). */
  length: number;
  metadata: Record<string, unknown>;
  /** Annotations of this document in the export. */
  annotations: number;
  /** The text itself: W3C exports only, whose annotations point at documents by URN. */
  text?: string;
}

export interface ManifestEntity {
  id: string;
  name: string;
  type: string;
  aliases: string[];
  note: string;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ManifestClaim {
  id: string;
  summary: string;
  note: string;
  createdAt: string;
  updatedAt: string;
}

/** A note as the manifest carries it: the API's own shape. */
export type ManifestNote = Note;

/** What a manifest says; see docs/formats.md for the meaning of each field. */
export interface Manifest {
  kind: typeof MANIFEST_KIND;
  version: number;
  generator: { name: string; version: string };
  format: string;
  createdAt: string;
  offsets: 'unicode-code-points';
  filters: { documentIds: string[] | null; labels: string[] | null; status: 'accepted' | 'all' };
  files: Array<{ path: string; bytes: number; sha256: string }>;
  counts: {
    documents: number;
    annotations: number;
    relations: number;
    entities: number;
    claims: number;
    notes: number;
    byLabel: Record<string, number>;
  };
  tagset: ManifestLabel[];
  documents: ManifestDocument[];
  entities: ManifestEntity[];
  claims: ManifestClaim[];
  notes: ManifestNote[];
  /** Format-specific facts (e.g. CoNLL's layer count). */
  details?: Record<string, unknown>;
}

/**
 * Whitespace-free, unique tokens for label names (brat types and CoNLL tags cannot hold spaces):
 * runs of characters other than letters, digits, `_` and `-` become `_`; a name that does not
 * start with a letter gets an `L_` prefix; clashes get `_2`, `_3`…
 */
export function labelTags(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let base = name.trim().replace(/[^\p{L}\p{N}_-]+/gu, '_');
    if (!/^\p{L}/u.test(base)) base = `L_${base}`;
    let tag = base;
    for (let n = 2; used.has(tag.toLowerCase()); n++) tag = `${base}_${n}`;
    used.add(tag.toLowerCase());
    return tag;
  });
}

/** The relation types Triangulate accepts: lowercase snake_case, a letter first, at most 64 characters. */
export const RELATION_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

/** A relation type as a file gives it: kept when it is one ({@link RELATION_TYPE}), else {@link relationTypeOf}. */
export function asRelationType(type: string): string {
  return RELATION_TYPE.test(type) ? type : relationTypeOf(type);
}

/**
 * A relation type Triangulate accepts (lowercase snake_case, starting with a letter) from another
 * tool's relation label: `foundedAt` → `founded_at`, `Pos-Reg` → `pos_reg`, `Arg 1` → `arg_1`.
 */
export function relationTypeOf(label: string): string {
  let type = label
    .trim()
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(type)) type = `r_${type}`;
  return type.slice(0, 64).replace(/_+$/, '') || 'related';
}

/** `anns.csv` → `anns.claims-matrix.csv`; a path without `.csv` gets `.claims-matrix.csv` appended. */
export function claimsMatrixPath(csvPath: string): string {
  return /\.csv$/i.test(csvPath) ? csvPath.replace(/\.csv$/i, '.claims-matrix.csv') : `${csvPath}.claims-matrix.csv`;
}

/** `anns.csv` → `anns.relations.csv`; a path without `.csv` gets `.relations.csv` appended. */
export function relationsCsvPath(csvPath: string): string {
  return /\.csv$/i.test(csvPath) ? csvPath.replace(/\.csv$/i, '.relations.csv') : `${csvPath}.relations.csv`;
}

/** Where in a file something was found, for error messages. */
export interface Where {
  file: string;
  line?: number;
  field?: string;
}

/**
 * `file.jsonl, line 3, field “spans[0]”`: where something is, as error messages name it. A field
 * path holds names read from the file (attribute names, CSV columns, ids): a long one is cut.
 */
export function place(where: Where): string {
  let text = path.basename(where.file);
  if (where.line !== undefined) text += `, line ${where.line}`;
  if (where.field !== undefined) text += `, field “${shorten(where.field, 60)}”`;
  return text;
}

function detailsOf(where: Where): Record<string, unknown> {
  return {
    file: where.file,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.field !== undefined ? { field: where.field } : {}),
  };
}

/** `invalid_file`: names the file, line and field, and says what was expected. */
export function invalidFile(where: Where, message: string): ApiError {
  return new ApiError('invalid_file', `${place(where)}: ${message}`, detailsOf(where));
}

/** `invalid_range`: offsets that do not fit the text. Reported, never shifted. */
export function invalidRange(where: Where, message: string): ApiError {
  return new ApiError('invalid_range', `${place(where)}: ${message}`, detailsOf(where));
}

/** `text` cut to at most `max` characters, ending with `…` when cut; never between the halves of a surrogate pair. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/**
 * What is wrong with text `JSON.parse` refused, without V8's quote of the text itself (`Unexpected
 * token 'r', "root:x:0:0"... is not valid JSON`): a file that is not a dataset must never have
 * its content echoed back to whoever asked to import it.
 */
export function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  if (at) return `not valid JSON at character ${Number(at[1]) + 1}`;
  if (/Unexpected end of JSON input/.test(message)) return 'not valid JSON: it stops before the value is complete';
  // One character of the text is no leak, and says what to look for.
  const token = /^Unexpected token '(.)'/u.exec(message);
  if (token) return `not valid JSON: unexpected ${JSON.stringify(token[1])}`;
  return 'not valid JSON';
}

/**
 * A value named in an error message. Short strings (a tag, a label, an id) are quoted, which is
 * what lets a person find a typo; longer ones, objects and lists are only described, so that a
 * file that is not a dataset at all (a password file, a key) is never echoed back to the caller.
 */
export function excerpt(value: unknown, max = 24): string {
  if (typeof value === 'string') {
    const chars = [...value].length;
    return chars <= max ? JSON.stringify(value) : `a text of ${chars} characters`;
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(JSON.stringify(value) ?? value);
}
