/**
 * The client side of a connection: text frames in and out. The in-process
 * transport (demo) and the WebSocket transport implement it with the very
 * same frames, so behaviour cannot differ between them.
 */
export interface Transport {
  send(text: string): void;
  close(): void;
  onOpen(fn: () => void): void;
  onMessage(fn: (text: string) => void): void;
  onClose(fn: (code: number, reason: string) => void): void;
}

export type TransportFactory = () => Transport;

/** Close code of a connection that did not log in in time: the client opens a fresh one at once. */
export const CLOSE_LOGIN_DEADLINE = 4408;
