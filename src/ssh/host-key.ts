import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';

/** Where the SSH server's host key lives in the data directory. */
export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

/**
 * The SSH server's host key, made on the first start and kept in the data
 * directory (0600): agents' ssh clients remember it, so it must survive a
 * restart, and nobody but the server's user may read it. A key file that
 * exists but cannot be read as a key stops the start: making a new one would
 * make every client warn of an impostor.
 */
export function loadOrCreateHostKey(dataDir: string): { key: Buffer; fingerprint: string; path: string } {
  const path = join(dataDir, HOST_KEY_FILE);
  if (!existsSync(path)) writeFileSync(path, ed25519KeyPair('switchboard host key').private, { mode: 0o600 });
  chmodSync(path, 0o600);
  const key = readFileSync(path);
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error) throw new Error(`${path} is not an SSH private key (${parsed.message}); move it away to make a new one.`);
  return { key, fingerprint: fingerprintOf(parsed.getPublicSSH()), path };
}

/**
 * An ed25519 key pair in OpenSSH's form that ssh2 reads back. ssh2 1.17
 * drops leading zero bytes of the public key when it writes a pair (one in
 * 256 keys starts with one: mscdex/ssh2 issues 1390 and 1513), and neither
 * it nor OpenSSH reads that key again; such a pair is made again.
 */
export function ed25519KeyPair(comment?: string): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', comment ? { comment } : {});
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error)) return pair;
  }
}

/** The SHA256 fingerprint as OpenSSH prints it (ssh-keygen -lf). */
export function fingerprintOf(publicSsh: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicSsh).digest('base64').replace(/=+$/, '')}`;
}
