/**
 * The building blocks of the API contract: the zod pieces every namespace's params share (ids,
 * offsets, fragments, attributes, statuses, colours, ...) and the two declarers that turn a params
 * schema and a description into one method entry. Namespace files (`workspace.ts`,
 * `annotations.ts`, ...) build their method maps from these; `common/contract.ts` merges the maps.
 */
import { z } from 'zod';
import { ANNOTATION_STATUSES, ENTITY_TYPES } from '../domain.js';
import { relationAttributesProblem } from '../relation-attributes.js';
import { hasVisibleCharacter, normalizeName } from '../text.js';

// ---------------------------------------------------------------------------------------------
// Building blocks

/**
 * The limits of the API's strings and lists: its schemas below and in the namespace files, and the
 * dataset importers (db/datasets), read them from here, so every way in enforces the same ones.
 */
export const LIMITS = {
  /** Characters of a record id. */
  id: 200,
  /** Fragments of one annotation. */
  fragments: 1000,
  /** Characters of an attribute's name. */
  attributeName: 100,
  /** Characters of an annotation's attribute value. */
  attributeValue: 1000,
  /** Characters of a label's name (in canonical form). */
  labelName: 100,
  /** Characters of a label's subtype. */
  labelSubtype: 100,
  /** Attribute definitions of one label. */
  labelAttributes: 20,
  /** Values of one attribute definition, and characters of each. */
  attributeValues: 50,
  attributeValueName: 100,
  /** Characters of the note of an annotation, entity, claim or relation. */
  note: 20000,
  /** Characters of a note's body (`notes.*`). */
  noteBody: 100000,
  /** Characters of an entity's name or of one alias. */
  entityName: 300,
  /** Aliases of one entity. */
  aliases: 500,
  /** Characters of a claim's summary. */
  claimSummary: 2000,
  /** Characters of an entity's external (knowledge-base) id. */
  externalId: 200,
  /** Characters of an author name a dataset carries (the API sets authors itself). */
  author: 200,
  /** Labels one dataset import may create. */
  newLabelsPerImport: 200,
} as const;

/** A record id (document, label, annotation, entity, ...): 1 to {@link LIMITS.id} characters. */
export const id = z.string().min(1).max(LIMITS.id);
/** A UTF-16 offset into a document's text. */
export const offset = z.number().int().min(0);
/** One span of a document: `[start, end)` in UTF-16 offsets. */
export const fragment = z.strictObject({ start: offset, end: offset });
/** The spans of one annotation: 1 to 1000 fragments. */
export const fragments = z.array(fragment).min(1).max(LIMITS.fragments);
/** An annotation's attribute map: attribute name → value. */
export const attributes = z.record(z.string().min(1).max(LIMITS.attributeName), z.string().max(LIMITS.attributeValue));
/**
 * A relation's attribute map: lowercase snake_case names → text; `stance` one of the source
 * stances, `cue` one short line (the rules: common/relation-attributes.ts).
 */
export const relationAttributes = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  const problem = relationAttributesProblem(value);
  if (!problem) return;
  const name = problem.field.slice('attributes.'.length);
  ctx.addIssue({ code: 'custom', message: problem.message, path: name ? [name] : [] });
});
/** An annotation's review status. */
export const status = z.enum(ANNOTATION_STATUSES);
/** The type of a canonical entity. */
export const entityType = z.enum(ENTITY_TYPES);
/** A CSS colour, `#rrggbb`. */
export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');
/** The single keyboard key that applies a label, or null for none. */
export const labelKey = z
  .string()
  .regex(/^[a-z0-9]$/, 'a single lowercase letter or digit')
  .nullable();
/** Definition of an attribute a label's annotations carry (e.g. claim stance). */
export const attributeDefinition = z.strictObject({
  name: z.string().min(1).max(LIMITS.attributeName),
  values: z.array(z.string().min(1).max(LIMITS.attributeValueName)).min(1).max(LIMITS.attributeValues),
  default: z.string().optional(),
});
/** A relation type: lowercase snake_case, e.g. `attributed_to`. */
export const relationType = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a lowercase snake_case relation type such as attributed_to');
/**
 * A label's name: 1 to 100 characters once put in canonical form (NFC, trimmed: the parsed value
 * is that form), with at least one visible character (not only zero-width or blank ones).
 */
export const labelName = z
  .string()
  .overwrite(normalizeName)
  .min(1)
  .max(LIMITS.labelName)
  .refine(hasVisibleCharacter, 'a name with at least one visible character');
/** Text that is not blank once trimmed, at most `max` characters (the parsed value is trimmed). */
export const nonEmptyText = (max: number) => z.string().trim().min(1).max(max);
/** The params of a method that takes none: `{}`, unknown keys refused. */
export const empty = z.strictObject({});
/** The tag a long-running method's progress events carry, so a caller can follow or cancel it. */
export const taskId = z.string().max(100);

/**
 * An opaque grant for one file the person chose in the workbench (a native open/save dialog in
 * the desktop app, an upload or a download in the browser host). Pages name files only this way;
 * a path is accepted from the command line and the desktop's own menu, never from a page
 * (docs/transport.md, "Files").
 */
export const fileGrant = z.string().regex(/^fg_[A-Za-z0-9_-]{16,64}$/, 'a file grant from the workbench');

/**
 * A file handed to an import: a path on the workspace's machine (command line), a grant (a page),
 * or inline content.
 */
export const importSource = z.union([
  z.strictObject({
    path: z.string().min(1),
    /** The name to record as the document's origin, when not the path. */
    name: z.string().min(1).max(500).optional(),
  }),
  z.strictObject({ grant: fileGrant }),
  z.strictObject({
    name: z.string().min(1).max(500),
    content: z.string(),
    /** `text` (default) for UTF-8 text, `base64` for raw bytes (checked for UTF-8). */
    encoding: z.enum(['text', 'base64']).optional(),
  }),
]);

// ---------------------------------------------------------------------------------------------
// Declarers

/** One entry of the method table: its params schema, its description and its (phantom) result type. */
export interface MethodSpec<P extends z.ZodType = z.ZodType, R = unknown> {
  /** Validates the params at the dispatcher; by convention a strict object, refusing unknown keys. */
  params: P;
  /** What the method does, in a sentence or two; `triangulate methods` shows it. */
  description: string;
  /** Phantom: carries the result type only (the value is `undefined`). */
  result: R;
  /** For results that cross machines: the runtime schema the result type is inferred from. */
  resultSchema?: z.ZodType<R>;
}

/** Declares one method whose result is typed only: `method<Result>()(paramsSchema, description)`. */
export function method<R>() {
  return <P extends z.ZodType>(params: P, description: string) => ({
    params,
    description,
    /** Phantom: carries the result type only. */
    result: undefined as unknown as R,
  });
}

/**
 * Declares one method whose result also has a runtime schema:
 * `methodWithResult(resultSchema)(paramsSchema, description)`. The result type is
 * `z.output<typeof resultSchema>`, so the type and the schema cannot drift apart; a host or client
 * can check a result with `resultSchema.parse(...)`.
 */
export function methodWithResult<S extends z.ZodType>(resultSchema: S) {
  return <P extends z.ZodType>(params: P, description: string) => ({
    params,
    description,
    resultSchema,
    /** Phantom: carries the result type only. */
    result: undefined as unknown as z.output<S>,
  });
}

/**
 * `true` when `A` and `B` are assignable to each other: used at compile time to pin a result
 * schema to the domain type it mirrors (e.g. `DocumentSummary`).
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when given `true`: `type _Check = Assert<Same<X, Y>>`. */
export type Assert<T extends true> = T;
