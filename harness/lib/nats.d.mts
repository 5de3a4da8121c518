export const natsInstalled: boolean;

export interface TestNats {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function startNats(): Promise<TestNats>;
