/**
 * How deep a JSON value may nest. `JSON.stringify`, structured cloning (worker and IPC messages)
 * and schema validation all recurse, so a value nested thousands of levels deep would overflow
 * the stack wherever it goes next; the ways in (the dispatcher, dataset readers) measure the
 * depth first, without recursion, and refuse such a value with a message that says why.
 *
 * Isomorphic: no Node, no DOM.
 */

/** The deepest nesting accepted in request params and in imported JSON records. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `value` nests arrays or objects more than `limit` levels deep (a scalar is depth 0,
 * `[]` and `[1]` depth 1). Iterative, and stops at the first path over the limit, so it is safe
 * on any value, including a cyclic one (a cycle is infinitely deep).
 */
export function nestsDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit) return true;
    const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
