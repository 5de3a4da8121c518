import type { Engine } from '../../core/engine.js';
import type { Conversation, Message, ProviderChannel } from '../../core/protocol/model.js';
import { setNewest } from '../../core/bounded-map.js';

/**
 * What the agent does that the platform shows the customer: reading their
 * messages (WhatsApp's blue ticks, Messenger's "Seen") and typing. Both are
 * passing (not kept): a provider that is down for a moment costs a tick, not
 * a message, so they are sent once, without the outbox.
 */
export interface PresenceSink {
  /** The agent has read up to `latest`, the customer's newest message they saw. */
  seen(conversation: Conversation, latest: Message): void;
  /** The agent started (true) or stopped typing; `latest` is the customer's newest message, when known. */
  typing(conversation: Conversation, typing: boolean, latest: Message | null): void;
}

export function watchPresence(engine: Engine, channel: ProviderChannel, sink: PresenceSink): () => void {
  // The customer's newest message per conversation, as it arrives (a typing mark names it on WhatsApp).
  const latest = new Map<string, Message>();
  const offEvents = engine.subscribe((events) => {
    // One mark per conversation per transaction: marking the newest marks those before it.
    const newest = new Map<string, Message>();
    for (const e of events) {
      const m = (e.data as { message?: Message }).message;
      if (!m || m.author !== 'customer' || !m.externalId) continue;
      if (e.ev === 'message.created') remember(latest, m);
      if (e.ev !== 'message.updated' || m.seenAt === null) continue;
      const before = newest.get(m.conversation);
      if (!before || before.at <= m.at) newest.set(m.conversation, m);
    }
    for (const [id, m] of newest) {
      const c = engine.state.get('conversation', id);
      if (c?.channel === channel) sink.seen(c, m);
    }
  });
  const offTyping = engine.subscribeEphemeral((e) => {
    if (e.ev !== 'conversation.typing' || e.data.who !== 'agent') return;
    const c = engine.state.get('conversation', String(e.data.conversation));
    if (c?.channel === channel && c.status !== 'closed') sink.typing(c, e.data.typing === true, latest.get(c.id) ?? null);
  });
  return () => {
    offEvents();
    offTyping();
  };
}

/** Keep the newest conversations' last messages only: a busy centre's history is not kept here. */
const REMEMBERED = 20_000;

function remember(latest: Map<string, Message>, m: Message): void {
  setNewest(latest, m.conversation, m, REMEMBERED);
}
