import { CoreError } from '../errors.js';
import { PLACEHOLDER, placeholderTable, type PlaceholderValues } from './placeholder-values.js';

export type { PlaceholderValues } from './placeholder-values.js';

/**
 * Fill {{customer.name}}-style placeholders on send. A placeholder with no
 * value refuses the message rather than send "Dear ," to a customer.
 */
export function fillPlaceholders(text: string, v: PlaceholderValues): string {
  const values = placeholderTable(v);
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    const k = key.toLowerCase();
    if (!(k in values)) throw new CoreError('UNKNOWN_PLACEHOLDER', `${whole} is not a placeholder switchboard knows.`);
    const value = values[k];
    if (!value) throw new CoreError('PLACEHOLDER_EMPTY', `${whole} has no value in this conversation; edit the message before sending.`);
    return value;
  });
}
