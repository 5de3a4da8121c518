import { describe, expect, it } from 'vitest';
import { webhookLine } from '../../src/cli/webhook-line.js';
import { parseConfig } from '../../src/core/config/parse.js';
import { demoConfig } from '../helpers.js';

/** What `switchboard serve` prints for the providers' webhooks: where to point each channel the centre has, and no other. */
const centre = (extra: string) =>
  parseConfig(
    'messagingQueues: [{ id: help, name: Help, channels: [livechat, sms] }]\n' +
      'agents: [{ number: "2001", name: Alice, email: alice@acme.example, pin: "2001", password: secret, messagingQueues: [help] }]\n' +
      extra,
    'centre.yaml',
  );

describe("serve's webhook line", () => {
  it('names only the configured channels: SMS alone is told nothing about WhatsApp and Facebook', () => {
    const smsOnly = centre('publicUrl: https://help.example.com\nsms: { accountSid: AC1111111111, numbers: [{ number: "+33600000001", queue: help }] }');
    expect(webhookLine(smsOnly, 'https://help.example.com')).toBe('provider webhooks: https://help.example.com/hooks/sms');
  });

  it('says nothing when no provider channel is configured, whatever the address', () => {
    expect(webhookLine(centre(''), 'http://127.0.0.1:7300')).toBeNull();
  });

  it('names each of the three, with the full address, when all are configured', () => {
    expect(webhookLine(demoConfig(), 'https://sb.example')).toBe(
      'provider webhooks: https://sb.example/hooks/whatsapp, https://sb.example/hooks/facebook, https://sb.example/hooks/sms',
    );
  });
});
