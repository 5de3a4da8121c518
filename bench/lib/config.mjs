// Pieces of the configurations the benches generate. Every bench numbers its
// agents the same way (10000.., PIN = number), so a client process can log
// any agent in from its number alone, and a figure from one bench can be set
// beside another's.
import { writeFileSync } from 'node:fs';

/** The contact center every bench configuration describes. */
export const CENTER = { name: 'Bench Contact Center', timeZone: 'UTC' };

/** Agent i's number (and PIN). */
export const agentNumber = (i) => String(10000 + i);

/** Agent i's identity; the queues and capacity are each bench's own, spread after it. */
export function benchAgent(i) {
  const number = agentNumber(i);
  return { number, name: `Bench Agent ${i + 1}`, email: `${number}@bench.switchboard`, pin: number, password: 'bench' };
}

/**
 * perAgent distinct queue indexes (of 0 .. queues-1) for agent i. The strides
 * spread the members evenly over the queues while neighbouring agents share
 * few queues, so no queue's events reach everybody. perAgent <= queues.
 */
export function spreadQueues(i, perAgent, queues) {
  const out = new Set();
  for (let k = 0; out.size < perAgent; k++) out.add((i * 7 + k * 13) % queues);
  return [...out];
}

/**
 * A voice-only centre for the failover benches, written to `file` as JSON:
 * `agents` agents, each in 3 of `queues` voice queues (8000..), no simulated
 * calls. Returns the file and the agents' numbers.
 */
export function writeVoiceCenter(file, agents, queues) {
  const queueNumber = (q) => String(8000 + q);
  const config = {
    center: CENTER,
    voiceQueues: Array.from({ length: queues }, (_, q) => ({ number: queueNumber(q), name: `Queue ${q + 1}` })),
    agents: Array.from({ length: agents }, (_, i) => ({ ...benchAgent(i), voiceQueues: spreadQueues(i, 3, queues).map(queueNumber) })),
    simulator: { callsPerMinute: 0 },
  };
  writeFileSync(file, JSON.stringify(config));
  return { file, agents: config.agents.map((a) => a.number) };
}

/**
 * The two messaging queues of agent i where a bench splits its queues into
 * live chat (chat-0..) and email (mail-0..): one of each, spread apart.
 */
export function chatAndMailQueues(i, chatQueues, mailQueues) {
  return [`chat-${i % chatQueues}`, `mail-${(i * 3) % mailQueues}`];
}
