import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { importContacts } from '../../src/core/contacts/import.js';
import { importLeads } from '../../src/core/dialer/import.js';
import { createSignature } from '../../src/core/messaging/signatures.js';
import { visitorMessage, visitorStart } from '../../src/core/messaging/visitor.js';
import type { Principal } from '../../src/core/context.js';
import type { Attachment } from '../../src/core/protocol/model.js';
import { demoConfig } from '../helpers.js';
import { displayWidth, expectFits, logIn, placeCall, startPanel, type Panel } from './support.js';

/**
 * Customers', agents' and responses' names in Japanese or with emoji take two
 * terminal columns a character. Rows that cut and padded such a name by its
 * count of characters pushed the cells after it to the right of their column
 * (and off the row). Each screen here shows a wide name beside a Latin one:
 * the cells after both must start in the same terminal column.
 */
const WIDE = '太郎 山田';
const EMOJI = 'Zoë 👩‍💼 Ng';

let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The line of the screen holding `text`. */
function lineWith(screen: string, text: string): string {
  const line = screen.split('\n').find((l) => l.includes(text));
  if (line === undefined) throw new Error(`no line holds "${text}":\n${screen}`);
  return line;
}

/** The terminal column where `cell` starts on the line holding `row`. */
function columnOf(screen: string, row: string, cell: string | RegExp): number {
  const line = lineWith(screen, row);
  const start = line.indexOf(row) + row.length;
  const rest = line.slice(start);
  const found = typeof cell === 'string' ? rest.indexOf(cell) : rest.search(cell);
  if (found < 0) throw new Error(`"${String(cell)}" is not after "${row}" on: ${line}`);
  const at = start + found;
  return displayWidth(line.slice(0, at));
}

/** A quiet demo server (no simulated traffic), its chat queue open at any hour. */
function quietConfig() {
  const config = demoConfig();
  config.simulator.callsPerMinute = 0;
  config.simulator.chatsPerHour = 0;
  delete (config.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
  return config;
}

/** A web chat from `name`, taken by agent 1001. */
function chatFrom(p: Panel, name: string, text = 'Hello') {
  return p.server.engine.run((ctx) => visitorStart(ctx, { visitorId: `v-${name}`, name, email: null, queue: 'support-chat', ip: '198.51.100.7', geo: null, text }));
}

describe('wide names keep the columns after them in place at 80x24', () => {
  it('the canned response picker: the text after a Japanese title starts where the others do', async () => {
    const config = quietConfig();
    config.cannedResponses = [
      { title: 'Greeting', text: 'Hello, how can I help you today? I am here to help with anything.', channels: ['livechat'], language: 'English' },
      { title: `${WIDE} あいさつ`, text: 'Thank you for waiting, we are looking into your order right now.', channels: ['livechat'], language: 'English' },
    ];
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '1001');
    chatFrom(p, 'Pat Jones');
    await p.press('nav.chats');
    await p.waitForText('Pat Jones');
    await p.press('chats.open');
    await p.waitForText('Reply');
    await p.press('composer.canned');
    const screen = await p.waitForText(`${WIDE} あいさつ`);
    expect(columnOf(screen, `${WIDE} あいさつ`, 'Thank you')).toBe(columnOf(screen, 'Greeting', 'Hello, how'));
    expectFits(p.frame());
  });

  it("the conversation's files: size and sender after a Japanese file name and an emoji sender's name line up", async () => {
    const config = quietConfig();
    panel = await startPanel({ config, listen: true });
    const p = panel;
    await logIn(p, '1001');
    const chat = chatFrom(p, EMOJI, 'Here are the receipts');
    const keep = (id: string, name: string): Attachment => {
      const bytes = Buffer.from('%PDF-1.4 receipt');
      writeFileSync(join(p.server.dataDir, 'files', id), bytes);
      p.server.engine.run((ctx) => ctx.tx.put('file', { id, name, size: bytes.length, type: 'application/pdf', owner: `visitor:${chat.id}`, at: ctx.clock.now() }, 'uploaded'));
      return { id, name, size: bytes.length, type: 'application/pdf' };
    };
    const files = [keep('file-latin', 'receipt.pdf'), keep('file-wide', `${WIDE}の領収書.pdf`)];
    p.server.engine.run((ctx) => visitorMessage(ctx, chat.id, '198.51.100.7', 'Two receipts', files));
    await p.press('nav.chats');
    await p.waitForText('Zoë');
    await p.press('chats.open');
    await p.waitForText('📎 receipt.pdf');
    await p.press('composer.leave');
    await p.waitForText('Reply (r to write)');
    await p.press('conversation.files');
    const screen = await p.waitForText('Files in this conversation (2)');
    expect(columnOf(screen, `${WIDE}の領収書.pdf`, '16 B')).toBe(columnOf(screen, 'receipt.pdf', '16 B'));
    // The time after the sender's name is on both rows, in the same column.
    expect(columnOf(screen, `${WIDE}の領収書.pdf`, /\d\d:\d\d/)).toBe(columnOf(screen, 'receipt.pdf', /\d\d:\d\d/));
    expectFits(p.frame());
  });

  it("the call list: a Japanese caller's status and timer start where a Latin caller's do", async () => {
    panel = await startPanel({ config: quietConfig() });
    const p = panel;
    await logIn(p, '1001');
    // One caller rings and gives up, then another: the list draws each the same way.
    const latin = placeCall(p, '7001', { number: '+441234', name: 'Test Caller' });
    let screen = await p.waitFor((s) => /Test Caller\s+Ring In/.test(s), 'the Latin caller ringing');
    const status = columnOf(screen, '↙ Test Caller', 'Ring In');
    p.server.sim.hangUp(latin, 'abandoned');
    await p.waitFor((s) => !/Test Caller\s+Ring In/.test(s), 'the Latin caller gone');
    placeCall(p, '7001', { number: '+819012345678', name: WIDE });
    screen = await p.waitFor((s) => s.includes(`${WIDE} `) && s.includes('Ring In'), 'the Japanese caller ringing');
    expect(columnOf(screen, `↙ ${WIDE}`, 'Ring In')).toBe(status);
    expectFits(p.frame());
  });

  it("the ringing bar: a Japanese caller's name leaves the answer and decline keys whole at the right", async () => {
    panel = await startPanel({ config: quietConfig() });
    const p = panel;
    await logIn(p, '1001');
    placeCall(p, '7001', { number: '+819012345678', name: WIDE });
    const screen = await p.waitForText('☎ RINGING');
    expect(lineWith(screen, '☎ RINGING')).toMatch(new RegExp(`${WIDE} \\+819012345678 → Support +a answer  x decline $`));
    expectFits(p.frame());
  });

  it("the CSV upload's preview: the arrow after a Japanese column name is where the others are", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wide-csv-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'people.csv');
    writeFileSync(file, `First name,Last name,会員番号 ${WIDE}\nKim,Lee,1\n`);
    panel = await startPanel({ config: quietConfig() });
    const p = panel;
    p.server.engine.run((ctx) => importContacts(ctx, '9001', [{ line: 2, firstName: 'Jane', lastName: 'Doe', personType: 'Customer', emails: [], phones: [] }]));
    await logIn(p, '9001');
    await p.press('nav.contacts');
    await p.waitForText('Jane Doe');
    await p.press('contacts.import');
    await p.waitForText('Upload contacts from a CSV file');
    await p.type(file);
    await p.press('entry.submit');
    const screen = await p.waitForText('1 line. Columns:');
    expect(columnOf(screen, `会員番号 ${WIDE}`, '→')).toBe(columnOf(screen, 'First name', '→'));
    expectFits(p.frame());
  });

  it('the HK list: the code after a Japanese or emoji disposition name starts where the others do', async () => {
    const config = quietConfig();
    config.dispositions.support!.push(
      { name: `解決済み ${WIDE}`, code: 'JP', hotkey: '5', color: 'white', type: 'final' },
      { name: `${EMOJI} escalated`, code: 'EMO', hotkey: '6', color: 'white', type: 'final' },
    );
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '1001');
    await p.press('call.hotkeys');
    const screen = await p.waitForText('HK — dispositions and hotkeys');
    const code = columnOf(screen, 'Call back', 'CB');
    expect(columnOf(screen, `解決済み ${WIDE}`, 'JP')).toBe(code);
    expect(columnOf(screen, `${EMOJI} escalated`, 'EMO')).toBe(code);
    expectFits(p.frame());
  });

  /** Agent 1001 logged in, with colleagues named in Japanese (1002), with emoji (1003) and in Latin (1004, Dev Patel). */
  async function colleaguesWithWideNames(): Promise<Panel> {
    const config = quietConfig();
    config.agents = config.agents.filter((a) => ['1001', '1002', '1003', '1004'].includes(a.number));
    config.agents.find((a) => a.number === '1002')!.name = WIDE;
    config.agents.find((a) => a.number === '1003')!.name = EMOJI;
    panel = await startPanel({ config });
    await logIn(panel, '1001');
    return panel;
  }

  /** Tab to a transfer dialog's agent list: each agent's number starts in the same column, whatever the name's width. */
  async function expectAgentRowsAligned(p: Panel): Promise<void> {
    await p.key('tab');
    const screen = await p.waitFor((s) => s.includes(WIDE) && s.includes('Ng') && s.includes('Dev Patel'), 'the agents to transfer to');
    const number = columnOf(screen, 'Dev Patel', '1004');
    expect(columnOf(screen, WIDE, '1002')).toBe(number);
    expect(columnOf(screen, EMOJI, '1003')).toBe(number);
    expectFits(p.frame());
  }

  it('the call transfer: the number and state after an agent named in Japanese or with emoji start where the others do', async () => {
    const p = await colleaguesWithWideNames();
    placeCall(p);
    await p.waitForText('Ring In');
    await p.press('call.answer');
    await p.waitForText('On-call');
    await p.press('call.transfer');
    await p.waitForText('Transfer Test Caller');
    await expectAgentRowsAligned(p);
  });

  it('the chat transfer: the number and state after an agent named in Japanese or with emoji start where the others do', async () => {
    const p = await colleaguesWithWideNames();
    chatFrom(p, 'Pat Jones');
    await p.press('nav.chats');
    await p.waitForText('Pat Jones');
    await p.press('chats.open');
    await p.waitForText('Reply');
    await p.press('composer.leave');
    await p.waitForText('Reply (r to write)');
    await p.press('conversation.transfer');
    await p.waitForText('Transfer');
    await expectAgentRowsAligned(p);
  });

  it("the merge view: the choices after a Japanese field label start where the other fields' do", async () => {
    const config = quietConfig();
    config.contacts.customFields = [{ name: 'member', label: `会員番号 ${WIDE}` }];
    panel = await startPanel({ config });
    const p = panel;
    p.server.engine.run((ctx) =>
      importContacts(ctx, '9001', [
        { line: 2, firstName: '太郎', lastName: '山田', personType: 'Customer', emails: ['taro@example.jp'], phones: [], fields: { member: 'A-1' } },
        { line: 3, firstName: 'Taro', lastName: 'Yamada', personType: 'Customer', emails: ['taro@yamada.jp'], phones: [], fields: { member: 'B-2' } },
      ]),
    );
    await logIn(p, '9001');
    await p.press('nav.contacts');
    await p.waitForText('2 contacts');
    while (!p.screen().includes('› Taro Yamada')) await p.press('list.down');
    await p.press('contacts.merge');
    await p.waitForText('Merge Contacts');
    await p.type('taro@example');
    await p.waitForText('taro@example.jp');
    await p.press('list.choose');
    const screen = await p.waitForText('Primary: Taro Yamada');
    expect(columnOf(screen, `会員番号`, '(•)')).toBe(columnOf(screen, 'First name', '(•)'));
    expectFits(p.frame());
  });

  it("changing a callback's disposition: the code after a Japanese or emoji disposition name starts where the others do", async () => {
    const config = quietConfig();
    config.dispositions.sales!.push(
      { name: `解決済み ${WIDE}`, code: 'JP', color: 'white', type: 'final' },
      { name: `${EMOJI} escalated`, code: 'EMO', color: 'white', type: 'final' },
    );
    panel = await startPanel({ config });
    const p = panel;
    p.server.engine.run((ctx) => importLeads(ctx, 'preview-renewals', [{ line: 2, phone: '020 7946 0001', name: 'Ann Lee', timeZone: 'Europe/London', fields: {} }]));
    // A personal callback for agent 1005 in an hour, as the Personal callback disposition leaves one.
    p.server.engine.run((ctx) => {
      const lead = [...ctx.state.all('lead')][0]!;
      const at = ctx.clock.now() + 3_600_000;
      ctx.tx.put('lead', { ...lead, callback: { at, agent: '1005' }, nextDialAt: at }, 'callback');
    });
    await logIn(p, '1005');
    await p.press('tab.prev');
    await p.waitForText('Ann Lee');
    await p.press('callbacks.redispose');
    const screen = await p.waitFor((s) => s.includes('Change disposition — Ann Lee') && s.includes(WIDE) && s.includes('👩‍💼'), 'every disposition');
    const code = columnOf(screen, 'Not interested', 'NI');
    expect(columnOf(screen, `解決済み ${WIDE}`, 'JP')).toBe(code);
    expect(columnOf(screen, `${EMOJI} escalated`, 'EMO')).toBe(code);
    expectFits(p.frame());
  });

  it("a call's feedback form: the answers after a field labelled in Japanese start where the others' do", async () => {
    const config = quietConfig();
    const form = config.feedbackForms['support-call']!;
    form.fields.find((f) => f.name === 'satisfied')!.label = 'お客様の満足度';
    form.fields.find((f) => f.name === 'notes')!.label = `メモ ${WIDE}`;
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '1001');
    placeCall(p);
    await p.waitForText('Ring In');
    await p.press('call.answer');
    const screen = await p.waitFor((s) => s.includes('On-call') && s.includes('お客様の満足度'), 'the feedback form');
    const answers = columnOf(screen, 'Topic *', '( )');
    expect(columnOf(screen, 'お客様の満足度', '( )')).toBe(answers);
    expect(columnOf(screen, `メモ ${WIDE}`, '—')).toBe(answers);
    expectFits(p.frame());
  });

  it('the paused bar: a pause reason in Japanese fills the bar to the edge, with no … cut at its end', async () => {
    const config = quietConfig();
    config.pauseReasons.unshift(`休憩 ${WIDE}`);
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '1001');
    await p.press('agent.pause');
    await p.waitForText('Pause — choose a reason');
    await p.press('list.choose');
    const screen = await p.waitForText(`PAUSED — 休憩 ${WIDE}`);
    const bar = lineWith(screen, 'PAUSED —');
    expect(bar).toMatch(/\(u to unpause\) +$/);
    expect(displayWidth(bar)).toBe(80);
    expectFits(p.frame());
  });

  it("Settings > Email signatures: the preview's rule after a signature named in Japanese ends at the box's edge, on one line", async () => {
    panel = await startPanel({ config: quietConfig() });
    const p = panel;
    await logIn(p, '1001');
    const me = { agent: '1001', sessionId: 'test', token: 'test', supervisor: false, queues: [] } as Principal;
    p.server.engine.run((ctx) => createSignature(ctx, me, { name: `署名 ${WIDE}`, text: 'よろしくお願いします。' }));
    await p.press('nav.settings');
    for (let i = 0; i < 5; i++) await p.key('right');
    const screen = await p.waitForText(`── Preview: 署名 ${WIDE}`);
    const at = screen.split('\n').findIndex((l) => l.includes('── Preview:'));
    const rule = screen.split('\n')[at]!;
    expect(rule).toMatch(/─$/);
    expect(displayWidth(rule.slice(rule.indexOf('── Preview:')))).toBe(78);
    // The signature's text follows the rule at once: the rule did not run onto a line of its own.
    expect(screen.split('\n')[at + 1]).toContain('よろしくお願いします。');
    expectFits(p.frame());
  });

  it("Settings > Email signatures: a signature in Japanese longer than a line is previewed whole, wrapped, not cut at the edge", async () => {
    panel = await startPanel({ config: quietConfig() });
    const p = panel;
    await logIn(p, '1001');
    const me = { agent: '1001', sessionId: 'test', token: 'test', supervisor: false, queues: [] } as Principal;
    const text = 'お問い合わせいただきありがとうございます。ご注文の商品は明日発送いたします。到着まで今しばらくお待ちください。';
    p.server.engine.run((ctx) => createSignature(ctx, me, { name: 'Japanese', text }));
    await p.press('nav.settings');
    for (let i = 0; i < 5; i++) await p.key('right');
    const screen = await p.waitForText('── Preview: Japanese');
    expect(screen).toContain('到着まで今しばらくお待ちください。');
    expectFits(p.frame());
  });

  it("a call's feedback form: choices in Japanese too wide for the row show the chosen one and its position, not a row cut at the edge", async () => {
    const config = quietConfig();
    const topic = config.feedbackForms['support-call']!.fields.find((f) => f.name === 'topic')!;
    topic.options = ['お支払いの相談', '技術的なご質問', 'アカウント変更', 'その他のご用件'];
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '1001');
    placeCall(p);
    await p.waitForText('Ring In');
    await p.press('call.answer');
    const screen = await p.waitFor((s) => s.includes('On-call') && s.includes('Topic *'), 'the feedback form');
    expect(lineWith(screen, 'Topic *')).toContain('of 4, ←→');
    expectFits(p.frame());
  });
});
