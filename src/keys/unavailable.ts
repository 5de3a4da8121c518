import type { KeyCommandId } from './registry.js';

/**
 * Why a command of the palette does nothing where the agent is now: the
 * palette lists it greyed with this reason (a screen offers it, but not in
 * this state). Commands not named here say the general sentence.
 */
const REASONS: Partial<Record<KeyCommandId, string>> = {
  'agent.pause': 'you are paused already',
  'agent.unpause': 'you are not paused',
  'call.answer': 'no call is ringing for you',
  'call.decline': 'no call is ringing for you',
  'call.hangup': 'no call to hang up',
  'call.hold': 'only on an answered call',
  'call.resume': 'no call on hold',
  'call.transfer': 'only on an answered call',
  'chats.assign': 'only for a chat waiting in Unassigned',
  'chats.hide': 'only for a chat that has ended',
  'conversation.reply': 'only in a live chat of yours',
  'conversation.assign': 'only for a chat nobody has, in one of your queues',
  'conversation.subject': 'only in a live chat of yours',
  'conversation.transfer': 'only in a live chat of yours',
  'conversation.status': 'only in a live chat of yours',
  'conversation.close': 'only in a live chat',
  'conversation.hide': 'only for a chat that has ended',
  'conversation.ban': 'only for a live chat with a known address',
  'conversation.map': 'the customer has no known location',
  'conversation.files': 'no files in this conversation',
};

export function unavailableReason(id: KeyCommandId): string {
  return REASONS[id] ?? 'not possible here right now';
}
