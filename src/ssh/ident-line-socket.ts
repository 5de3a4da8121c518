import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/**
 * ssh2 (1.17) gives up on the client's first line ("SSH-2.0-OpenSSH_9.2p1")
 * when it comes in three reads or more: it keeps the first read and the one
 * that ends the line, and drops those between. The version it then signs is
 * not the one the client sent, and the client says "incorrect signature", or
 * the line reads as invalid and the connection is closed. A link that hands
 * the bytes over a few at a time (a bad mobile line, a throttling proxy) does
 * exactly that. Past ssh2's own limit for that line the bytes go on as they
 * are, for ssh2 to refuse.
 */
const IDENT_LINE_LIMIT = 8192;

/**
 * The client's TCP socket as the SSH server reads it: the identification
 * line comes in one read, whatever pieces it crossed the network in; every
 * byte after it, and everything the server writes, goes through as it is.
 * The server's own line is not held back (ssh2 writes it at once), so a
 * client that waits for it before sending its own still gets it.
 */
export class IdentLineSocket extends Duplex {
  private pending: Buffer[] | null = [];
  private pendingBytes = 0;

  constructor(private readonly socket: Socket) {
    super({ allowHalfOpen: false });
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('end', () => {
      // A client gone before ending its line: what it sent is still ssh2's to refuse.
      if (this.pending?.length) this.push(Buffer.concat(this.pending));
      this.pending = null;
      this.push(null);
    });
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  private received(chunk: Buffer): void {
    if (this.pending) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (!chunk.includes(0x0a) && this.pendingBytes < IDENT_LINE_LIMIT) return;
      chunk = Buffer.concat(this.pending);
      this.pending = null;
    }
    // The SSH server reads slower than the client sends (a paste into a busy panel): stop reading the socket meanwhile.
    if (!this.push(chunk)) this.socket.pause();
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    // ssh2 takes no notice of a socket's backpressure: what it writes waits in the socket, as it did without this layer.
    this.socket.write(chunk);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.socket.end();
    done();
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.socket.destroy();
    done(error);
  }
}
