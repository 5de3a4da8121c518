// What both fuzzing sockets share: a list of frames waiting for their answer,
// and a wait until it is empty, the socket closed, or a deadline passed.
/**
 * A socket that has not logged in (or started a chat) is opened again after
 * this long: a server may hang up on such sockets after a while (issue 10,
 * item 9), and must not do it to frames in flight.
 */
export const FRESH_MS = 60_000;

export class SocketActor {
  constructor() {
    this.waiting = [];
    this.closed = null;
    this.wake = null;
    this.openedAt = 0;
  }

  /**
   * Take `ws` as this actor's socket from now on, with nothing waiting: its
   * frames go to receive(), its close ends a wait (a socket replaced since
   * closes unheard). Resolves once it is open.
   */
  adopt(ws) {
    this.ws = ws;
    this.openedAt = Date.now();
    this.waiting = [];
    this.closed = null;
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', (code) => {
      if (ws !== this.ws) return;
      this.closed = code;
      this.poke();
    });
    ws.on('error', () => {});
    return new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  }

  /** Opened long enough ago that a server may be about to hang up on it if it has not logged in. */
  get stale() {
    return Date.now() - this.openedAt > FRESH_MS;
  }

  /** Something arrived that may end a wait: check again. */
  poke() {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Wait until every frame sent is dealt with, the socket closed, or the deadline passed. */
  settle(deadlineMs) {
    if (this.waiting.length === 0 || this.closed !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, deadlineMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** A batch is judged: start the next one with nothing waiting. */
  forgetWaiting() {
    this.waiting = [];
  }

  close() {
    this.ws?.terminate();
  }
}
