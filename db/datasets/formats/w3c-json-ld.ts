/**
 * Reading JSON-LD values as W3C annotations from any tool write them: a property may hold one
 * value or an array, a type may be under `type` or `@type`, a resource may be a bare IRI or an
 * object naming it by `source` or `id`, a creator a string or an agent with a name.
 */

/** A property's values: [] when missing or null, the array itself, or the one value. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first string among a property's values. */
export function firstString(value: unknown): string | undefined {
  for (const v of list(value)) if (typeof v === 'string') return v;
  return undefined;
}

/** The type names of a JSON-LD object (`type` or `@type`, one or many). */
export function typesOf(value: Record<string, unknown>): string[] {
  const type = value.type ?? value['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

/** The IRI of a resource: the string itself, its `source` (or the `id` of it), else its `id`. */
export function sourceOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.source === 'string') return o.source;
    if (typeof o.source === 'object' && o.source !== null && typeof (o.source as { id?: unknown }).id === 'string') {
      return (o.source as { id: string }).id;
    }
    if (typeof o.id === 'string') return o.id;
  }
  return undefined;
}

/** The author's name from a `creator`: a string, or an agent's name, nickname or id. */
export function authorOf(creator: unknown): string | undefined {
  for (const c of list(creator)) {
    if (typeof c === 'string') return c;
    if (typeof c === 'object' && c !== null) {
      const o = c as Record<string, unknown>;
      const name = firstString(o.name) ?? firstString(o.nickname) ?? firstString(o.id);
      if (name) return name;
    }
  }
  return undefined;
}
