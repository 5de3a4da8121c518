import React, { createContext, useContext, useEffect, useState } from 'react';
import { DraftFile } from '../client/drafts.js';
import { draftsPathFor } from '../client/paths.js';
import { useApp } from './app-context.js';

const Ctx = createContext<DraftFile>(new DraftFile(null));

/** The logged-in agent's unsent drafts, kept on disk (client/drafts.ts); in memory only where the panel has no journal file. */
export function useDrafts(): DraftFile {
  return useContext(Ctx);
}

/** Keys of the draft file: a conversation's composer and its reply's extras, a call's feedback form. */
export const composerKey = (conversation: string) => `composer:${conversation}`;
/** A reply's copies, signature and attached files (screens/chats/reply-extras.ts), beside its text. */
export const extrasKey = (conversation: string) => `extras:${conversation}`;
export const FORM_KEY_PREFIX = 'form:';
export const formKey = (call: string) => `${FORM_KEY_PREFIX}${call}`;

/**
 * Opens the agent's draft file for as long as they are logged in to this
 * panel; what is still waiting to be written is written when the panel goes
 * (logout, a clean exit): only a kill can take the last moments of typing.
 */
export function DraftsProvider({ agent, children }: { agent: string; children: React.ReactNode }) {
  const { info, toast } = useApp();
  const [drafts] = useState(
    () =>
      new DraftFile(info.journalPath ? draftsPathFor(info.journalPath, agent) : null, {
        onError: (e) => toast(`Your drafts cannot be kept on disk (${e.message}); they are kept while the panel runs.`, 'warning'),
      }),
  );
  useEffect(() => () => drafts.close(), [drafts]);
  return <Ctx.Provider value={drafts}>{children}</Ctx.Provider>;
}
