export const natsInstalled: boolean;

export interface TestNats {
  url: string;
  port: number;
  /** SIGKILL it (what it had not yet written to disk is lost) and start it again on the same port and data. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export function startNats(): Promise<TestNats>;

/** Every message of a JetStream stream on the server at url, in the stream's order, as the JSON each carries. */
export function streamedMessages(url: string, stream: string): Promise<unknown[]>;
