import { ClientError, AgentClient } from '../client/session.js';
import { wsTransport } from '../client/ws-transport.js';
import { serverTarget } from './server-address.js';
import type { Agent, Call } from '../core/protocol/model.js';
import type { CommandResult } from '../core/protocol/results.js';
import { localTime } from '../core/dialer/local-time.js';
import { callbackTimeOf, localStamp } from './callback-time.js';

export interface ScriptOptions {
  url: string;
  agent?: string;
  pin?: string;
  json?: boolean;
  /** Seconds to wait for the server's answers before giving up (default 30). */
  timeout?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * The exit code when a command went out and no answer came back in time: it
 * may have been done or not. Exit 1 said "not done" to a script, yet a server
 * killed after its commit and before its answer had recorded it.
 */
export const EXIT_NOT_KNOWN = 3;

/** What a script says of a command sent and never answered: what was sent, and how to find out (the server may be back later). */
export interface Unanswered {
  sentence: string;
}

/**
 * Scripts act for an agent who is logged in already: they join that session
 * (never start one), do one thing, print the outcome and exit 0, or print the
 * error sentence and exit non-zero.
 */
async function withSession<T>(opts: ScriptOptions, work: (client: AgentClient, unanswered: Unanswered) => Promise<T>, { streams = false } = {}): Promise<number> {
  if (!opts.agent || !opts.pin) {
    // A code as every other refusal has (README, Scripting): a script calling scripts can tell this one apart.
    process.stderr.write("switchboard: MISSING_CREDENTIALS: Give the agent's number and PIN with --agent and --pin (or SWITCHBOARD_AGENT and SWITCHBOARD_PIN).\n");
    return 2;
  }
  const target = serverTarget(opts.url);
  if (!target) return 2;
  const client = new AgentClient({ transport: wsTransport(target) });
  // A server that accepts the connection but does not answer (stopped, or the link cut
  // without a reset) left a script waiting for ever, the client reconnecting behind it.
  const seconds = opts.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  let timer: NodeJS.Timeout | undefined;
  const noAnswer = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClientError('NO_ANSWER', `The server did not answer within ${seconds} seconds.`)), seconds * 1000);
  });
  const unanswered: Unanswered = { sentence: 'the command was sent: it may have been done or not. `switchboard status` tells once the server is back.' };
  try {
    await Promise.race([client.connect().then(() => client.login({ agent: opts.agent!, pin: opts.pin!, joinOnly: true, client: 'script' })), noAnswer]);
    // A stream (events) runs until interrupted: only joining the session has a deadline.
    if (streams) clearTimeout(timer);
    await (streams ? work(client, unanswered) : Promise.race([work(client, unanswered), noAnswer]));
    return 0;
  } catch (e) {
    // A command still in the journal went out (or was about to) and was never answered:
    // the server may have committed it before it died, so neither "done" nor "not done" is true.
    if (e instanceof ClientError && e.code === 'NO_ANSWER' && client.queued() > 0) {
      process.stderr.write(`switchboard: NO_ANSWER: The server did not answer within ${seconds} seconds after ${unanswered.sentence}\n`);
      return EXIT_NOT_KNOWN;
    }
    const code = e instanceof ClientError ? `${e.code}: ` : '';
    process.stderr.write(`switchboard: ${code}${(e as Error).message}\n`);
    return 1;
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

function describeAgent(a: Agent): string {
  const state = a.status === 'paused' ? `paused (${a.pauseReason})` : a.status;
  return `${a.name} (${a.id}): ${state}, ${a.activity}`;
}

function pendingOf(call: Call): string[] {
  const owed: string[] = [];
  if (call.needsDisposition && !call.disposition) owed.push('disposition');
  if (call.needsForm && !call.form) owed.push('form');
  return owed;
}

export function runStatus(opts: ScriptOptions): Promise<number> {
  return withSession(opts, async (client) => {
    const me = client.store.myAgent()!;
    const calls = client.store.list('call').filter((c) => c.agent === me.id || c.offers.some((o) => o.agent === me.id));
    const pending = calls.filter((c) => c.answeredAt !== null && pendingOf(c).length > 0).map((c) => ({ call: c.id, owes: pendingOf(c), caller: c.caller, queue: c.queue }));
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ agent: me, calls, pending }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${describeAgent(me)}\n`);
    for (const c of calls) process.stdout.write(`  call ${c.id}: ${c.direction} ${c.caller.name ?? c.caller.number} ${c.state}\n`);
    for (const p of pending) process.stdout.write(`  call ${p.call} owes its ${p.owes.join(' and ')}\n`);
  });
}

export interface DisposeOptions extends ScriptOptions {
  call?: string;
  field?: string[];
  /** When to call back (Callback, Personal callback): a date and time, or HH:MM. */
  callbackAt?: string;
  /** When to call back, as a delay from now: 90m, 2h, 1h30m. */
  callbackIn?: string;
}

/** `dispose 1` (a hotkey) or `dispose SALE` (a code), with optional form fields and callback time. */
export async function runDispose(key: string, opts: DisposeOptions): Promise<number> {
  // A time that cannot be read is the command line's mistake: said before anything is sent, exit 2 as other usage errors.
  const callback = callbackTimeOf(opts, Date.now());
  if (callback && 'error' in callback) {
    process.stderr.write(`switchboard: BAD_CALLBACK_TIME: ${callback.error}\n`);
    return 2;
  }
  return withSession(opts, async (client, unanswered) => {
    const fields: Record<string, string> = {};
    for (const pair of opts.field ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new ClientError('BAD_FIELD', `--field ${pair}: expected name=value.`);
      fields[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const byHotkey = /^[0-9]$/.test(key);
    // The call named, or the one the server would take: named in what is said if no answer comes,
    // so the agent can send it again for that call alone (refused if it was recorded).
    const callId = opts.call ?? onlyCallOwing(client);
    unanswered.sentence = callId
      ? `the disposition for call ${callId} was sent: it may have been recorded or not. Once the server is back, \`switchboard status\` tells; sent again with --call ${callId} it is refused (ALREADY_DISPOSED) if it was recorded.`
      : 'the disposition was sent: it may have been recorded or not. `switchboard status` tells once the server is back.';
    let result: CommandResult<'disposition.submit'>;
    try {
      result = await client.send('disposition.submit', {
        callId,
        ...(byHotkey ? { hotkey: key } : { code: key }),
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
        ...(callback ? { callbackAt: callback.at } : {}),
      });
    } catch (e) {
      // The server names a form field by its label ("Follow-up date"); say which --field it was as well.
      if (e instanceof ClientError && typeof e.details?.field === 'string')
        throw new ClientError(e.code, `--field ${e.details.field}: ${e.message}`, e.details);
      throw e;
    }
    // Not completed: either something is owed still, or (disposed during the call) nothing is and the call goes on.
    const owed = pendingOf(result.call);
    const rest = result.completed
      ? ''
      : owed.length > 0
        ? ` (call ${result.call.id} still owes its ${owed.join(' and ')})`
        : ` (call ${result.call.id} is still in progress: it leaves your list when it ends)`;
    process.stdout.write(`${result.message}: ${result.disposition.name} (${result.disposition.code})${rest}\n`);
    // The time set (given, or the campaign's default), so the script can tell the customer or log it.
    const set = result.lead?.callback;
    if (set) process.stdout.write(`Call back at ${localStamp(set.at)} (${localTime(result.lead!.timeZone, set.at).hhmm} for the lead, ${result.lead!.timeZone})\n`);
  });
}

/** The agent's one call owing a disposition or form (as the server picks one when none is named), or undefined. */
function onlyCallOwing(client: AgentClient): string | undefined {
  const me = client.store.myAgent()?.id;
  const owing = client.store.list('call').filter((c) => c.agent === me && c.answeredAt !== null && pendingOf(c).length > 0);
  return owing.length === 1 ? owing[0]!.id : undefined;
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
  }, { streams: true });
}
