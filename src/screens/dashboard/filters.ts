import { parseDateInput } from './time.js';

/**
 * Column filters, as the filter form edits them: every value is the text the
 * agent typed or the choice they made; empty means "any". The same specs
 * drive the form, the summary line and the matching, so they cannot disagree.
 */
export type FilterField = (
  | { key: string; label: string; kind: 'text' }
  | { key: string; label: string; kind: 'choice'; options: Array<{ value: string; label: string }> }
  | { key: string; label: string; kind: 'number'; unit?: string }
  | { key: string; label: string; kind: 'date'; end: 'start' | 'end' }
) & {
  /** The line under the form while this field is focused, when the kind's usual one does not fit it. */
  hint?: string;
};

export type FilterValues = Record<string, string>;

export interface Comparison {
  op: '>=' | '<=' | '>' | '<' | '=';
  n: number;
}

/** "3" means at least 3 (what one filters a count by); ">3", "<=2", "=0" say otherwise. */
export function parseComparison(text: string): Comparison | null {
  const m = /^\s*(>=|<=|>|<|=)?\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  return { op: (m[1] ?? '>=') as Comparison['op'], n: Number(m[2]) };
}

export function compare(value: number, c: Comparison): boolean {
  switch (c.op) {
    case '>=':
      return value >= c.n;
    case '<=':
      return value <= c.n;
    case '>':
      return value > c.n;
    case '<':
      return value < c.n;
    default:
      return value === c.n;
  }
}

/** Every word of the filter appears in one of the texts (case-insensitive). */
export function textMatches(filter: string, ...texts: Array<string | null | undefined>): boolean {
  const hay = texts.filter(Boolean).join(' ').toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export function activeFilters(values: FilterValues): number {
  return Object.values(values).filter((v) => v.trim() !== '').length;
}

/** Why the values cannot be applied (a number or date that is not one), or null. */
export function invalidFilter(fields: FilterField[], values: FilterValues, now: number): string | null {
  for (const f of fields) {
    const v = (values[f.key] ?? '').trim();
    if (!v) continue;
    if (f.kind === 'number' && !parseComparison(v)) return `${f.label}: write a number, or >, <, = and a number (e.g. >=2).`;
    if (f.kind === 'date' && parseDateInput(v, f.end, now) === null) return `${f.label}: write a date as 2026-01-31, 2026-01-31 14:30, today or yesterday.`;
  }
  return null;
}

/** "Name ava · State Paused · Calls >=1" for the line above a filtered table. */
export function describeFilters(fields: FilterField[], values: FilterValues): string {
  const parts: string[] = [];
  for (const f of fields) {
    const v = (values[f.key] ?? '').trim();
    if (!v) continue;
    if (f.kind === 'choice') parts.push(`${f.label} ${f.options.find((o) => o.value === v)?.label ?? v}`);
    else if (f.kind === 'number') {
      const c = parseComparison(v);
      parts.push(`${f.label} ${c ? `${c.op}${c.n}` : v}${'unit' in f && f.unit ? ` ${f.unit}` : ''}`);
    } else parts.push(`${f.label} ${v}`);
  }
  return parts.join(' · ');
}
