import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { conversations, messagesOf, until } from './email-support.js';
import { emailConfig } from './email-support.js';
import { parseConfig } from '../../src/core/config/parse.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import { freePort, onCleanup, runCleanups, startTestServer, tempDir } from './support.js';

/**
 * The IMAP mailbox against a real IMAP server: Debian's dovecot-imapd,
 * started here with a throwaway configuration on 127.0.0.1 (installed by
 * .ci/run). Without dovecot (or without root, which dovecot's mail user
 * needs) the suite says it is skipped, by name.
 */
afterEach(runCleanups);

const DOVECOT = '/usr/sbin/dovecot';
const haveDovecot = existsSync(DOVECOT) && userInfo().uid === 0 && spawnSync('id', ['dovecot']).status === 0;

async function startDovecot() {
  const dir = tempDir('switchboard-dovecot-');
  chmodSync(dir, 0o755);
  const port = await freePort();
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  const uid = Number(spawnSync('id', ['-u', 'dovecot']).stdout.toString());
  const gid = Number(spawnSync('id', ['-g', 'dovecot']).stdout.toString());
  chownSync(join(dir, 'mail'), uid, gid);
  writeFileSync(join(dir, 'passwd'), 'help@mail.test:{PLAIN}imap-secret\n');
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore' });
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  await until(() => existsSync(join(dir, 'dovecot.log')) && readFileSync(join(dir, 'dovecot.log'), 'utf8').includes('starting up'), 'dovecot to start');
  // The listener is up a moment after the log line.
  const client = () => new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: 'help@mail.test', pass: 'imap-secret' }, logger: false });
  for (let i = 0; ; i++) {
    const probe = client();
    try {
      await probe.connect();
      await probe.logout();
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** Put a mail into the mailbox as a delivery would. */
  const deliver = async (raw: string, mailbox = 'INBOX', flags: string[] = []) => {
    const c = client();
    await c.connect();
    await c.mailboxCreate(mailbox).catch(() => undefined);
    await c.append(mailbox, raw, flags);
    await c.logout();
  };
  const look = async <T>(work: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = client();
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.logout();
    }
  };
  return { port, deliver, look };
}

const mail = (id: string, subject: string, text = 'Hello from the mailbox.') =>
  [`From: Eve Stone <eve@example.org>`, 'To: someone-else@mail.test', `Subject: ${subject}`, `Message-ID: <${id}@example.org>`, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');

let seed = 3;
async function centre(port: number, dataDir: string, afterTake: 'seen' | 'move' = 'seen') {
  const config = parseConfig(
    emailConfig(
      '',
      `listener: { port: 0 }\n  imap: { host: 127.0.0.1, port: ${port}, secure: false, queue: sales, afterTake: ${afterTake}, moveTo: Taken, pollSeconds: 1, auth: { username: help@mail.test, passwordEnv: IMAP_PASSWORD } }`,
    ),
    'imap.yaml',
  );
  return startTestServer({ config, dataDir, clock: new FakeClock('2026-01-05T10:00:00Z'), // A seed of its own per start: a restarted server must not make the ids of the first again.
    random: new SeededRandom(seed++), email: { env: { IMAP_PASSWORD: 'imap-secret' } } });
}

describe.skipIf(!haveDovecot)('the IMAP mailbox against dovecot (needs dovecot-imapd and root)', () => {
  it('takes unseen mail into the mailbox queue, marks it seen, and takes new mail as it comes (IDLE)', async () => {
    const dovecot = await startDovecot();
    await dovecot.deliver(mail('old', 'Read already'), 'INBOX', ['\\Seen']);
    await dovecot.deliver(mail('one', 'Lost parcel'));
    const server = await centre(dovecot.port, tempDir());
    await until(() => conversations(server).length === 1, 'the unseen mail taken');
    expect(conversations(server)[0]).toMatchObject({ queue: 'sales', subject: 'Lost parcel', customer: { email: 'eve@example.org' } });
    await until(() => server.email!.imap!.taken === 1, 'counted');
    const flags = await dovecot.look(async (c) => {
      await c.mailboxOpen('INBOX');
      const out: Array<[number, boolean]> = [];
      for await (const m of c.fetch('1:*', { uid: true, flags: true })) out.push([m.uid, m.flags?.has('\\Seen') ?? false]);
      return out;
    });
    expect(flags.every(([, seen]) => seen)).toBe(true);
    await dovecot.deliver(mail('two', 'Second question'));
    await until(() => conversations(server).length === 2, 'the new mail taken while connected');
  });

  it('remembers what it took across a restart: nothing twice, nothing missed', async () => {
    const dovecot = await startDovecot();
    const dataDir = tempDir();
    await dovecot.deliver(mail('a', 'First'));
    const first = await centre(dovecot.port, dataDir);
    await until(() => conversations(first).length === 1, 'the first mail');
    await first.close();
    // While switchboard is down: a new mail, and a person reads it in their mail program.
    await dovecot.deliver(mail('b', 'While down'), 'INBOX', ['\\Seen']);
    const second = await centre(dovecot.port, dataDir);
    await until(() => conversations(second).length === 2, 'the mail that came while down');
    await new Promise((r) => setTimeout(r, 1500));
    expect(conversations(second).map((c) => c.subject).sort()).toEqual(['First', 'While down']);
    const first_ = conversations(second).find((c) => c.subject === 'First')!;
    expect(messagesOf(second, first_.id).filter((m) => m.author === 'customer')).toHaveLength(1);
    const kept = JSON.parse(readFileSync(join(dataDir, 'imap-state.json'), 'utf8')) as { uidValidity: string; lastUid: number };
    expect(kept.lastUid).toBe(2);
  });

  it('moves what it took to a folder when configured so', async () => {
    const dovecot = await startDovecot();
    await dovecot.deliver(mail('m1', 'Move me'));
    const server = await centre(dovecot.port, tempDir(), 'move');
    await until(() => conversations(server).length === 1, 'the mail taken');
    await until(() => server.email!.imap!.taken === 1, 'counted');
    await new Promise((r) => setTimeout(r, 300));
    const counts = await dovecot.look(async (c) => ({ inbox: (await c.status('INBOX', { messages: true })).messages, taken: (await c.status('Taken', { messages: true })).messages }));
    expect(counts).toEqual({ inbox: 0, taken: 1 });
  });
});
