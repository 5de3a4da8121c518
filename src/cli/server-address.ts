import { agentUrl } from '../client/ws-transport.js';

/**
 * The agent endpoint of a server address given on the command line, or null
 * after saying in one sentence why it is not one. `new URL` throws a
 * TypeError on "not-a-url" or "http://", which would otherwise reach the
 * person as a Node stack trace; every command that takes an address checks
 * it here first, so they all say the same thing.
 */
export function serverTarget(url: string): string | null {
  try {
    return agentUrl(url);
  } catch {
    process.stderr.write(`switchboard: BAD_URL: "${url}" is not a server address; give one like ws://127.0.0.1:7300.\n`);
    return null;
  }
}
