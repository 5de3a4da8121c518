import { readFileSync, statSync } from 'node:fs';
import type { Config } from '../core/config/schema.js';
import type { ProviderSecrets } from '../channels/provider/channel.js';

/**
 * The provider channels' secrets, from the environment or a secret file
 * (KEY=value lines, as an env file; only the server's user may read it),
 * never the command line where other users of the machine could read them.
 * The environment wins over the file. A configured channel whose secrets
 * are missing stops the start with the names that are needed.
 *
 *   SWITCHBOARD_WHATSAPP_TOKEN, SWITCHBOARD_WHATSAPP_APP_SECRET, SWITCHBOARD_WHATSAPP_VERIFY_TOKEN
 *   SWITCHBOARD_FACEBOOK_PAGE_TOKEN (every page) or SWITCHBOARD_FACEBOOK_PAGE_TOKEN_<page id>,
 *   SWITCHBOARD_FACEBOOK_APP_SECRET, SWITCHBOARD_FACEBOOK_VERIFY_TOKEN
 *   SWITCHBOARD_TWILIO_AUTH_TOKEN
 */
export function readProviderSecrets(config: Config, env: NodeJS.ProcessEnv, file: string | null): ProviderSecrets {
  const values: Record<string, string | undefined> = { ...(file ? readSecretFile(file) : {}), ...env };
  const missing: string[] = [];
  const need = (name: string): string => {
    const v = values[name]?.trim();
    if (!v) missing.push(name);
    return v ?? '';
  };
  const secrets: ProviderSecrets = {};
  if (config.whatsapp) {
    secrets.whatsapp = { accessToken: need('SWITCHBOARD_WHATSAPP_TOKEN'), appSecret: need('SWITCHBOARD_WHATSAPP_APP_SECRET'), verifyToken: need('SWITCHBOARD_WHATSAPP_VERIFY_TOKEN') };
  }
  if (config.facebook) {
    const pageTokens: Record<string, string> = {};
    const shared = values.SWITCHBOARD_FACEBOOK_PAGE_TOKEN?.trim();
    for (const page of config.facebook.pages) {
      const own = values[`SWITCHBOARD_FACEBOOK_PAGE_TOKEN_${page.id}`]?.trim() || shared;
      if (own) pageTokens[page.id] = own;
      else missing.push(`SWITCHBOARD_FACEBOOK_PAGE_TOKEN_${page.id} (or SWITCHBOARD_FACEBOOK_PAGE_TOKEN)`);
    }
    secrets.facebook = { pageTokens, appSecret: need('SWITCHBOARD_FACEBOOK_APP_SECRET'), verifyToken: need('SWITCHBOARD_FACEBOOK_VERIFY_TOKEN') };
  }
  if (config.sms) secrets.sms = { authToken: need('SWITCHBOARD_TWILIO_AUTH_TOKEN') };
  if (missing.length > 0)
    throw new Error(
      `The configuration has provider channels whose secrets are not given: ${missing.join(', ')}. Set them in the environment or in a secret file (--secrets FILE, KEY=value lines, readable only by this user); they are not taken on the command line.`,
    );
  return secrets;
}

function readSecretFile(file: string): Record<string, string> {
  const mode = statSync(file).mode;
  if (mode & 0o077) throw new Error(`The secret file ${file} may be read by other users (mode ${(mode & 0o777).toString(8)}); make it 0600 (chmod 600 ${file}).`);
  const out: Record<string, string> = {};
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) continue;
    out[line.slice(0, at).trim()] = line
      .slice(at + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}
