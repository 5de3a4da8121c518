/**
 * Values as PostgreSQL's text format reads them: the store sends a commit's
 * rows as a few arrays (one round trip, whatever the group's size).
 */

/** A number[] as an array literal: `{1,2,3}`. */
export function pgArray(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** A string[] as an array literal, each element quoted (`"` and `\` escaped); null as NULL. */
export function pgTextArray(values: ReadonlyArray<string | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** A connection URL fit for a log or an error: its password hidden. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
