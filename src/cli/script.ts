import { ClientError, AgentClient } from '../client/session.js';
import { wsTransport } from '../client/ws-transport.js';
import type { Agent } from '../core/model.js';

export interface ScriptOptions {
  url: string;
  agent?: string;
  pin?: string;
  json?: boolean;
}

/**
 * Scripts act for an agent who is logged in already: they join that session
 * (never start one), do one thing, print the outcome and exit 0, or print the
 * error sentence and exit non-zero.
 */
async function withSession<T>(opts: ScriptOptions, work: (client: AgentClient) => Promise<T>): Promise<number> {
  if (!opts.agent || !opts.pin) {
    process.stderr.write('switchboard: give --agent and --pin (or SWITCHBOARD_AGENT and SWITCHBOARD_PIN).\n');
    return 2;
  }
  const client = new AgentClient({ transport: wsTransport(opts.url) });
  try {
    await client.connect();
    await client.login({ agent: opts.agent, pin: opts.pin, joinOnly: true });
    await work(client);
    return 0;
  } catch (e) {
    const code = e instanceof ClientError ? `${e.code}: ` : '';
    process.stderr.write(`switchboard: ${code}${(e as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
}

function describeAgent(a: Agent): string {
  const state = a.status === 'paused' ? `paused (${a.pauseReason})` : a.status;
  return `${a.name} (${a.id}): ${state}, ${a.activity}`;
}

export function runStatus(opts: ScriptOptions): Promise<number> {
  return withSession(opts, async (client) => {
    const me = client.store.myAgent()!;
    const calls = client.store.list('call').filter((c) => c.agent === me.id);
    if (opts.json) process.stdout.write(`${JSON.stringify({ agent: me, calls }, null, 2)}\n`);
    else process.stdout.write(`${describeAgent(me)}\n`);
  });
}

export function runPause(reason: string, opts: ScriptOptions): Promise<number> {
  return withSession(opts, async (client) => {
    await client.send('agent.pause', { reason });
    process.stdout.write(`Paused: ${reason}\n`);
  });
}

export function runUnpause(opts: ScriptOptions): Promise<number> {
  return withSession(opts, async (client) => {
    await client.send('agent.unpause', {});
    process.stdout.write('Available\n');
  });
}

export function runEvents(opts: ScriptOptions): Promise<number> {
  return withSession(opts, async (client) => {
    client.onEvent((e) => process.stdout.write(`${JSON.stringify(e)}\n`));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      client.onChange(() => client.session !== 'logged-in' && resolve());
    });
  });
}
