/**
 * The shape of each domain table's rows as SQLite returns them (`XRow`, JSON columns still as
 * text), the converters from a row to its domain object (`rowToX`), and the encodings of the JSON
 * columns that several writers share: fragments and paragraphs as `[start, end]` pairs, and an
 * entity's cleaned alias list. The queries of db/ read through the converters; dataset export
 * reads the row types, and the dataset importer writes through the same encoders as the
 * annotation, entity and document operations.
 */
import type {
  Annotation,
  AnnotationStatus,
  AttributeDefinition,
  Claim,
  Document,
  DocumentCounts,
  DocumentSummary,
  Entity,
  EntityType,
  Fragment,
  Label,
  LabelKind,
  Note,
  Paragraph,
  Relation,
} from '../common/domain.js';

export interface DocumentRow {
  id: string;
  title: string;
  outlet: string | null;
  published_at: string | null;
  origin: string | null;
  text: string;
  content_hash: string;
  paragraphs: string;
  metadata: string;
  imported_at: string;
}

export interface LabelRow {
  id: string;
  name: string;
  kind: string;
  subtype: string | null;
  color: string;
  key: string | null;
  attributes: string;
  position: number;
}

export interface AnnotationRow {
  id: string;
  document_id: string;
  label_id: string;
  start_offset: number;
  end_offset: number;
  fragments: string;
  quote: string;
  prefix: string;
  suffix: string;
  attributes: string;
  author: string;
  status: string;
  note: string;
  entity_id: string | null;
  claim_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface EntityRow {
  id: string;
  name: string;
  type: string;
  aliases: string;
  note: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  mention_count?: number;
}

export interface ClaimRow {
  id: string;
  summary: string;
  note: string;
  created_at: string;
  updated_at: string;
  mention_count?: number;
}

export interface RelationRow {
  id: string;
  from_id: string;
  to_id: string;
  type: string;
  /** JSON object: attribute name → value. */
  attributes: string;
  note: string;
  author: string;
  created_at: string;
}

export interface NoteRow {
  id: string;
  target_id: string | null;
  body: string;
  author: string;
  created_at: string;
  updated_at: string;
}

export function encodeFragments(fragments: readonly Fragment[]): string {
  return JSON.stringify(fragments.map((f) => [f.start, f.end]));
}

export function decodeFragments(json: string): Fragment[] {
  return (JSON.parse(json) as Array<[number, number]>).map(([start, end]) => ({ start, end }));
}

/** An attribute map as its JSON column stores it: keys sorted, so that equal maps are equal text. */
export function encodeAttributes(attributes: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(attributes)
        .sort()
        .map((k) => [k, attributes[k]]),
    ),
  );
}

export function encodeParagraphs(paragraphs: readonly Paragraph[]): string {
  return encodeFragments(paragraphs);
}

export const ZERO_COUNTS: DocumentCounts = { claims: 0, sources: 0, entities: 0, annotations: 0 };

/** A document row as summaries read it: without its text, with its length and review mark. */
export type DocumentSummaryRow = Omit<DocumentRow, 'text' | 'paragraphs' | 'metadata'> & {
  length: number;
  /** 1 while the document has a `document_review` row. */
  reviewed: number;
};

export function rowToDocumentSummary(row: DocumentSummaryRow, counts: DocumentCounts = ZERO_COUNTS): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    outlet: row.outlet,
    publishedAt: row.published_at,
    origin: row.origin,
    contentHash: row.content_hash,
    length: row.length,
    importedAt: row.imported_at,
    reviewed: row.reviewed === 1,
    counts,
  };
}

export function rowToDocument(row: DocumentRow & { reviewed: number }, counts: DocumentCounts = ZERO_COUNTS): Document {
  return {
    ...rowToDocumentSummary({ ...row, length: row.text.length }, counts),
    text: row.text,
    paragraphs: decodeFragments(row.paragraphs),
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
}

export function rowToLabel(row: LabelRow): Label {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as LabelKind,
    subtype: row.subtype,
    color: row.color,
    key: row.key,
    attributes: JSON.parse(row.attributes) as AttributeDefinition[],
    position: row.position,
  };
}

export function rowToAnnotation(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    documentId: row.document_id,
    labelId: row.label_id,
    fragments: decodeFragments(row.fragments),
    quote: row.quote,
    prefix: row.prefix,
    suffix: row.suffix,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    author: row.author,
    status: row.status as AnnotationStatus,
    note: row.note,
    entityId: row.entity_id,
    claimId: row.claim_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToEntity(row: EntityRow): Entity {
  return {
    id: row.id,
    name: row.name,
    type: row.type as EntityType,
    aliases: JSON.parse(row.aliases) as string[],
    note: row.note,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    mentionCount: row.mention_count ?? 0,
  };
}

export function rowToClaim(row: ClaimRow): Claim {
  return {
    id: row.id,
    summary: row.summary,
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    mentionCount: row.mention_count ?? 0,
  };
}

export function rowToRelation(row: RelationRow): Relation {
  return {
    id: row.id,
    fromId: row.from_id,
    toId: row.to_id,
    type: row.type,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    note: row.note,
    author: row.author,
    createdAt: row.created_at,
  };
}

export function rowToNote(row: NoteRow): Note {
  return {
    id: row.id,
    targetId: row.target_id,
    body: row.body,
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Aliases without the canonical name, without duplicates or blanks, in first-seen order. */
export function cleanAliases(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([name.trim()]);
  const out: string[] = [];
  for (const alias of aliases) {
    const a = alias.trim();
    if (!a || seen.has(a)) continue;
    seen.add(a);
    out.push(a);
  }
  return out;
}
