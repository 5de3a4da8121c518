import type { FeedbackFormConfig } from './config/schema.js';
import { CoreError } from './errors.js';

export type FormValue = string | number | boolean;

function invalid(message: string, field: string): never {
  throw new CoreError('FORM_INVALID', message, { field });
}

/**
 * Check a feedback form's values against its typed fields and return them in
 * their proper types. Scripts send everything as text ("yes", "4"), so text
 * is read as the field's type; anything that cannot be is refused with a
 * sentence naming the field.
 */
export function validateForm(form: FeedbackFormConfig, values: Record<string, unknown>): Record<string, FormValue> {
  const fields = new Map(form.fields.map((f) => [f.name, f]));
  for (const name of Object.keys(values)) {
    if (!fields.has(name)) invalid(`The form "${form.title}" has no field "${name}".`, name);
  }
  const out: Record<string, FormValue> = {};
  for (const field of form.fields) {
    const label = field.label ?? field.name;
    const raw = values[field.name];
    const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (field.required) invalid(`${label} is required.`, field.name);
      continue;
    }
    switch (field.type) {
      case 'text': {
        if (typeof raw !== 'string' && typeof raw !== 'number') invalid(`${label} must be text.`, field.name);
        const text = String(raw);
        if (text.length > 2000) invalid(`${label} must be at most 2000 characters.`, field.name);
        out[field.name] = text;
        break;
      }
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
        const range = field.min !== undefined && field.max !== undefined ? ` from ${field.min} to ${field.max}` : field.min !== undefined ? ` of at least ${field.min}` : field.max !== undefined ? ` of at most ${field.max}` : '';
        if (!Number.isFinite(n)) invalid(`${label} must be a number${range} (got "${String(raw)}").`, field.name);
        if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max))
          invalid(`${label} must be a number${range}.`, field.name);
        out[field.name] = n;
        break;
      }
      case 'choice': {
        const options = field.options ?? [];
        const match = typeof raw === 'string' ? options.find((o) => o.toLowerCase() === raw.trim().toLowerCase()) : undefined;
        if (!match) invalid(`${label} must be one of ${options.join(', ')}.`, field.name);
        out[field.name] = match;
        break;
      }
      case 'date': {
        const text = String(raw).trim();
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
        const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
        if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]))
          invalid(`${label} must be a date like 2026-03-31.`, field.name);
        out[field.name] = text;
        break;
      }
      case 'yesno': {
        const text = String(raw).trim().toLowerCase();
        if (raw === true || ['yes', 'y', 'true'].includes(text)) out[field.name] = true;
        else if (raw === false || ['no', 'n', 'false'].includes(text)) out[field.name] = false;
        else invalid(`${label} must be yes or no.`, field.name);
        break;
      }
    }
  }
  return out;
}
