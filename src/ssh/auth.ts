import { randomUUID } from 'node:crypto';
import ssh2 from 'ssh2';
import type { AuthContext, KeyboardAuthContext, PublicKeyAuthContext } from 'ssh2';
import { agentConfig } from '../core/config/lookup.js';
import type { AgentConfig } from '../core/config/schema.js';
import type { RunningServer } from '../server/runtime.js';

/** Who an SSH connection proved to be. The PIN is what the panel logs in with. */
export interface SshIdentity {
  agent: string;
  pin: string;
  method: 'keyboard-interactive' | 'password' | 'publickey';
}

type Outcome = { ok: true } | { ok: false; code: string; message: string };

/** Methods offered to a client; `ssh 1001@center` tries a key, then asks for the PIN. */
const METHODS: Array<'publickey' | 'keyboard-interactive' | 'password'> = ['publickey', 'keyboard-interactive', 'password'];

/** PIN prompts in one keyboard-interactive request before the client must start again. */
const PROMPTS_PER_REQUEST = 3;

const isAgentNumber = (s: string) => /^\d{2,8}$/.test(s);

/**
 * Agent number and PIN go through the core's own `session.check`, over an
 * in-process connection from the SSH peer's address: the same rules, the
 * same login throttle and the same lockout as a panel over the WebSocket
 * from that address. Nothing is decided here but which agent a key belongs to.
 */
export class SshAuthenticator {
  constructor(private readonly server: RunningServer) {}

  /** Answer one authentication request; `onIdentity` is told who it was when it is accepted. */
  handle(ctx: AuthContext, address: string, onIdentity: (identity: SshIdentity) => void): void {
    switch (ctx.method) {
      case 'publickey':
        return this.publicKey(ctx, onIdentity);
      case 'password': {
        const agent = ctx.username;
        if (!isAgentNumber(agent)) return ctx.reject(METHODS);
        void this.checkPin(address, agent, ctx.password).then((r) => {
          if (!r.ok) return ctx.reject(METHODS);
          onIdentity({ agent, pin: ctx.password, method: 'password' });
          ctx.accept();
        });
        return;
      }
      case 'keyboard-interactive':
        return this.keyboard(ctx, address, onIdentity);
      default:
        return ctx.reject(METHODS);
    }
  }

  /** The PIN (and the agent number, when the user name is not one) asked for in the client's terminal. */
  private keyboard(ctx: KeyboardAuthContext, address: string, onIdentity: (identity: SshIdentity) => void): void {
    const named = isAgentNumber(ctx.username);
    const prompts = named ? [{ prompt: `PIN for agent ${ctx.username}: `, echo: false }] : [{ prompt: 'Agent number: ', echo: true }, { prompt: 'PIN: ', echo: false }];
    const ask = (attempt: number, note: string) =>
      ctx.prompt(prompts, 'switchboard', note, (answers) => {
        const agent = named ? ctx.username : (answers[0] ?? '').trim();
        const pin = (named ? answers[0] : answers[1]) ?? '';
        // Enter on an empty prompt is a slip, not a wrong PIN: said in words (session.check would answer
        // in protocol terms, BAD_ARGS) and asked again, as a wrong PIN is.
        const slip = unusableAnswer(agent, pin);
        if (slip) return attempt < PROMPTS_PER_REQUEST ? ask(attempt + 1, slip) : ctx.prompt([], 'switchboard', slip, () => ctx.reject(METHODS));
        void this.checkPin(address, agent, pin).then((r) => {
          if (r.ok) {
            onIdentity({ agent, pin, method: 'keyboard-interactive' });
            return ctx.accept();
          }
          // A lockout is said once and ends the request: asking again would only be refused again.
          // With its code, as the panel's login screen and the CLI say it.
          const reason = `${r.message} (${r.code})`;
          if (r.code !== 'LOGIN_RATE_LIMITED' && r.code !== 'BAD_ARGS' && attempt < PROMPTS_PER_REQUEST) return ask(attempt + 1, reason);
          ctx.prompt([], 'switchboard', reason, () => ctx.reject(METHODS));
        });
      });
    ask(1, '');
  }

  /** A key listed for the agent in the configuration (`agents[].sshKeys`) logs them in without a PIN. */
  private publicKey(ctx: PublicKeyAuthContext, onIdentity: (identity: SshIdentity) => void): void {
    const config = agentConfig(this.server.engine.config, ctx.username);
    const key = config ? listedKey(config, ctx.key.data) : null;
    if (!config || !key) return ctx.reject(METHODS);
    // Without a signature the client only asks whether this key would do.
    if (!ctx.signature || !ctx.blob) return ctx.accept();
    if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(METHODS);
    onIdentity({ agent: config.number, pin: config.pin, method: 'publickey' });
    ctx.accept();
  }

  /** `session.check` as a panel at `address` would send it. */
  checkPin(address: string, agent: string, pin: string): Promise<Outcome> {
    return new Promise((resolve) => {
      const transport = this.server.connectInProcess({ address, local: false });
      const id = randomUUID();
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        transport.close();
        resolve(outcome);
      };
      transport.onOpen(() => transport.send(JSON.stringify({ v: 1, id, cmd: 'session.check', args: { agent, pin } })));
      transport.onMessage((text) => {
        const frame = JSON.parse(text) as { re?: string; ok?: boolean; error?: { code: string; message: string } };
        if (frame.re !== id) return;
        settle(frame.ok ? { ok: true } : { ok: false, code: frame.error!.code, message: frame.error!.message });
      });
      transport.onClose(() => settle({ ok: false, code: 'OFFLINE', message: 'The server is shutting down.' }));
    });
  }
}

/** Why what was typed at the prompts cannot be a login, before the core is asked; null when it can. */
function unusableAnswer(agent: string, pin: string): string | null {
  if (!isAgentNumber(agent)) return 'An agent number is 2 to 8 digits, such as 1001. (BAD_AGENT_NUMBER)';
  if (pin === '') return `Nothing was typed: type agent ${agent}'s PIN. (MISSING_PIN)`;
  return null;
}

/** The agent's configured key whose public blob is the one offered, if any. */
function listedKey(agent: AgentConfig, offered: Buffer): ssh2.ParsedKey | null {
  for (const line of agent.sshKeys) {
    const parsed = ssh2.utils.parseKey(line);
    if (parsed instanceof Error) continue;
    if (parsed.getPublicSSH().equals(offered)) return parsed;
  }
  return null;
}

/** Keys in the configuration that cannot be read as public keys: named at start, so a typo does not fail silently. */
export function unreadableKeys(agents: AgentConfig[]): string[] {
  const out: string[] = [];
  agents.forEach((agent, i) =>
    agent.sshKeys.forEach((line, k) => {
      const parsed = ssh2.utils.parseKey(line);
      if (parsed instanceof Error) out.push(`agents[${i}].sshKeys[${k}] (agent ${agent.number}): ${parsed.message}`);
    }),
  );
  return out;
}
