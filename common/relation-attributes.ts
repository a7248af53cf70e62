/**
 * The rules of a relation's attributes, in one place for every way in: the API's params schema
 * (common/contract/schema.ts) and the dataset importers (db/datasets) check the same map with
 * {@link relationAttributesProblem}.
 *
 * A relation's attributes are a small map of lowercase snake_case names to text values. Two
 * names have a meaning, whatever the relation's type: `stance`, the attributed source's own
 * stance on the claim (one of {@link SOURCE_STANCES}), and `cue`, the reporting verb or phrase
 * that attributes it ("said", "told Russian news agencies"), one line of at most
 * {@link RELATION_CUE_MAX} characters.
 */
import { SOURCE_STANCES } from './domain.js';

/** At most this many attributes on one relation. */
export const RELATION_ATTRIBUTES_MAX = 20;
/** At most this many characters in a cue. */
export const RELATION_CUE_MAX = 100;
/** At most this many characters in any other attribute value. */
export const RELATION_VALUE_MAX = 1000;
/** An attribute name: lowercase snake_case, a letter first, at most 64 characters. */
export const RELATION_ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** What is wrong with a relation's attribute map, naming the attribute; null when nothing is. */
export function relationAttributesProblem(attributes: Readonly<Record<string, unknown>>): {
  field: string;
  message: string;
} | null {
  const entries = Object.entries(attributes);
  if (entries.length > RELATION_ATTRIBUTES_MAX) {
    return {
      field: 'attributes',
      message: `${entries.length} attributes; a relation carries at most ${RELATION_ATTRIBUTES_MAX}.`,
    };
  }
  for (const [name, value] of entries) {
    const field = `attributes.${name.slice(0, 64)}`;
    if (!RELATION_ATTRIBUTE_NAME.test(name)) {
      return { field, message: 'an attribute name is lowercase snake_case, a letter first (e.g. stance, cue).' };
    }
    if (typeof value !== 'string') return { field, message: 'an attribute value is text.' };
    if (name === 'stance' && !(SOURCE_STANCES as readonly string[]).includes(value)) {
      return { field, message: `the stance of a source is one of ${SOURCE_STANCES.join(', ')}.` };
    }
    if (name === 'cue' && (!value.trim() || value.length > RELATION_CUE_MAX || /[\r\n]/.test(value))) {
      return { field, message: `a cue is one line of 1 to ${RELATION_CUE_MAX} characters (e.g. “said”).` };
    }
    if (value.length > RELATION_VALUE_MAX) {
      return { field, message: `an attribute value has at most ${RELATION_VALUE_MAX} characters.` };
    }
  }
  return null;
}
