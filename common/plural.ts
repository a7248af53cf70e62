/**
 * Counts in words: "1 entity", "2 entities", "0 claims". The one helper the workbench, the
 * command line and the workspace's history summaries use, so that no count reads "1 entities"
 * or "3 document(s)".
 */

/**
 * The plural of an English noun by the regular rules: a consonant then `y` → `ies` (entity,
 * entities), `s`, `x`, `z`, `ch`, `sh` → `es` (match, matches; alias, aliases), else `s`.
 */
export function pluralForm(one: string): string {
  if (/[^aeiou]y$/i.test(one)) return `${one.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/i.test(one)) return `${one}es`;
  return `${one}s`;
}

/** `n` and the noun: `one` for exactly 1, else `many` (by default {@link pluralForm} of `one`). */
export function plural(n: number, one: string, many = pluralForm(one)): string {
  return `${n} ${n === 1 ? one : many}`;
}
