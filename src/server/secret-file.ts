import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A server secret kept in the data directory, made on first start. Keeping it
 * means what was signed with it (visitor tokens) still holds after a restart.
 */
export function loadOrCreateSecret(path: string): Buffer {
  try {
    const existing = readFileSync(path);
    if (existing.length >= 32) return existing;
  } catch {
    // not made yet
  }
  const secret = randomBytes(32);
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}
