import { useEffect, useState } from 'react';
import type { AgentClient } from '../../client/session.js';
import type { Contact } from '../../core/protocol/contacts.js';

export interface ContactWindow {
  total: number | null;
  top: number;
  rows: Contact[];
  error: string | null;
}

/**
 * The rows of the Contacts list in view, read from the server
 * (contacts.search) for the query and the window's place: the directory may
 * hold 100,000 contacts, so only a screenful is ever fetched. What was shown
 * stays until the next answer, so scrolling does not flicker. `version`
 * asks again (a contact on screen changed, R, a save).
 */
export function useContactWindow(client: AgentClient, query: string, top: number, size: number, version: number): ContactWindow {
  const [state, setState] = useState<ContactWindow>({ total: null, top: 0, rows: [], error: null });
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      client.send('contacts.search', { query, offset: top, limit: Math.max(1, size) }).then(
        (r) => live && setState({ total: r.total, top, rows: r.rows, error: null }),
        (e: Error) => live && setState((s) => ({ ...s, error: e.message })),
      );
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, query, top, size, version]);
  return state;
}
