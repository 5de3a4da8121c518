import { timingSafeEqual, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecretRef } from '../../core/config/email.js';

/** A secret that is configured but cannot be read: names where it was looked for. */
export class SecretMissing extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * The password a configuration names: from the environment variable or the
 * file it gives (its first line, without the line end). Never from the
 * command line, where any user of the machine could read it.
 */
export function readSecret(ref: SecretRef, path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (ref.passwordEnv) {
    const value = env[ref.passwordEnv];
    if (!value) throw new SecretMissing(`${path}.passwordEnv`, `the environment variable ${ref.passwordEnv} is not set`);
    return value;
  }
  try {
    const value = readFileSync(ref.passwordFile!, 'utf8').split(/\r?\n/, 1)[0] ?? '';
    if (!value) throw new SecretMissing(`${path}.passwordFile`, `${ref.passwordFile} is empty`);
    return value;
  } catch (e) {
    if (e instanceof SecretMissing) throw e;
    throw new SecretMissing(`${path}.passwordFile`, `${ref.passwordFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** A key or certificate file the configuration names (STARTTLS): unreadable is a configuration error naming the setting. */
export function readConfiguredFile(file: string, path: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new SecretMissing(path, `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Compare two secrets in a time that does not tell how much of a guess was right. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
