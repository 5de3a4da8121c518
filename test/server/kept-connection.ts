import { connect, type Socket } from 'node:net';
import { onCleanup } from './support.js';

/** Where an answer whose body starts at `body` ends (by its Content-Length, or its last chunk), or -1 while it is not all here. */
function endOfAnswer(text: string, body: number): number {
  // An upgrade taken has no body: what follows is the WebSocket's.
  if (text.startsWith('HTTP/1.1 101')) return body;
  const length = /content-length: (\d+)/i.exec(text.slice(0, body))?.[1];
  if (length !== undefined) return text.length >= body + Number(length) ? body + Number(length) : -1;
  const last = text.indexOf('\r\n0\r\n\r\n', body - 2);
  return last < 0 ? -1 : last + 7;
}

/** A keep-alive HTTP/1.1 connection from 127.0.0.1, asking one request at a time. */
export class KeptConnection {
  private got = '';
  private wake: () => void = () => {};
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d) => {
      this.got += d.toString();
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<KeptConnection> {
    const socket = connect(port, '127.0.0.1');
    const connection = new KeptConnection(socket);
    onCleanup(() => socket.destroy());
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(connection));
      socket.once('error', reject);
    });
  }

  /** Where the next answer starts in what was received: a refusal may come before anything is asked. */
  private answered = 0;

  /** Send the request and read its whole answer (or what came before the server hung up). */
  async ask(request = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'): Promise<string> {
    if (!this.closed) this.socket.write(request);
    for (;;) {
      const text = this.got.slice(this.answered);
      const head = text.indexOf('\r\n\r\n');
      const end = head < 0 ? -1 : endOfAnswer(text, head + 4);
      if (end >= 0) {
        this.answered += end;
        return text.slice(0, end);
      }
      if (this.closed) return text;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
