import { useState } from 'react';
import type { ClientError } from '../client/session.js';

/**
 * A dialog's request to the server. While it is out the dialog is busy and a
 * second Enter sends nothing; a refusal is kept to show in the dialog, which
 * stays open (and no longer busy) to try again. On success the work closes the
 * dialog, so busy is left on.
 */
export function useRequest() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const request = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError((e as ClientError).message);
      setBusy(false);
    }
  };
  return { busy, error, setError, request };
}
