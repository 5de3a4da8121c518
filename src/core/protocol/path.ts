/**
 * Where in a document a value is, as people write it: `agents[2].pin`,
 * `args.rows[0].phone`. Configuration errors and refused frames both say it.
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
