import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readProviderSecrets } from '../../src/server/provider-secrets.js';
import { runCleanups, tempDir } from '../server/support.js';
import { channelsConfig, FB_PAGE } from './provider-support.js';

/**
 * The providers' tokens and app secrets come from the environment or a
 * secret file, never the configuration; a channel without all of its
 * secrets is not started, and the operator is told which names it lacks.
 */
afterEach(runCleanups);

const config = channelsConfig({ whatsapp: 'http://127.0.0.1:9', facebook: 'http://127.0.0.1:9', sms: 'http://127.0.0.1:9' });

function secretFile(text: string, mode = 0o600): string {
  const file = join(tempDir(), 'secrets.env');
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

describe('provider secrets', () => {
  it('reads KEY=value lines from the file, the environment winning over it', () => {
    const file = secretFile(
      [
        '# WhatsApp',
        'SWITCHBOARD_WHATSAPP_TOKEN="from-file"',
        "SWITCHBOARD_WHATSAPP_APP_SECRET='app-secret'",
        'SWITCHBOARD_WHATSAPP_VERIFY_TOKEN = verify',
        `SWITCHBOARD_FACEBOOK_PAGE_TOKEN_${FB_PAGE}=page-token`,
        'SWITCHBOARD_FACEBOOK_APP_SECRET=fb-secret',
        'SWITCHBOARD_FACEBOOK_VERIFY_TOKEN=fb-verify',
        '',
      ].join('\n'),
    );
    const { secrets, missing } = readProviderSecrets(config, { SWITCHBOARD_WHATSAPP_TOKEN: 'from-env', SWITCHBOARD_TWILIO_AUTH_TOKEN: 'twilio' }, file);
    expect(secrets).toEqual({
      whatsapp: { accessToken: 'from-env', appSecret: 'app-secret', verifyToken: 'verify' },
      facebook: { pageTokens: { [FB_PAGE]: 'page-token' }, appSecret: 'fb-secret', verifyToken: 'fb-verify' },
      sms: { authToken: 'twilio' },
    });
    expect(missing).toEqual([]);
  });

  it('leaves out a channel lacking a secret and names what it lacks', () => {
    const { secrets, missing } = readProviderSecrets(config, { SWITCHBOARD_WHATSAPP_TOKEN: 't', SWITCHBOARD_FACEBOOK_APP_SECRET: 's', SWITCHBOARD_FACEBOOK_VERIFY_TOKEN: 'v' }, null);
    expect(secrets).toEqual({});
    expect(missing).toEqual([
      'whatsapp (SWITCHBOARD_WHATSAPP_APP_SECRET, SWITCHBOARD_WHATSAPP_VERIFY_TOKEN)',
      'facebook (SWITCHBOARD_FACEBOOK_PAGE_TOKEN)',
      'sms (SWITCHBOARD_TWILIO_AUTH_TOKEN)',
    ]);
  });

  it('refuses a secret file other users may read, and says how to mend it', () => {
    const file = secretFile('SWITCHBOARD_TWILIO_AUTH_TOKEN=x\n', 0o644);
    expect(() => readProviderSecrets(config, {}, file)).toThrow(`The secret file ${file} may be read by other users (mode 644); make it 0600 (chmod 600 ${file}).`);
  });

  it('refuses a secret file that is not there, in a sentence', () => {
    const file = join(tempDir(), 'nowhere.env');
    expect(() => readProviderSecrets(config, {}, file)).toThrow(`The secret file ${file} cannot be read (ENOENT); give the path of a KEY=value file (--secrets).`);
  });
});
