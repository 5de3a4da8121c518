/**
 * What a server keeps per key that anyone can invent (an address, a
 * conversation, a call) is held in a plain Map bounded by these two: a Map
 * iterates in insertion order, so its first key is the oldest, and deleting a
 * key before setting it again moves it last, making the order least recently
 * used first.
 */

/** Forget the map's oldest keys until it holds at most `max`. */
export function forgetOldest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value!);
}

/** Set `key` as the most recently used, then forget the least recently used past `max`. */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  forgetOldest(map, max);
}
