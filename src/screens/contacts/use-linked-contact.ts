import { useEffect, useState } from 'react';
import type { AgentClient } from '../../client/session.js';
import type { Contact } from '../../core/protocol/contacts.js';
import { useStore } from '../hooks.js';
import { useContactWatch } from './use-contact-watch.js';

/**
 * The contact a conversation or call is linked to, read from the server and
 * watched while shown (an edit elsewhere shows at once); null when not
 * linked, or gone (deleted or merged away).
 */
export function useLinkedContact(client: AgentClient, id: string | null): Contact | null {
  const store = useStore(client);
  const [fetched, setFetched] = useState<Contact | null>(null);
  useContactWatch(client, id ? [id] : []);
  useEffect(() => {
    let live = true;
    setFetched(null);
    if (!id) return;
    client.send('contact.get', { id }).then(
      (r) => live && setFetched(r.contact),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, id]);
  if (!id) return null;
  return store.get('contact', id) ?? (fetched?.id === id ? fetched : null);
}
