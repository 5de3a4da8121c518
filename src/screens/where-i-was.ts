import type { DraftFile } from '../client/drafts.js';
import type { Conversation } from '../core/protocol/model.js';
import { SECTIONS, type SectionId } from './sections.js';

/**
 * Where the agent was in the panel, kept in the drafts file beside what they
 * typed: a killed `switchboard connect` or a cut SSH session used to bring
 * them back on Calls, their half-typed reply waiting in a chat they had to
 * find again. Per agent and server, as the drafts are; the panel's own
 * affair, the core knows nothing of it.
 */
export const SECTION_PLACE_KEY = 'place:section';
/** The conversation open on a desk (Chats, Email). */
export const openPlaceKey = (desk: string) => `place:open:${desk}`;

/** Keep the section; Calls, where a panel opens anyway, is kept as nothing. */
export function keepSection(drafts: DraftFile, section: SectionId): void {
  drafts.set(SECTION_PLACE_KEY, section === 'calls' ? null : section);
}

/** The section to open at login: the one kept, unless a call rings for the agent (it is answered on Calls). */
export function sectionToOpen(drafts: DraftFile, callRinging: boolean): SectionId {
  if (callRinging) return 'calls';
  const kept = drafts.get(SECTION_PLACE_KEY);
  return SECTIONS.find((s) => s.id === kept)?.id ?? 'calls';
}

/** The conversation to open again on a desk: the one kept, while it is still the agent's and open. */
export function conversationToOpen(drafts: DraftFile, desk: string, mine: readonly Conversation[], me: string): string | null {
  const kept = drafts.get(openPlaceKey(desk));
  const still = mine.find((c) => c.id === kept);
  return still && still.agent === me && still.status !== 'closed' ? still.id : null;
}

/**
 * An agent who logs out has ended their shift at this panel: the next login
 * (often the next day) starts on Calls, not in yesterday's chat. Only a panel
 * that went without logging out (killed, a cut SSH session, a clean exit)
 * opens where it was.
 */
export function forgetPlace(drafts: DraftFile): void {
  drafts.set(SECTION_PLACE_KEY, null);
  for (const key of drafts.keys('place:open:')) drafts.set(key, null);
}
