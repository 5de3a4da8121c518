import { editInTerminal } from '../ui/external-editor.js';
import { journalPathFor } from '../client/paths.js';
import { AgentClient } from '../client/session.js';
import { confSettings } from '../client/settings.js';
import { fileLoginKeeper } from '../client/auto-login.js';
import { agentUrl, wsTransport } from '../client/ws-transport.js';
import { serverTarget } from './server-address.js';
import { USAGE_EXIT_CODE } from './usage.js';

/**
 * The panel alone, against a server elsewhere. With no address, the server
 * of the last login kept for logging in by itself (Settings > Application).
 * What stops it before the panel is drawn says so with a code, as serve's
 * refusals do (errors.ts), so a script or an IT person can tell them apart;
 * an address missing or not one is a command line that cannot be used (exit 2).
 */
export async function runConnect(given: string | undefined, opts: { agent?: string }): Promise<void> {
  const keeper = fileLoginKeeper();
  const saved = keeper.saved();
  const url = given ?? saved?.server;
  if (!url) {
    process.stderr.write('switchboard: MISSING_URL: no server address was given and no saved login names one; give it, e.g. switchboard connect ws://127.0.0.1:7300\n');
    // A command line that cannot be used: exit 2, as the scripts' BAD_URL and every other usage refusal.
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  const target = serverTarget(url);
  if (!target) {
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    // Run by sshd's ForceCommand for `ssh host some-command` (no pty), or with its input piped.
    process.stderr.write('switchboard: NO_TERMINAL: the agent panel needs a terminal; over SSH connect with a terminal (ssh -t, and no command).\n');
    process.exitCode = 1;
    return;
  }
  const journalPath = journalPathFor(url);
  const client = new AgentClient({ transport: wsTransport(target), journalPath });
  // Start drawing at once; the panel says "Connecting…" and retries on its own.
  const connecting = client.connect().catch(() => reconnectLoop(client));
  const { runTui } = await import('../tui.js');
  const prefill = { agent: opts.agent ?? (saved && agentUrl(saved.server) === target ? saved.agent : undefined) };
  await runTui(client, {
    serverLabel: target,
    prefill,
    journalPath,
    httpBase: httpBaseOf(target),
    settings: () => confSettings(),
    autoLogin: { keeper, server: url },
    // Emails are written in the agent's own editor only where the panel has a terminal of its own.
    editor: process.stdin.isTTY ? editInTerminal : undefined,
  });
  void connecting;
  client.close();
  process.exit(0);
}

/** The first connection failed: keep trying quietly until it works or the agent quits. */
async function reconnectLoop(client: AgentClient): Promise<void> {
  for (let delay = 500; client.connection !== 'closed'; delay = Math.min(delay * 2, 10_000)) {
    await new Promise((r) => setTimeout(r, delay));
    if ((client.connection as string) === 'closed') return;
    try {
      await client.connect();
      return;
    } catch {
      // still down; the panel shows it
    }
  }
}

/**
 * The server's web address from its agent WebSocket URL: ws → http, wss →
 * https, and without the /agent path (a prefix a proxy adds is kept).
 */
export function httpBaseOf(wsUrl: string): string {
  const url = new URL(wsUrl);
  const scheme = url.protocol === 'wss:' ? 'https:' : 'http:';
  return `${scheme}//${url.host}${url.pathname.replace(/\/agent\/?$/, '').replace(/\/+$/, '')}`;
}
