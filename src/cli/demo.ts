import { join } from 'node:path';
import { AgentClient } from '../client/session.js';
import { confSettings } from '../client/settings.js';
import { fileLog } from '../server/logger.js';
import { loadConfigFile } from '../server/config-file.js';
import { startServer } from '../server/runtime.js';
import { reportStartupError } from './errors.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importLeads } from '../core/dialer/import.js';
import type { RunningServer } from '../server/runtime.js';
import { parseLeadCsv } from './lead-csv.js';
import { simulateProviderCustomers, startDemoProviders } from '../server/demo-providers.js';
import { CryptoRandom, SystemClock } from '../server/system-clock.js';
import { seedDemoContacts } from './demo-contacts.js';
import { editInTerminal } from '../ui/external-editor.js';

const DEMO_LEADS = fileURLToPath(new URL('../../config/demo-leads.csv', import.meta.url));

/** Give every outbound campaign of the demo the demo lead list (once: re-imports add nothing). */
function seedDemoLeads(server: RunningServer): void {
  const rows = parseLeadCsv(readFileSync(DEMO_LEADS, 'utf8'));
  for (const campaign of server.engine.config.campaigns) server.engine.run((ctx) => importLeads(ctx, campaign.id, rows));
}

export interface DemoOptions {
  config: string;
  data?: string;
  port: number;
  simulate: boolean;
  log?: string;
}

/**
 * Core, server and panel in one process. The panel talks to the core through
 * the in-process transport, with the same frames as over a WebSocket.
 */
export async function runDemo(opts: DemoOptions): Promise<void> {
  let server;
  let providers;
  const clock = new SystemClock();
  const random = new CryptoRandom();
  const log = fileLog(opts.log ?? (opts.data ? join(opts.data, 'switchboard.log') : null));
  try {
    // WhatsApp, Messenger and SMS go to in-process fakes of the providers (demo-providers.ts).
    providers = await startDemoProviders(loadConfigFile(opts.config));
    server = await startServer({
      config: providers.config,
      providerSecrets: providers.secrets,
      dataDir: opts.data ?? null,
      port: opts.port,
      simulate: opts.simulate,
      clock,
      random,
      log,
      // The demo's mail: a listener on a free port, and a relay of its own that keeps replies.
      email: { listener: { host: '127.0.0.1', port: 0 }, captureRelay: true },
    });
  } catch (e) {
    await providers?.stop();
    reportStartupError(e, opts.port === undefined ? {} : { [opts.port]: '--port' });
    return;
  }
  const running = server;
  seedDemoLeads(running);
  // Simulated customers write through the fakes to the real webhooks; one on each channel straight away.
  const social =
    opts.simulate && providers.providers && running.publicUrl
      ? simulateProviderCustomers(providers.providers, running.publicUrl, { clock, random, perHour: running.engine.config.simulator.socialPerHour, log })
      : null;
  for (const channel of ['whatsapp', 'facebook', 'sms'] as const) social?.arrive(channel);
  seedDemoContacts(running);
  const journalPath = join(running.dataDir, 'journal.jsonl');
  const client = new AgentClient({ transport: () => running.connectInProcess(), journalPath });
  await client.connect();
  const { runTui } = await import('../tui.js');
  const address = running.http ? `, also at ${running.http.url}` : '';
  await runTui(client, {
    serverLabel: `demo (in-process${address})`,
    prefill: { agent: '1001', pin: '1001' },
    loginHint: 'Demo: agents 1001-1010, supervisor 9001; PIN = agent number; password demo',
    journalPath,
    // The demo CRM's screen-pop pages are paths on this server.
    httpBase: running.http ? running.http.url.replace(/^ws/, 'http') : null,
    settings: () => confSettings(),
    editor: process.stdin.isTTY ? editInTerminal : undefined,
    emailListener: running.email?.listenerAddress ?? null,
    emailRelay: running.email?.capture ? `replies are kept by the demo's relay (${running.email.relayAddress}) in ${running.email.capture.dir}` : null,
  });
  client.close();
  social?.stop();
  await running.close();
  await providers.stop();
  process.exit(0);
}
