import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AgentClient } from '../../src/client/session.js';
import { wsTransport } from '../../src/client/ws-transport.js';
import type { Config } from '../../src/core/config/schema.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import type { RunningServer } from '../../src/server/runtime.js';
import type { ServerLimits } from '../../src/server/limits.js';
import { onCleanup, runCleanups, startTestServer } from '../server/support.js';
import { chatConfig, httpBaseOf } from '../server/visitor-support.js';

/**
 * The visitor chat page in a real browser (Debian's Chromium, headless,
 * driven by playwright-core) against a real server, while an agent answers
 * through the same AgentClient the terminal panel uses. Each test file that
 * imports this gets one browser for its tests.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const skipReason = hasChromium ? '' : ` (skipped: ${CHROMIUM} is missing; apt-get install chromium)`;
const GUARD_MS = 10_000;

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(runCleanups);

export interface Desk {
  server: RunningServer;
  agent: AgentClient;
  page: Page;
}

/** A server, Ana (2001, Help Desk) logged in through AgentClient unless `login: false`, and a fresh browser page on /chat. */
export async function desk(options: { login?: boolean; config?: Config; viewport?: { width: number; height: number }; limits?: Partial<ServerLimits> } = {}): Promise<Desk> {
  const server = await startTestServer({ config: options.config ?? chatConfig(), limits: options.limits });
  const agent = new AgentClient({ transport: wsTransport(server.http!.url) });
  onCleanup(() => agent.close());
  await agent.connect();
  if (options.login !== false) await agent.login({ agent: '2001', pin: '2001' });
  const page = await openPage(server, options.viewport);
  return { server, agent, page };
}

/** Another visitor's page on the same server. */
export async function openPage(server: RunningServer, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport });
  onCleanup(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(GUARD_MS);
  await page.goto(`${httpBaseOf(server)}/chat`);
  return page;
}

/** Resolve with what `check` finds in the agent's store, as soon as it finds it. */
export function inStore<T>(agent: AgentClient, what: string, check: () => T | undefined | null | false): Promise<T> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const found = check();
      if (found === undefined || found === null || found === false) return false;
      clearTimeout(guard);
      off();
      resolve(found);
      return true;
    };
    // The store tells of every event applied (and the sneak peek); the client of its connection.
    const offStore = agent.store.subscribe(() => void look());
    const offClient = agent.onChange(() => void look());
    const off = () => {
      offStore();
      offClient();
    };
    const guard = setTimeout(() => {
      off();
      reject(new Error(`the agent never saw ${what}`));
    }, GUARD_MS);
    look();
  });
}

export const myChat = (agent: AgentClient) => agent.store.list('conversation').find((c) => c.agent === '2001' && c.channel === 'livechat');
export const conversation = (agent: AgentClient, id: string) => agent.store.get('conversation', id) as Conversation | undefined;

/**
 * What is drawn on the page: its main part. The screen reader's live region
 * (outside it) repeats sentences, so text is looked for here.
 */
export const onScreen = (page: Page) => page.locator('main');

/** The pre-chat form's email field: its name says "(optional)" while someone is online. */
export const emailField = (page: Page) => page.getByRole('textbox', { name: /^Email/ });

/** Fill the form and start; resolves when Ana has joined. */
export async function startChat(page: Page, name = 'Vera Visitor', first = 'Where is my parcel?'): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await emailField(page).fill('vera@example.com');
  expect(await page.getByLabel('Chat with').inputValue()).toBe('help');
  await page.getByLabel('How can we help?').fill(first);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await onScreen(page).getByText('Ana Lima joined the conversation').waitFor();
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core run in the page as it is (under its own content security policy:
 * the driver's evaluation is not page script): the serious and critical
 * violations, each as "impact rule: elements", so a failure says what to mend.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** WCAG contrast of two CSS colours given as rgb()/rgba() (opaque ones, as borders here are). */
export function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((c) => {
      const v = c / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The element's box on screen (it must be rendered). */
export async function box(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return b;
}
