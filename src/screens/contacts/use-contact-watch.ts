import { useEffect } from 'react';
import type { AgentClient } from '../../client/session.js';

/**
 * Tell the server which contacts this panel shows (contacts.watch), so their
 * changes reach it and nobody else's do; said again whenever the list
 * changes and whenever the connection comes back (a restarted server has
 * forgotten). An empty list stops the events; null leaves it to a part of
 * the screen that says it itself.
 */
export function useContactWatch(client: AgentClient, ids: string[] | null): void {
  // null: a part of this screen says it (the merge view): say nothing.
  const key = ids === null ? null : ids.join(',');
  useEffect(() => {
    if (key === null) return;
    const list = key ? key.split(',') : [];
    const say = () => void client.send('contacts.watch', { ids: list }).catch(() => {});
    say();
    let online = client.connection === 'online';
    const off = client.onChange(() => {
      const now = client.connection === 'online';
      if (now && !online) say();
      online = now;
    });
    return () => {
      off();
    };
  }, [client, key]);
  // Nothing on screen once the owner goes.
  useEffect(() => () => void client.send('contacts.watch', { ids: [] }).catch(() => {}), [client]);
}
