import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/core/config/parse.js';
import { demoConfig } from '../helpers.js';

function issuesOf(text: string, file = 'bad.yaml') {
  try {
    parseConfig(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError);
  }
  throw new Error('expected the config to be refused');
}

const agent = 'agents: [{number: "1001", name: Ann, email: ann@x.io, pin: "1001", password: secret, voiceQueues: ["7001"]}]';

describe('configuration', () => {
  it('loads the shipped demo: agents 1001-1010, supervisor 9001, 3 voice queues, 2 messaging queues, one campaign per strategy', () => {
    const c = demoConfig();
    expect(c.agents.map((a) => a.number)).toEqual([...Array.from({ length: 10 }, (_, i) => String(1001 + i)), '9001']);
    expect(c.agents.find((a) => a.number === '9001')!.role).toBe('supervisor');
    expect(c.voiceQueues).toHaveLength(3);
    expect(c.messagingQueues).toHaveLength(2);
    expect(c.campaigns.map((x) => x.strategy).sort()).toEqual(['power', 'preview', 'progressive', 'voice-messaging']);
  });

  it('names the file, the path and what was expected', () => {
    const e = issuesOf(`voiceQueues: [{number: "7001", name: Q}]\nagents: [{number: "1001", name: Ann, email: ann@x.io, pin: 12, password: secret}]`, 'site.yaml');
    expect(e.message).toContain('Configuration site.yaml is not valid');
    expect(e.issues).toContainEqual({ path: 'agents[0].pin', message: 'expected a PIN as a quoted string of digits' });
  });

  it('refuses a misspelt setting, naming it and the one it was likely meant to be, rather than using the default', () => {
    const e = issuesOf(
      'center: { name: Acme, timezone: Europe/Paris }\n' +
        'security: { uploads: { conversationMB: 50 } }\n' +
        `voiceQueues: [{number: "7001", name: Q, wrapUpSecs: 30}]\n${agent}\n` +
        'sms: { accountSid: AC1111111111, numbers: [{ number: "+33600000001", queue: chat, keyword: HELP }] }\n' +
        'email: { addresses: [{ address: a@x.io, queue: chat }], relay: { host: smtp.x.io, auth: { username: u, password: hunter2 } } }',
    );
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.issues).toContainEqual({ path: 'center', message: 'unknown setting timezone (did you mean timeZone?)' });
    expect(e.issues).toContainEqual({ path: 'security.uploads', message: 'unknown setting conversationMB (did you mean conversationMb?)' });
    expect(e.issues).toContainEqual({ path: 'voiceQueues[0]', message: 'unknown setting wrapUpSecs (did you mean wrapUpSeconds?)' });
    // Nothing close: the settings the place takes are listed instead.
    expect(e.issues).toContainEqual({ path: 'sms.numbers[0]', message: 'unknown setting keyword; the settings here are number, queue' });
    expect(e.issues).toContainEqual({ path: 'email.relay.auth', message: 'unknown setting password; the settings here are username, passwordEnv, passwordFile' });
  });

  it('says what a number setting allows and what it was given, in words', () => {
    const e = issuesOf(
      `voiceQueues: [{number: "7001", name: Q, ringTimeoutSeconds: -5, wrapUpSeconds: 2.5, maxMissedOffers: -1, declineRetrySeconds: -1, maxDeclinedOffers: 1.5}]\n${agent}\n` +
        'messagingQueues: [{id: chat, name: Chat, channel: livechat, reassign: {pausedMinutes: 0}}]',
    );
    expect(e.issues).toContainEqual({ path: 'voiceQueues[0].ringTimeoutSeconds', message: 'expected a number of seconds: 0 or more (it is -5)' });
    expect(e.issues).toContainEqual({ path: 'voiceQueues[0].wrapUpSeconds', message: 'expected a number of seconds, a whole one (it is 2.5)' });
    expect(e.issues).toContainEqual({ path: 'voiceQueues[0].maxMissedOffers', message: 'expected a number: 0 or more (it is -1)' });
    expect(e.issues).toContainEqual({ path: 'voiceQueues[0].declineRetrySeconds', message: 'expected a number of seconds: 0 or more (it is -1)' });
    expect(e.issues).toContainEqual({ path: 'voiceQueues[0].maxDeclinedOffers', message: 'expected a whole number (it is 1.5)' });
    expect(e.issues).toContainEqual({ path: 'messagingQueues[0].reassign.pausedMinutes', message: 'expected at least 1 minute (or null for never) (it is 0)' });
  });

  it("takes the connections an agent and an address may hold from security, 20 and 256 when not given", () => {
    const queue = 'voiceQueues: [{number: "7001", name: Q}]';
    const plain = parseConfig(`${queue}\n${agent}`, 'site.yaml');
    expect([plain.security.socketsPerAgent, plain.security.httpConnectionsPerAddress]).toEqual([20, 256]);
    // Given with other security settings: the rest keep their defaults.
    const raised = parseConfig(`security: { socketsPerAgent: 40, httpConnectionsPerAddress: 1000 }\n${queue}\n${agent}`, 'site.yaml');
    expect([raised.security.socketsPerAgent, raised.security.httpConnectionsPerAddress, raised.security.tokenTtlHours]).toEqual([40, 1000, 12]);
  });

  it('refuses connection limits that are not a whole number of at least 1, naming the setting and the value', () => {
    const refused = (value: string) => issuesOf(`security: { socketsPerAgent: ${value}, httpConnectionsPerAddress: ${value} }\n${agent}`);
    const zero = refused('0');
    expect(zero.code).toBe('CONFIG_INVALID');
    expect(zero.issues).toContainEqual({ path: 'security.socketsPerAgent', message: 'expected at least 1 connection (it is 0)' });
    expect(zero.issues).toContainEqual({ path: 'security.httpConnectionsPerAddress', message: 'expected at least 1 connection (it is 0)' });
    expect(refused('-3').issues).toContainEqual({ path: 'security.socketsPerAgent', message: 'expected at least 1 connection (it is -3)' });
    expect(refused('2.5').issues).toContainEqual({ path: 'security.httpConnectionsPerAddress', message: 'expected a number of connections, a whole one (it is 2.5)' });
    expect(refused('many').issues).toContainEqual({ path: 'security.socketsPerAgent', message: 'expected a number of connections' });
    expect(zero.message).toContain('security.socketsPerAgent: expected at least 1 connection (it is 0)');
  });

  it("takes an agent's SSH keys as authorized_keys lines, and names one that is not", () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIta1bqvEFrm7R3zRf1w0mJ1Gx3KQe3xm+8sTqYkq4Tn ava@laptop';
    const ok = parseConfig(`voiceQueues: [{number: "7001", name: Q}]\nagents: [{number: "1001", name: Ann, email: ann@x.io, pin: "1001", password: secret, voiceQueues: ["7001"], sshKeys: ["${key}"]}]`, 'site.yaml');
    expect(ok.agents[0]!.sshKeys).toEqual([key]);
    const e = issuesOf(`voiceQueues: [{number: "7001", name: Q}]\nagents: [{number: "1001", name: Ann, email: ann@x.io, pin: "1001", password: secret, sshKeys: ["-----BEGIN OPENSSH PRIVATE KEY-----"]}]`);
    expect(e.issues).toContainEqual({
      path: 'agents[0].sshKeys[0]',
      message: 'expected a public key as in authorized_keys: "ssh-ed25519 AAAA… comment" (ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521)',
    });
  });

  it('refuses references to queues, lists and forms that do not exist', () => {
    const e = issuesOf(`voiceQueues: [{number: "7001", name: Q, dispositions: nope}]\nagents: [{number: "1001", name: Ann, email: ann@x.io, pin: "1001", password: secret, voiceQueues: ["7009"]}]`);
    expect(e.issues).toContainEqual({ path: 'voiceQueues[0].dispositions', message: 'no disposition list named "nope" under dispositions' });
    expect(e.issues).toContainEqual({ path: 'agents[0].voiceQueues[0]', message: 'no voice queue numbered 7009' });
  });

  it('refuses a ring group that forwards to no queue, or whose number is taken', () => {
    const groups = `ringGroups: [{number: "7100", name: Front, queue: "7009"}, {number: "7001", name: Clash, queue: "7001"}, {number: "7100", name: Again, queue: "7001"}]`;
    const e = issuesOf(`voiceQueues: [{number: "7001", name: Q}]\n${groups}\n${agent}`);
    expect(e.issues).toContainEqual({ path: 'ringGroups[0].queue', message: 'no voice queue numbered 7009' });
    expect(e.issues).toContainEqual({ path: 'ringGroups[1].number', message: "7001 is already a voice queue's number" });
    expect(e.issues).toContainEqual({ path: 'ringGroups[2].number', message: 'ring group number 7100 is used twice' });
  });

  it('refuses duplicate hotkeys in one disposition list', () => {
    const e = issuesOf(`dispositions: {s: [{name: A, code: A, hotkey: "1"}, {name: B, code: B, hotkey: "1"}]}\nvoiceQueues: [{number: "7001", name: Q}]\n${agent}`);
    expect(e.issues).toContainEqual({ path: 'dispositions.s[1].hotkey', message: 'hotkey 1 is used twice in this list' });
  });

  it('reports YAML syntax errors with the line', () => {
    const e = issuesOf('agents: [\n  - oops: {');
    expect(e.issues[0]!.path).toMatch(/^line \d+, column \d+$/);
    expect(e.issues[0]!.message).toContain('is not valid YAML');
  });

  it('reads JSON by extension and reports bad JSON', () => {
    expect(() => parseConfig('{"agents": [', 'site.json')).toThrow(/is not valid JSON/);
    const ok = parseConfig(JSON.stringify({ voiceQueues: [{ number: '7001', name: 'Q' }], agents: [{ number: '1001', name: 'A', email: 'a@b.io', pin: '1001', password: 'pass', voiceQueues: ['7001'] }] }), 'site.json');
    expect(ok.voiceQueues[0]!.strategy).toBe('longest-idle');
  });

  it("takes the chat page's look from center.chat, and defaults it from the centre's name", () => {
    const queue = 'voiceQueues: [{number: "7001", name: Q}]';
    const plain = parseConfig(`center: { name: Acme }\n${queue}\n${agent}`, 'site.yaml');
    expect(plain.center.chat).toEqual({ color: '#1f6feb' });
    const branded = parseConfig(`center: { name: Acme, chat: { title: Acme Help, logoUrl: "https://cdn.example.com/acme.png", greeting: Ask away, color: "#0b5394" } }\n${queue}\n${agent}`, 'site.yaml');
    expect(branded.center.chat).toEqual({ title: 'Acme Help', logoUrl: 'https://cdn.example.com/acme.png', greeting: 'Ask away', color: '#0b5394' });
  });

  it('refuses a chat colour white text cannot be read on, and a logo that is not an image address', () => {
    const pale = issuesOf(`center: { name: Acme, chat: { color: "#ffcc00" } }\n${agent}`);
    expect(pale.issues).toContainEqual({
      path: 'center.chat.color',
      message: 'expected a colour white text can be read on: #ffcc00 gives 1.5:1, at least 4.5:1 is needed (choose a darker shade)',
    });
    expect(issuesOf(`center: { name: Acme, chat: { color: blue } }\n${agent}`).issues).toContainEqual({ path: 'center.chat.color', message: 'expected the colour as #rrggbb' });
    for (const logo of ['javascript:alert(1)', 'data:text/html,<b>hi</b>', 'ftp://example.com/logo.png']) {
      expect(issuesOf(`center: { name: Acme, chat: { logoUrl: "${logo}" } }\n${agent}`).issues[0]).toEqual({
        path: 'center.chat.logoUrl',
        message: 'expected the logo as an http(s) address or a data:image URL (png, jpeg, gif, webp or svg+xml)',
      });
    }
  });

  it('refuses a file that is not a mapping, and a missing agents list', () => {
    expect(issuesOf('- just\n- a list').issues[0]!.message).toContain('expected a mapping');
    expect(issuesOf('voiceQueues: []').issues[0]!.path).toBe('agents');
  });
});
