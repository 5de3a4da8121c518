// Chat messages, keyed by their text (each the shift writes is unique): the
// agents' replies (message.send) and the visitors' messages, counted among the
// store's message entities by author.
import { Ledger } from './ledger.mjs';

export class MessageLedger extends Ledger {
  /** author: 'agent' (message.send) or 'customer' (a visitor's message). */
  constructor(name, author) {
    super(name);
    this.author = author;
  }

  counts(store) {
    const counts = new Map();
    for (const m of store.entities('message')) {
      if (m.author !== this.author) continue;
      counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
    }
    return counts;
  }
}

/** Messages between agents (agentchat.send): the pair's chat keeps its last 200, more than a shift writes per pair. */
export class AgentChatLedger extends Ledger {
  constructor() {
    super('agent chat messages');
  }

  counts(store) {
    const counts = new Map();
    for (const chat of store.entities('agentChat')) for (const m of chat.messages ?? []) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
    return counts;
  }
}
