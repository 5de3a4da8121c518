/**
 * Which rows of the profile pane to show when they do not all fit (a short
 * log leaves the pane a few rows above it; a narrow pane stacks both columns).
 * Cutting the bottom off lost what matters most: an unassigned email's
 * "Transfers" row went while its ID and Channel (which the desk and the card
 * already say) stayed. The least important rows go first; the rest keep their
 * order.
 *
 * Lower is more important. The conversation's rows follow the manual's card
 * (start, queue, agent, transfer history, status and closure), then why it
 * came to me, then the ID and channel; the customer's follow the manual's
 * profile (name, email, phone, Facebook page, location) and the contact link
 * the email profile is for, then the details behind them.
 */
const IMPORTANCE: Record<string, number> = {
  // The conversation.
  Agent: 1,
  Status: 1,
  Closure: 1,
  Transfers: 2,
  Transfer: 2,
  Reassigned: 2,
  Queue: 3,
  Started: 3,
  'Why me': 4,
  Capacity: 5,
  Workload: 5,
  ID: 6,
  Channel: 7,
  // The customer.
  Name: 1,
  Email: 1,
  Phone: 1,
  Contact: 1,
  WhatsApp: 2,
  Facebook: 2,
  Page: 2,
  Location: 2,
  map: 3,
  'Page ID': 3,
  Company: 3,
  Emails: 3,
  Phones: 3,
  Type: 4,
  Notes: 4,
  IP: 4,
  'Lat, lon': 5,
};

/** A row with no rank of its own: among the details. */
const UNRANKED = 3;

/** A profile row: a label and its value, a link, or a title. */
export type ProfileRowData = readonly [string, string];

function importance(row: ProfileRowData, index: number): number {
  // The column's own title names it; a title further down (the linked contact's, or the second column stacked under the first) heads what follows.
  if (row[0] === 'title') return index === 0 ? 0 : 1;
  return IMPORTANCE[row[0]] ?? UNRANKED;
}

/**
 * The rows to show in `room` rows: all of them when they fit, else the most
 * important in their order. Among equals the earlier row stays, except
 * transfers: the latest says who had it last.
 */
export function fitProfileRows<R extends ProfileRowData>(rows: R[], room: number): R[] {
  if (rows.length <= room) return rows;
  const transfers = rows.map((r, i) => (r[0] === 'Transfer' || r[0] === 'Reassigned' ? i : -1)).filter((i) => i >= 0);
  const rank = rows.map((r, i) => {
    const t = transfers.indexOf(i);
    // Earlier transfers rank a little below the latest (never below the next rank).
    return importance(r, i) + (t >= 0 ? (transfers.length - 1 - t) / (transfers.length + 1) : 0);
  });
  const kept = rows
    .map((_, i) => i)
    .sort((a, b) => rank[a]! - rank[b]! || a - b)
    .slice(0, Math.max(0, room));
  return kept.sort((a, b) => a - b).map((i) => rows[i]!);
}
