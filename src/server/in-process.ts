import type { AgentGateway, Connection } from './gateway.js';
import { MAX_FRAME_BYTES } from '../core/protocol/frames.js';
import type { Transport } from '../core/protocol/transport.js';

/** Who is at the other end of an in-process connection. */
export interface InProcessOrigin {
  /** The address the core's rules see (login throttle, session address). */
  address: string;
  /** The demo's own panel: trusted, with no deadline to log in. */
  local: boolean;
}

const DEMO_PANEL: InProcessOrigin = { address: 'local', local: true };

/**
 * An in-memory connection to a gateway in the same process (the demo, the SSH
 * server's panels with their peer's address). Frames are delivered on a later
 * turn of the event loop, as a socket would, so the panel behaves exactly as
 * it does over the network.
 */
export function inProcessTransport(gateway: AgentGateway, origin: InProcessOrigin = DEMO_PANEL): Transport {
  let open = true;
  let onOpen: () => void = () => {};
  let onMessage: (text: string) => void = () => {};
  let onClose: (code: number, reason: string) => void = () => {};
  let connection: Connection | null = null;

  const shut = (code: number, reason: string) => {
    if (!open) return;
    open = false;
    connection?.closed();
    setImmediate(() => onClose(code, reason));
  };

  connection = gateway.open({
    address: origin.address,
    local: origin.local,
    send: (text) => {
      if (open) setImmediate(() => open && onMessage(text));
    },
    close: (code, reason) => shut(code, reason),
    terminate: () => shut(1006, 'cut by the server'),
    bufferedBytes: () => 0,
  });
  setImmediate(() => open && onOpen());

  return {
    send(text) {
      if (!open) throw new Error('connection is closed');
      if (Buffer.byteLength(text) > MAX_FRAME_BYTES) {
        shut(1009, 'Frame larger than 1 MiB');
        return;
      }
      setImmediate(() => open && connection!.receive(text));
    },
    close: () => shut(1000, 'closed by client'),
    onOpen: (fn) => (onOpen = fn),
    onMessage: (fn) => (onMessage = fn),
    onClose: (fn) => (onClose = fn),
  };
}
