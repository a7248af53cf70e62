/**
 * Grouping the rows of a set-based read (the cross-article views) into the maps their results
 * are assembled from: the list or map kept under a key, created the first time the key comes.
 */

/** The list under `key`, a new empty one the first time. */
export function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** The map under `key`, a new empty one the first time. */
export function mapIn<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}
