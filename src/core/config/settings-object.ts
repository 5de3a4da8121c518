import { z } from 'zod';

/**
 * A mapping of the configuration that refuses a setting it does not know.
 * zod drops unknown keys by default, so a misspelt one (`wrapUpSecs` for
 * `wrapUpSeconds`, `timezone` for `timeZone`) was taken without a word and
 * the default used in its place: the file said one thing and the centre did
 * another, and nobody was told. The refusal names the key and, when one of
 * the known settings is close to it, that one.
 */
export function settingsObject<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownSettings(issue.keys, known) : undefined),
  });
}

/** "unknown setting wrapUpSecs (did you mean wrapUpSeconds?)", or the settings there are when none is close. */
export function unknownSettings(keys: readonly string[], known: readonly string[]): string {
  const named = keys.map((key) => {
    const near = closestSetting(key, known);
    return near ? `${key} (did you mean ${near}?)` : key;
  });
  const list = `unknown setting${keys.length > 1 ? 's' : ''} ${named.join(', ')}`;
  return named.some((n, i) => n !== keys[i]) ? list : `${list}; the settings here are ${known.join(', ')}`;
}

/** The known setting a typo most likely meant: same letters in another case, or a few edits away. */
function closestSetting(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  // A third of the key's length: wrapUpSecs -> wrapUpSeconds (3 of 10), not pin -> name.
  return best && best.distance <= Math.max(1, Math.floor(key.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
