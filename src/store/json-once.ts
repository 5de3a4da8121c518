/**
 * The JSON of one commit, each object serialised once. An event carries the
 * entity it changes (`{ message, reason }`) and the entity's row holds the
 * very same object, so every entity was serialised twice per commit: a
 * 20 KB mail, twice. Strings are kept by object identity for one commit
 * only, when nothing changes the objects any more.
 */
export class JsonOnce {
  private readonly seen = new Map<object, string>();

  /** `JSON.stringify(value)`, from the cache when this object was serialised before. */
  value(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    let text = this.seen.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      this.seen.set(value, text);
    }
    return text;
  }

  /** `JSON.stringify(record)` of a plain object, its fields through `value`. */
  record(record: Record<string, unknown>): string {
    const fields: string[] = [];
    for (const [key, value] of Object.entries(record)) {
      // What JSON.stringify leaves out of an object.
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      fields.push(`${JSON.stringify(key)}:${this.value(value)}`);
    }
    return `{${fields.join(',')}}`;
  }
}
