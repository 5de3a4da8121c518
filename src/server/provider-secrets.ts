import { readFileSync, statSync } from 'node:fs';
import type { Config } from '../core/config/schema.js';
import type { ProviderSecrets } from '../channels/provider/channel.js';

/**
 * The provider channels' secrets, from the environment or a secret file
 * (KEY=value lines, as an env file; only the server's user may read it),
 * never the command line where other users of the machine could read them.
 * The environment wins over the file. A configured channel whose secrets
 * are missing is not started (its webhooks answer 404, its messages wait),
 * and the names it needs are told.
 *
 *   SWITCHBOARD_WHATSAPP_TOKEN, SWITCHBOARD_WHATSAPP_APP_SECRET, SWITCHBOARD_WHATSAPP_VERIFY_TOKEN
 *   SWITCHBOARD_FACEBOOK_PAGE_TOKEN (every page) or SWITCHBOARD_FACEBOOK_PAGE_TOKEN_<page id>,
 *   SWITCHBOARD_FACEBOOK_APP_SECRET, SWITCHBOARD_FACEBOOK_VERIFY_TOKEN
 *   SWITCHBOARD_TWILIO_AUTH_TOKEN
 */
export function readProviderSecrets(config: Config, env: NodeJS.ProcessEnv, file: string | null): { secrets: ProviderSecrets; missing: string[] } {
  const values: Record<string, string | undefined> = { ...(file ? readSecretFile(file) : {}), ...env };
  const get = (name: string) => values[name]?.trim() || null;
  const secrets: ProviderSecrets = {};
  const missing: string[] = [];
  /** A channel starts only with all its secrets; otherwise the names it lacks are told. */
  const all = <T>(channel: string, names: string[], make: (v: string[]) => T): T | undefined => {
    const got = names.map(get);
    const lacking = names.filter((_, i) => !got[i]);
    if (lacking.length === 0) return make(got as string[]);
    missing.push(`${channel} (${lacking.join(', ')})`);
    return undefined;
  };
  if (config.whatsapp)
    secrets.whatsapp = all('whatsapp', ['SWITCHBOARD_WHATSAPP_TOKEN', 'SWITCHBOARD_WHATSAPP_APP_SECRET', 'SWITCHBOARD_WHATSAPP_VERIFY_TOKEN'], ([accessToken, appSecret, verifyToken]) => ({
      accessToken: accessToken!,
      appSecret: appSecret!,
      verifyToken: verifyToken!,
    }));
  if (config.facebook) {
    const pageTokens: Record<string, string> = {};
    for (const page of config.facebook.pages) {
      const token = get(`SWITCHBOARD_FACEBOOK_PAGE_TOKEN_${page.id}`) ?? get('SWITCHBOARD_FACEBOOK_PAGE_TOKEN');
      if (token) pageTokens[page.id] = token;
    }
    const pages = Object.keys(pageTokens).length === config.facebook.pages.length ? [] : ['SWITCHBOARD_FACEBOOK_PAGE_TOKEN'];
    secrets.facebook = all('facebook', [...pages, 'SWITCHBOARD_FACEBOOK_APP_SECRET', 'SWITCHBOARD_FACEBOOK_VERIFY_TOKEN'], (v) => ({ pageTokens, appSecret: v.at(-2)!, verifyToken: v.at(-1)! }));
  }
  if (config.sms) secrets.sms = all('sms', ['SWITCHBOARD_TWILIO_AUTH_TOKEN'], ([authToken]) => ({ authToken: authToken! }));
  return { secrets, missing };
}

function readSecretFile(file: string): Record<string, string> {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (e) {
    throw new Error(`The secret file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of a KEY=value file (--secrets).`);
  }
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
