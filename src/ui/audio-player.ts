import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Command-line audio players, in the order they are tried: PulseAudio /
 * PipeWire, ALSA, macOS, and ffmpeg's player (no window, exits at the end).
 * Each plays a WAV file named last on its command line.
 */
export const PLAYERS: ReadonlyArray<{ cmd: string; args: string[] }> = [
  { cmd: 'paplay', args: [] },
  { cmd: 'aplay', args: ['-q'] },
  { cmd: 'afplay', args: [] },
  { cmd: 'ffplay', args: ['-nodisp', '-autoexit', '-loglevel', 'quiet'] },
];

export interface Player {
  cmd: string;
  path: string;
  args: string[];
}

/** The first player found on PATH, or null (a server reached over SSH usually has none, or no sound). */
export function findPlayer(env: NodeJS.ProcessEnv = process.env): Player | null {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const p of PLAYERS) {
    for (const dir of dirs) {
      const path = join(dir, p.cmd);
      if (executable(path)) return { ...p, path };
    }
  }
  return null;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface Playing {
  player: Player;
  stop(): void;
}

/**
 * The players one panel started. The panel may exit without unmounting
 * (Ctrl+C), and a recording must not outlive it; panels in one process (the
 * SSH server) each have their own, so one panel's end stops only its players.
 */
export class PlayerPool {
  private readonly live = new Set<ChildProcess>();
  private exitHook = false;

  constructor(private readonly options: { stopAtExit: boolean }) {}

  /**
   * Play a file with a player. Its output is thrown away: the terminal is the
   * panel's. `onEnd` is told once, when it finishes, fails or is stopped
   * (`stopped` true), with a reason when it failed.
   */
  play(player: Player, file: string, onEnd: (result: { stopped: boolean; error: string | null }) => void): Playing {
    let stopped = false;
    let ended = false;
    const end = (error: string | null) => {
      if (ended) return;
      ended = true;
      onEnd({ stopped, error: stopped ? null : error });
    };
    let child: ChildProcess;
    try {
      child = spawn(player.path, [...player.args, file], { stdio: 'ignore' });
    } catch (e) {
      end(`${player.cmd} could not be started (${(e as Error).message})`);
      return { player, stop: () => {} };
    }
    this.watch(child);
    child.on('error', (e) => end(`${player.cmd} could not be started (${e.message})`));
    child.on('exit', (code, signal) => end(code === 0 ? null : `${player.cmd} stopped with ${code !== null ? `exit code ${code}` : signal}`));
    return {
      player,
      stop() {
        if (ended) return;
        stopped = true;
        child.kill('SIGTERM');
      },
    };
  }

  stopAll(): void {
    for (const c of this.live) c.kill('SIGTERM');
  }

  private watch(child: ChildProcess): void {
    this.live.add(child);
    child.once('exit', () => this.live.delete(child));
    child.once('error', () => this.live.delete(child));
    if (this.exitHook || !this.options.stopAtExit) return;
    this.exitHook = true;
    process.once('exit', () => this.stopAll());
  }
}
