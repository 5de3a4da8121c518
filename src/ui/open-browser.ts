import { spawn } from 'node:child_process';
import { copyToClipboard as copyToTerminal } from './terminal.js';

/**
 * Whether a system browser can be shown: always on macOS and Windows; on
 * Linux and the BSDs only with a graphical display. Over SSH there is
 * usually none, and xdg-open would start a text browser inside our terminal.
 */
export function canOpenBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * Open a page in the system browser, or, where there is none, copy its URL to
 * the clipboard (OSC 52) so the agent can open it on their own machine.
 * `onFail` is told when the opener itself could not be started.
 */
export function openInBrowser(
  url: string,
  options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; onFail?: (reason: string) => void; copy?: (text: string) => void } = {},
): 'opened' | 'copied' {
  const platform = options.platform ?? process.platform;
  // The panel's own terminal gets the URL (each SSH session has its own).
  const copyToClipboard = options.copy ?? copyToTerminal;
  if (!canOpenBrowser(options.env, platform)) {
    copyToClipboard(url);
    return 'copied';
  }
  spawnOpener(url, platform, (why) => {
    copyToClipboard(url);
    options.onFail?.(`${why}; the URL was copied instead.`);
  });
  return 'opened';
}

/**
 * Open a file on this machine with the desktop's opener (xdg-open, open,
 * start), where there is a desktop; false where there is none (over SSH),
 * so the caller offers another way. `onFail` hears an opener that would not start.
 */
export function openLocally(
  path: string,
  options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; onFail?: (reason: string) => void } = {},
): boolean {
  const platform = options.platform ?? process.platform;
  if (!canOpenBrowser(options.env, platform)) return false;
  spawnOpener(path, platform, (why) => options.onFail?.(why));
  return true;
}

function spawnOpener(target: string, platform: NodeJS.Platform, failed: (why: string) => void): void {
  const [cmd, args] = platform === 'darwin' ? ['open', [target]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', target]] : ['xdg-open', [target]];
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', (e) => failed(`${cmd} could not be started (${e.message})`));
    child.unref();
  } catch (e) {
    failed(`${cmd} could not be started (${(e as Error).message})`);
  }
}
