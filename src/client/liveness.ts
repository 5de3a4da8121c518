/**
 * Noticing a server that stopped answering. A server that is stopped (kill
 * -STOP, a hung host) or a network cut without a reset (Wi-Fi gone, a NAT that
 * dropped its state) sends nothing and closes nothing: TCP alone takes hours
 * to tell, and the panel would say ● online while its actions go nowhere. So
 * the client pings, and a link it has heard nothing from for a while (no pong,
 * no frame: a busy server's events prove it alive as well as a pong) counts as
 * lost, like any dropped connection.
 */

/** How often the client pings the server. */
export const PING_EVERY_MS = 10_000;
/**
 * Silence after which the link counts as dead: two pings and a half gone
 * unanswered, so one lost on a slow link (an SSH hop, a mobile network) is
 * not enough.
 */
export const DEAD_AFTER_MS = 25_000;

export interface LivenessOptions {
  pingEveryMs: number;
  deadAfterMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = { pingEveryMs: PING_EVERY_MS, deadAfterMs: DEAD_AFTER_MS };

export interface LivenessWatch {
  /** Something came from the server: it is alive. */
  heard(): void;
  stop(): void;
}

/**
 * Ping every `pingEveryMs` and call `dead` once nothing was heard for
 * `deadAfterMs`. Time is read from a monotonic clock (wall-clock changes do
 * not count), and silence is only counted while this process was running: a
 * check that comes much later than asked (the process stopped, its laptop's
 * lid closed, its event loop blocked) cannot tell whether the server was
 * quiet or its answers sit unread in the socket, so it pings and gives the
 * server a full `deadAfterMs` again instead of cutting a link that may be fine.
 */
export function watchLiveness(
  options: LivenessOptions,
  ping: () => void,
  dead: (silentMs: number) => void,
  now: () => number = () => performance.now(),
): LivenessWatch {
  const { pingEveryMs, deadAfterMs } = options;
  let lastHeard = now();
  let lastPing = lastHeard;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const schedule = () => {
    const due = now();
    const at = Math.max(due, Math.min(lastPing + pingEveryMs, lastHeard + deadAfterMs));
    timer = setTimeout(() => check(at), at - due);
    // The socket keeps a process alive while it is open; this watch never does by itself.
    timer.unref();
  };

  const check = (dueAt: number) => {
    timer = null;
    if (stopped) return;
    const t = now();
    // Woken far too late: the silence was (also) ours, not only the server's.
    const late = t - dueAt > pingEveryMs;
    if (late) lastHeard = t;
    else if (t - lastHeard >= deadAfterMs) {
      stopped = true;
      dead(t - lastHeard);
      return;
    }
    if (late || t - lastPing >= pingEveryMs) {
      lastPing = t;
      ping();
    }
    schedule();
  };

  schedule();
  return {
    heard: () => {
      lastHeard = now();
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
