export const natsInstalled: boolean;

export interface TestNats {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function startNats(): Promise<TestNats>;

/** Every message of a JetStream stream on the server at url, in the stream's order, as the JSON each carries. */
export function streamedMessages(url: string, stream: string): Promise<unknown[]>;
