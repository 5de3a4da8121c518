import stringWidth from 'string-width';
import { fit } from '../../../ui/format.js';

/**
 * The share of a log line the head ("14:02 Name: ") may take at most. The
 * message text wraps in what is left and its continuation lines are indented
 * under it, so a head as wide as the dialog (visitor names run to 100
 * characters) would leave the text no room at all.
 */
const HEAD_SHARE = 1 / 3;

/**
 * The head of a message in a read-only log, and how far its continuation
 * lines are indented: "14:02 Name: " for a person, "14:02 · " for a notice.
 * A long name is cut so the head never takes more than its share of `room`.
 */
export function messageHead(time: string, who: string | null, room: number): { head: string; indent: number } {
  if (who === null) {
    const head = `${time} · `;
    return { head, indent: stringWidth(head) };
  }
  const most = Math.floor(room * HEAD_SHARE);
  const name = fit(who, Math.max(1, most - stringWidth(time) - 3));
  const head = `${time} ${name}: `;
  return { head, indent: stringWidth(head) };
}
