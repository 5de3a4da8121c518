import type { NatsConnection } from 'nats';

/**
 * Say "I live" (this process's id on `subject`) now and every `everyMs`, as
 * the active core does to its gateways and each gateway to the core. The
 * beat never keeps the process alive; the returned function stops it.
 */
export function beatEvery(nc: NatsConnection, subject: string, id: string, everyMs: number): () => void {
  const beat = () => nc.publish(subject, id);
  beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
