import { describe, expect, it } from 'vitest';
import type { HandlerContext, Origin } from '../../src/core/context.js';
import type { CommitUnit } from '../../src/core/ports/store.js';
import type { ResponseFrame } from '../../src/core/protocol/frames.js';
import { CoreError } from '../../src/core/errors.js';
import { keepEarlyStatus } from '../../src/core/messaging/early-status.js';
import { receiveInbound, type InboundMessage } from '../../src/core/messaging/inbound.js';
import { allMessages, makeCore, type TestCore } from '../helpers.js';

/**
 * Group commit: commands that arrive together (one turn of the event loop)
 * commit in one store transaction and are answered only after it; a group
 * the store refuses is undone whole and every command of it is refused.
 */
function groupedCore() {
  const flushes: Array<() => void> = [];
  const core = makeCore({ defer: (flush) => flushes.push(flush) });
  const commits: CommitUnit[][] = [];
  let failNext = false;
  const commit = core.store.commit.bind(core.store);
  core.store.commit = (units) => {
    if (failNext) {
      failNext = false;
      throw new Error('disk full');
    }
    commits.push(units);
    return commit(units);
  };
  /** End the turn: the engine commits what arrived. */
  const endTurn = () => {
    for (const flush of flushes.splice(0)) flush();
  };
  return { core, commits, endTurn, failNextCommit: () => (failNext = true) };
}

let ids = 0;
function submit(core: TestCore, cmd: string, args: Record<string, unknown>, origin: Origin): { answer: ResponseFrame | null } {
  const out: { answer: ResponseFrame | null } = { answer: null };
  core.engine.submit({ v: 1, id: `g${++ids}`, cmd, args }, origin, (r) => (out.answer = r));
  return out;
}

describe('group commit', () => {
  it('several commands in one turn share one commit and are answered after it, in order', () => {
    const { core, commits, endTurn } = groupedCore();
    const agents = ['1001', '1002', '1003'].map((a) => core.login(a));
    commits.length = 0;
    const heard: string[] = [];
    core.engine.subscribe((events) => heard.push(...events.filter((e) => e.ev === 'agent.updated').map((e) => (e.data.agent as { id: string }).id)));

    const answers = agents.map((a) => submit(core, 'agent.pause', { reason: 'Lunch' }, a));
    // They ran (a later command sees an earlier one's change) but nothing is answered or told yet.
    expect(core.engine.state.agent('1003')!.status).toBe('paused');
    expect(answers.map((a) => a.answer)).toEqual([null, null, null]);
    expect(heard).toEqual([]);
    expect(commits).toEqual([]);

    endTurn();
    expect(commits).toHaveLength(1);
    expect(commits[0]!.filter((u) => u.command).map((u) => u.command!.actor)).toEqual(['1001', '1002', '1003']);
    expect(answers.map((a) => a.answer?.ok)).toEqual([true, true, true]);
    expect(heard.slice(0, 3)).toEqual(['1001', '1002', '1003']);
    // On disk: a fresh look at the store finds every answer.
    for (const a of answers) expect(core.store.findCommand(a.answer!.re!)).toBeDefined();
  });

  it('a failing commit refuses every command of the group and undoes them all, the last first; what was acknowledged before stays', () => {
    const { core, endTurn, failNextCommit } = groupedCore();
    const ava = core.login('1001');
    const ben = core.login('1002');
    const first = submit(core, 'agent.pause', { reason: 'Lunch' }, ava);
    endTurn();
    expect(first.answer?.ok).toBe(true);
    const seqBefore = core.store.lastSeq();

    // Ava changes her pause reason, Ben pauses, Ava unpauses: the third builds on the first.
    const group = [
      submit(core, 'agent.pause', { reason: 'Meeting' }, ava),
      submit(core, 'agent.pause', { reason: 'Break' }, ben),
      submit(core, 'agent.unpause', {}, ava),
    ];
    expect(core.engine.state.agent('1001')!.status).toBe('available');
    failNextCommit();
    endTurn();

    for (const g of group) expect(g.answer).toMatchObject({ ok: false, error: { code: 'STORE_FAILED' } });
    // As before the group: Ava still paused for lunch (acknowledged), Ben available.
    expect(core.engine.state.agent('1001')).toMatchObject({ status: 'paused', pauseReason: 'Lunch' });
    expect(core.engine.state.agent('1002')).toMatchObject({ status: 'available' });
    expect(core.store.lastSeq()).toBe(seqBefore);
    for (const g of group) expect(core.store.findCommand(g.answer!.re!)).toBeUndefined();

    // The same ids sent again are run again (a store failure is never kept as the answer).
    const again = submit(core, 'agent.pause', { reason: 'Break' }, ben);
    endTurn();
    expect(again.answer?.ok).toBe(true);
  });

  it('a command id sent twice in one group is run once; both are answered alike', () => {
    const { core, endTurn } = groupedCore();
    const ava = core.login('1001');
    const out: ResponseFrame[] = [];
    const frame = { v: 1 as const, id: 'twice', cmd: 'agent.pause', args: { reason: 'Lunch' } };
    core.engine.submit(frame, ava, (r) => out.push(r));
    core.engine.submit(frame, ava, (r) => out.push(r));
    endTurn();
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual(out[1]);
    expect(out[0]!.ok).toBe(true);
  });

  it('a refusal in a failed group is not remembered: the same id sent again runs again', () => {
    const { core, endTurn, failNextCommit } = groupedCore();
    const ava = core.login('1001');
    const pause = submit(core, 'agent.pause', { reason: 'Lunch' }, ava);
    // Refused, because the first pause ran before it in the same group.
    const again = { v: 1 as const, id: 'refused-then-failed', cmd: 'agent.pause', args: { reason: 'Lunch' } };
    let refused: ResponseFrame | null = null;
    core.engine.submit(again, ava, (r) => (refused = r));
    failNextCommit();
    endTurn();
    expect(pause.answer).toMatchObject({ ok: false, error: { code: 'STORE_FAILED' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORE_FAILED' } });
    expect(core.engine.state.agent('1001')!.status).toBe('available');

    let retried: ResponseFrame | null = null;
    core.engine.submit(again, ava, (r) => (retried = r));
    endTurn();
    expect(retried).toMatchObject({ ok: true, result: { agent: { status: 'paused' } } });
  });

  it("a view's answer (roster, figures) holds the state its group committed, after the group's events, so no change is older on screen than what was told", () => {
    const { core, endTurn } = groupedCore();
    const ava = core.login('1001');
    const ben = core.login('1002');
    const told: string[] = [];
    core.engine.subscribe((events) => told.push(...events.filter((e) => e.ev === 'agent.updated').map((e) => (e.data.agent as { status: string }).status)));

    // Ava's Agents tab asks for Ben, and in the same turn Ben pauses.
    const roster = submit(core, 'roster.subscribe', { view: 'agents-tab', agents: ['1002'] }, ava);
    const stats = submit(core, 'stats.subscribe', { view: 'queues-tab', queues: ['7001'] }, ava);
    submit(core, 'agent.pause', { reason: 'Lunch' }, ben);
    endTurn();

    expect(told).toContain('paused');
    const answered = roster.answer!.ok ? (roster.answer!.result as { agents: Array<{ id: string; status: string }> }) : null;
    expect(answered?.agents).toEqual([expect.objectContaining({ id: '1002', status: 'paused' })]);
    expect(stats.answer?.ok).toBe(true);
    // A read: nothing of it is kept on disk to be answered again.
    expect(core.store.findCommand(roster.answer!.re!)).toBeUndefined();
  });

  it('telephony reports join the group: a caller arriving commits with the commands of the same turn', () => {
    const { core, commits, endTurn } = groupedCore();
    const ava = core.login('1001');
    commits.length = 0;
    const pause = submit(core, 'agent.pause', { reason: 'Lunch' }, ava);
    core.sim.placeInboundCall('7001');
    expect([...core.engine.state.all('call')]).toHaveLength(1);
    endTurn();
    expect(pause.answer?.ok).toBe(true);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.flatMap((u) => u.events.map((e) => e.ev))).toContain('call.updated');
  });

  describe('internal work someone waits on (a provider webhook: engine.runGrouped)', () => {
    const sms = (n: number): InboundMessage => ({
      channel: 'sms',
      queue: 'support-chat',
      externalId: `SM${n}`,
      threadRef: `+44770090030${n}`,
      customer: { id: `phone:+44770090030${n}`, name: `Caller ${n}`, phone: `+44770090030${n}` },
      text: `text ${n}`,
      attachments: [],
    });
    const texts = (core: TestCore) => allMessages(core.engine).filter((m) => m.author === 'customer').map((m) => m.text).sort();

    it('joins the turn\'s group: webhooks and commands of one turn share a commit, and each settles only after it', async () => {
      const { core, commits, endTurn } = groupedCore();
      const ava = core.login('1001');
      commits.length = 0;
      const settled: string[] = [];
      const hooks = [1, 2, 3].map((n) => core.engine.runGrouped((ctx) => receiveInbound(ctx, sms(n)).message.text).then((t) => settled.push(t)));
      const pause = submit(core, 'agent.pause', { reason: 'Lunch' }, ava);
      await Promise.resolve();
      expect(settled).toEqual([]);
      expect(commits).toEqual([]);
      endTurn();
      await Promise.all(hooks);
      expect(commits).toHaveLength(1);
      expect(settled).toEqual(['text 1', 'text 2', 'text 3']);
      expect(pause.answer?.ok).toBe(true);
    });

    it('a burst read in one turn (1,000 webhooks) commits in bounded groups as it comes, so the first are answered and told before the last is read', async () => {
      const { core, commits, endTurn } = groupedCore();
      const told: number[] = [];
      core.engine.subscribe((events) => told.push(events.length));
      commits.length = 0;
      const settled: string[] = [];
      const hooks = Array.from({ length: 1000 }, (_, n) => core.engine.runGrouped((ctx) => receiveInbound(ctx, sms(n)).message.text).then((t) => settled.push(t)));
      await Promise.resolve();
      // Still in the turn: most of the burst is on disk, answered and told, in the order it came.
      expect(settled.length).toBeGreaterThan(900);
      expect(settled.slice(0, 3)).toEqual(['text 0', 'text 1', 'text 2']);
      expect(told.length).toBeGreaterThan(10);
      endTurn();
      await Promise.all(hooks);
      expect(settled).toHaveLength(1000);
      // No commit held more than a small share of it.
      expect(Math.max(...commits.map((units) => units.length))).toBeLessThanOrEqual(100);
      expect(texts(core)).toHaveLength(1000);
    });

    it('a burst of webhooks that each write many rows commits a group once it holds 4,000 rows, well before 64 of them', async () => {
      const { core, commits, endTurn } = groupedCore();
      commits.length = 0;
      // A WhatsApp number shared with another sending tool: each notification brings 300 statuses of its messages, 600 rows (a change and an event each).
      let sent = 0;
      const notification = (ctx: HandlerContext) => {
        for (let i = 0; i < 300; i++) keepEarlyStatus(ctx, 'whatsapp', `wamid.OTHER-${++sent}`, 'delivered', null);
      };
      const hooks = Array.from({ length: 20 }, () => core.engine.runGrouped(notification));
      // Still in the turn: the groups filled so far are on disk.
      await Promise.resolve();
      const rowsOf = (units: CommitUnit[]) => units.reduce((sum, u) => sum + u.events.length + u.changes.length, 0);
      expect(commits.length).toBeGreaterThan(0);
      expect(commits.map(rowsOf)[0]).toBe(4_200);
      endTurn();
      await Promise.all(hooks);
      // Six of them reached 3,600 rows, the seventh took the group past 4,000: it was committed there, and so on; the rest at the turn's end.
      expect(commits.map((units) => units.length)).toEqual([7, 7, 6]);
      expect(core.engine.state.count('earlyStatus')).toBe(6_000);
    });

    it('a refused one undoes only itself; a failed commit rejects them all with STORE_FAILED and keeps none', async () => {
      const { core, endTurn, failNextCommit } = groupedCore();
      const good = core.engine.runGrouped((ctx) => receiveInbound(ctx, sms(1)));
      const refused = core.engine.runGrouped((ctx) => {
        receiveInbound(ctx, sms(2));
        throw new CoreError('BAD_ARGS', 'This notification names no number of ours.');
      });
      endTurn();
      await expect(good).resolves.toMatchObject({ duplicate: false });
      await expect(refused).rejects.toMatchObject({ code: 'BAD_ARGS' });
      expect(texts(core)).toEqual(['text 1']);

      const lost = [3, 4].map((n) => core.engine.runGrouped((ctx) => receiveInbound(ctx, sms(n))));
      failNextCommit();
      endTurn();
      for (const p of lost) await expect(p).rejects.toMatchObject({ code: 'STORE_FAILED' });
      expect(texts(core)).toEqual(['text 1']);
    });
  });
});

