/**
 * Domain types of a Triangulate workspace, as they travel over the API.
 *
 * Offsets are UTF-16 code-unit offsets into a document's canonical text (what JavaScript strings
 * index by). Formats that count Unicode code points convert at the edge (see `common/text.ts`).
 * All ids are opaque strings. Timestamps are ISO-8601 strings in UTC.
 */

export const LABEL_KINDS = ['claim', 'source', 'entity'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export const ENTITY_TYPES = ['person', 'organization', 'country', 'place', 'group', 'outlet', 'other'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const ANNOTATION_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

export const CLAIM_STANCES = ['asserted', 'reported', 'denied', 'questioned'] as const;
export type ClaimStance = (typeof CLAIM_STANCES)[number];

/**
 * The stance an attributed source takes on a claim, carried by the `attributed_to` relation (its
 * `stance` attribute): the Claim label's own vocabulary, read from the source's side ("the
 * ministry denied it"), so that an outlet's framing and its source's stance compare directly.
 */
export const SOURCE_STANCES = CLAIM_STANCES;
export type SourceStance = ClaimStance;

/** Relation types offered by default; any lowercase snake_case type is accepted. */
export const RELATION_TYPES = ['attributed_to', 'cites', 'contradicts', 'supports', 'same_as'] as const;

/** A half-open range `[start, end)` of UTF-16 code units in a document's text. */
export interface Fragment {
  start: number;
  end: number;
}

/** A paragraph of a document, as a half-open range into its text. */
export interface Paragraph {
  start: number;
  end: number;
}

/** What a document holds, rejected annotations left out. */
export interface DocumentCounts {
  /** Claim annotations. */
  claims: number;
  /** Source annotations. */
  sources: number;
  /**
   * Distinct entities: each linked entity once (through entity or source annotations), plus each
   * unlinked entity name once per label, case aside. Not the number of entity mentions.
   */
  entities: number;
  /** Annotations of every kind. */
  annotations: number;
}

/** A document without its text: what lists show. */
export interface DocumentSummary {
  id: string;
  title: string;
  outlet: string | null;
  /** Publication date, `YYYY-MM-DD` where known. */
  publishedAt: string | null;
  /** Where the document came from: file name or URL. */
  origin: string | null;
  /** `sha256:` + hex digest of the canonical text. */
  contentHash: string;
  /** Length of the text in UTF-16 code units. */
  length: number;
  importedAt: string;
  /** Whether an analyst has marked the document reviewed (`documents.setReviewed`). */
  reviewed: boolean;
  counts: DocumentCounts;
}

export interface Document extends DocumentSummary {
  text: string;
  paragraphs: Paragraph[];
  metadata: Record<string, unknown>;
}

/** Definition of an attribute a label's annotations carry (e.g. claim stance). */
export interface AttributeDefinition {
  name: string;
  /** The allowed values; the first is not implied as default unless `default` says so. */
  values: string[];
  default?: string;
}

export interface Label {
  id: string;
  name: string;
  kind: LabelKind;
  /** For entity labels: which kind of entity (person, organization, ...). */
  subtype: string | null;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** Single keyboard key that applies the label, or null. */
  key: string | null;
  attributes: AttributeDefinition[];
  position: number;
}

export interface Annotation {
  id: string;
  documentId: string;
  labelId: string;
  /** Sorted, non-overlapping, non-empty fragments. */
  fragments: Fragment[];
  /** The text of the fragments, joined by ` … ` when there are several. */
  quote: string;
  /** Up to 32 code units of context before the first fragment. */
  prefix: string;
  /** Up to 32 code units of context after the last fragment. */
  suffix: string;
  attributes: Record<string, string>;
  author: string;
  status: AnnotationStatus;
  note: string;
  entityId: string | null;
  claimId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Entity {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  note: string;
  /** External identifier such as a Wikidata QID. */
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  mentionCount: number;
}

export interface Claim {
  id: string;
  summary: string;
  note: string;
  createdAt: string;
  updatedAt: string;
  mentionCount: number;
}

/** An annotation seen from a cross-document view, with its document's title and outlet. */
export interface Mention extends Annotation {
  documentTitle: string;
  documentOutlet: string | null;
}

export interface Relation {
  id: string;
  fromId: string;
  toId: string;
  type: string;
  /**
   * Attribute name → value. `stance` (one of {@link SOURCE_STANCES}) and `cue` (the reporting
   * verb, at most 100 characters) say how an attributed source stands on the claim.
   */
  attributes: Record<string, string>;
  note: string;
  author: string;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------
// Cross-article views

/** One column of the claims × documents matrix. */
export interface ClaimMatrixColumn {
  documentId: string;
  title: string;
  outlet: string | null;
  publishedAt: string | null;
  reviewed: boolean;
}

/** A source a claim mention is attributed to, with the attributed source's own stance and cue. */
export interface ClaimMatrixSource {
  /** The source annotation (in any document). */
  annotationId: string;
  quote: string;
  /** The entity the source annotation links to, if any, and its name. */
  entityId: string | null;
  entityName: string | null;
  /** The `stance` and `cue` attributes of the `attributed_to` relation. */
  stance: string | null;
  cue: string | null;
}

/** A claim mention in one cell of the matrix. */
export interface ClaimMatrixMention {
  annotationId: string;
  quote: string;
  /** The mention's `stance` attribute (the outlet's framing), or null. */
  stance: string | null;
  status: AnnotationStatus;
  sources: ClaimMatrixSource[];
}

/** One row of the matrix: a claim, where it first appeared, and one cell per column. */
export interface ClaimMatrixRow {
  claim: { id: string; summary: string };
  /** The earliest dated column with a mention of the claim, or null when none is dated. */
  firstAppearance: { documentId: string; publishedAt: string } | null;
  /** One cell per column, in column order. */
  cells: Array<{ documentId: string; mentions: ClaimMatrixMention[] }>;
}

/** The claims × documents matrix (`claims.matrix`). */
export interface ClaimMatrix {
  columns: ClaimMatrixColumn[];
  rows: ClaimMatrixRow[];
}

/** One entity of the entity index, with its mentions per document (`entities.index`). */
export interface EntityIndexEntry {
  entity: { id: string; name: string; type: EntityType; aliases: string[] };
  mentionCount: number;
  documents: Array<{
    documentId: string;
    title: string;
    outlet: string | null;
    /** Mentions of the entity in this document. */
    count: number;
    /** The distinct surface forms (quotes) used there, most used first. */
    names: string[];
  }>;
}

/** One step of an attribution chain: the source reached, and the relation that led to it. */
export interface SourceChainStep {
  annotationId: string;
  documentId: string;
  quote: string;
  entityId: string | null;
  entityName: string | null;
  relation: 'attributed_to' | 'cites';
  /** The `stance` and `cue` attributes of that relation. */
  stance: string | null;
  cue: string | null;
}

/** The attribution chains of one claim mention (`sources.chains`). */
export interface SourceChains {
  mention: { annotationId: string; documentId: string; quote: string; stance: string | null };
  /** Every path: `attributed_to` from the mention, then `cites` from source to source, to its end. */
  chains: SourceChainStep[][];
  /** Annotations at which a path came back on itself and was cut there. */
  cycles: string[];
  /** True when a path was cut at the depth cap or the chains were too many to list. */
  truncated: boolean;
}

export interface Note {
  id: string;
  /** What the note is about: a document, entity, claim or annotation id, or null for the workspace. */
  targetId: string | null;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export type HistoryState = 'done' | 'undone' | 'discarded' | 'permanent' | 'audit';

/** One logged operation of the workspace's history. */
export interface HistoryEntry {
  id: number;
  method: string;
  summary: string;
  author: string;
  at: string;
  /** done: can be undone; undone: can be redone; discarded: undone then superseded; permanent: cannot be undone; audit: an undo or redo (see targetId). */
  state: HistoryState;
  /** For `history.undo` / `history.redo` audit entries: the entry they acted on. */
  targetId: number | null;
  changeCount: number;
  /** The running program that made the entry (for an audit entry: that undid or redid). */
  session: HistorySession;
  /**
   * True when the entry is on the caller's own undo or redo stack: the last to do, undo or redo
   * it was the current analyst in this session. `history.undo {}` and `history.redo {}` act on
   * these only.
   */
  own: boolean;
  /** Where the entry acts: the documents and annotations its changes touch. */
  where: HistoryWhere;
}

/**
 * Kinds of running program that write to a workspace: the desktop app, the browser host
 * (`triangulate serve`), one command-line invocation, or another program using the API (a
 * script, a test). One session per running program.
 */
export const SESSION_KINDS = ['desktop', 'browser', 'cli', 'program'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Which running program made a history entry. */
export interface HistorySession {
  /** The session's id; null for entries written before sessions were recorded. */
  id: string | null;
  /** Null for entries written before sessions were recorded. */
  kind: SessionKind | null;
  /** For a person: "desktop app", "browser host", "command line", "program", "earlier session". */
  label: string;
  /** True when it is the caller's session (this running program). */
  current: boolean;
}

/**
 * The documents and annotations a history entry touches (at most {@link HISTORY_WHERE_LIMIT} of
 * each are listed; the counts say how many in all). An annotation's quote is cut to 60 characters.
 */
export interface HistoryWhere {
  documents: Array<{ id: string; title: string }>;
  documentCount: number;
  annotations: Array<{ id: string; documentId: string; quote: string }>;
  annotationCount: number;
}

/** How many documents, and how many annotations, a {@link HistoryWhere} lists. */
export const HISTORY_WHERE_LIMIT = 20;

/** One occurrence of a search query in a document's text. */
export interface SearchHit {
  documentId: string;
  title: string;
  outlet: string | null;
  /** The occurrence, as UTF-16 offsets into the document text: `text.slice(start, end)`. */
  start: number;
  end: number;
  /** Text around the hit; the hit and any other hit in view are wrapped in `[` `]`. */
  snippet: string;
}

/** One page of a corpus search: every occurrence, by document (date, title) then offset. */
export interface SearchResult {
  hits: SearchHit[];
  /** How many occurrences the whole corpus holds (every page). */
  total: number;
  /** The `offset` of the next page, or null when this page is the last. */
  nextOffset: number | null;
}

export interface WorkspaceStats {
  path: string;
  schemaVersion: number;
  appVersion: string;
  analyst: string;
  documents: number;
  annotations: number;
  entities: number;
  claims: number;
  relations: number;
  labels: number;
  historyEntries: number;
  byLabel: Array<{ labelId: string; name: string; count: number }>;
}

/** Which records a committed mutation touched. */
export type ChangedKind = 'document' | 'label' | 'annotation' | 'entity' | 'claim' | 'relation' | 'note' | 'setting';

export interface ChangedRecord {
  kind: ChangedKind;
  id: string;
  change: 'created' | 'updated' | 'deleted';
  /** For annotations: the document they belong to (before and after the change). */
  documentIds?: string[];
}
