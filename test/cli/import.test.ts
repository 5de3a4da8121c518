import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentUrlOf, loginAgent, onCleanup, runCleanups, startTestServer, tempDir } from '../server/support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/switchboard.js');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], { stdio: 'inherit' });
}, 120_000);
afterEach(runCleanups);

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const key of ['SWITCHBOARD_URL', 'SWITCHBOARD_AGENT', 'SWITCHBOARD_PIN']) delete env[key];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => void (child.exitCode === null && child.kill('SIGKILL')));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('switchboard import leads', () => {
  it('imports a CSV through a supervisor, reports bad rows by line, and adds nothing on a second run', async () => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    const url = agentUrlOf(server);
    const sup = await loginAgent(url, '9001');
    onCleanup(() => sup.client.close());
    const file = join(tempDir(), 'leads.csv');
    writeFileSync(
      file,
      'Phone,Name,Time zone,Company\n020 7946 1111,Ann Lee,Europe/London,Acme\nnot a phone,Bad Row,,X\n"+1 212 555 0199","Bob, Jr.",America/New_York,"Big ""B"" Inc"\n',
    );
    const args = ['import', 'leads', file, '--campaign', 'preview-renewals', '--url', url, '--agent', '9001', '--pin', '9001'];
    const first = await run(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Imported 2 leads into preview-renewals.');
    expect(first.stdout).toContain('line 3: "not a phone" is not a valid phone number');
    const lead = [...server.engine.state.all('lead')].find((l) => l.phone === '+12125550199')!;
    expect(lead).toMatchObject({ name: 'Bob, Jr.', timeZone: 'America/New_York', fields: { Company: 'Big "B" Inc' } });
    const again = await run(args);
    expect(again.stdout).toContain('Imported 0 leads into preview-renewals (2 already there, not added again).');
  });

  it('refuses a plain agent, an unknown campaign and a file without a phone column', async () => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    const url = agentUrlOf(server);
    const agent = await loginAgent(url, '1001');
    const sup = await loginAgent(url, '9001');
    onCleanup(() => {
      agent.client.close();
      sup.client.close();
    });
    const good = join(tempDir(), 'good.csv');
    writeFileSync(good, 'phone\n020 7946 2222\n');
    const asAgent = await run(['import', 'leads', good, '--campaign', 'preview-renewals', '--url', url, '--agent', '1001', '--pin', '1001']);
    expect(asAgent.code).toBe(1);
    expect(asAgent.stderr).toContain('FORBIDDEN: Only a supervisor may do that.');
    const unknown = await run(['import', 'leads', good, '--campaign', 'nope', '--url', url, '--agent', '9001', '--pin', '9001']);
    expect(unknown.stderr).toContain('There is no campaign "nope".');
    const noPhone = join(tempDir(), 'bad.csv');
    writeFileSync(noPhone, 'name,email\nAnn,a@b.io\n');
    const bad = await run(['import', 'leads', noPhone, '--campaign', 'preview-renewals', '--url', url, '--agent', '9001', '--pin', '9001']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('No phone column: the header needs one of phone, number, phone number, telephone, mobile.');
  });
});

describe('switchboard import with an address that is not one', () => {
  it('exits non-zero with one sentence, no stack trace', async () => {
    const file = join(tempDir(), 'leads.csv');
    writeFileSync(file, 'Phone,Name\n020 7946 1111,Ann Lee\n');
    const bad = await run(['import', 'leads', file, '--campaign', 'x', '--url', 'http://', '--agent', '9001', '--pin', '9001']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('switchboard: BAD_URL: "http://" is not a server address; give one like ws://127.0.0.1:7300.\n');
  });

  it('a file that is not there, or no credentials: one sentence with its code and what to do', async () => {
    const missing = join(tempDir(), 'leads.csv');
    const noFile = await run(['import', 'leads', missing, '--campaign', 'x', '--url', 'ws://127.0.0.1:1', '--agent', '9001', '--pin', '9001']);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toBe(`switchboard: FILE_UNREADABLE: ${missing} cannot be read (it does not exist); give the path of a CSV file.\n`);
    // import contacts said 'cannot read FILE: ENOENT', no code and Node's word for it.
    const noContacts = await run(['import', 'contacts', missing, '--url', 'ws://127.0.0.1:1', '--agent', '9001', '--pin', '9001']);
    expect(noContacts).toMatchObject({ code: 1, stdout: '', stderr: `switchboard: FILE_UNREADABLE: ${missing} cannot be read (it does not exist); give the path of a CSV file.\n` });
    writeFileSync(missing, 'Phone,Name\n020 7946 1111,Ann Lee\n');
    const noCredentials = await run(['import', 'leads', missing, '--campaign', 'x', '--url', 'ws://127.0.0.1:1']);
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toBe("switchboard: MISSING_CREDENTIALS: Give a supervisor's number and PIN with --agent and --pin (or SWITCHBOARD_AGENT and SWITCHBOARD_PIN).\n");
  });
});

describe('switchboard import contacts', () => {
  it('shows the mapping, imports through a supervisor, reports bad lines and duplicates by line, refuses an agent', async () => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    const url = agentUrlOf(server);
    const sup = await loginAgent(url, '9001');
    const agent = await loginAgent(url, '1001');
    onCleanup(() => {
      sup.client.close();
      agent.client.close();
    });
    const file = join(tempDir(), 'contacts.csv');
    writeFileSync(file, 'First name,Last name,Type,Email,Mobile,Favourite colour\nAnn,Lee,Customer,ann@lee.io,020 7946 3333,blue\nBob,,Customer,,,\nAnna,Lee,Customer,ANN@lee.io,,\n');
    const args = ['import', 'contacts', file, '--url', url, '--agent', '9001', '--pin', '9001'];
    const dry = await run([...args, '--dry-run']);
    expect(dry.stdout).toContain('  Mobile -> Phones\n  Favourite colour -> ignored\n');
    expect(dry.stdout).toContain('3 lines read; nothing sent (--dry-run).');
    expect([...server.engine.state.all('contact')].filter((c) => c.lastName === 'Lee')).toHaveLength(0);
    const first = await run(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Imported 1 contact.');
    expect(first.stdout).toContain('1 duplicate not created again:\n  line 4: ann@lee.io is already Ann Lee');
    expect(first.stdout).toContain('1 line skipped:\n  line 3: The last name is required.');
    const ann = [...server.engine.state.all('contact')].find((c) => c.emails.includes('ann@lee.io'))!;
    expect(ann.phones).toEqual(['+442079463333']);
    const asAgent = await run(['import', 'contacts', file, '--url', url, '--agent', '1001', '--pin', '1001']);
    expect(asAgent.code).toBe(1);
    expect(asAgent.stderr).toContain('FORBIDDEN: Only a supervisor may do that.');
  });

  it("prints a hostile header cell as text: its escape sequences never act on the supervisor's terminal", async () => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    const url = agentUrlOf(server);
    const sup = await loginAgent(url, '9001');
    onCleanup(() => sup.client.close());
    const file = join(tempDir(), 'contacts.csv');
    // Sets the window title, clears the screen and turns what follows red, in a terminal that obeys it.
    writeFileSync(file, 'First name,Last name,\u001b]0;PWNED\u0007\u001b[2J\u001b[31mEvil\nAnn,Lee,x\n');
    const dry = await run(['import', 'contacts', file, '--dry-run', '--url', url, '--agent', '9001', '--pin', '9001']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('  \ufffd]0;PWNED\ufffd\ufffd[2J\ufffd[31mEvil -> ignored\n');
    expect(dry.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
