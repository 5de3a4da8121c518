import { Worker } from 'node:worker_threads';

/**
 * One worker thread that does one job at a time, each within a time limit:
 * the work a mail brings (its MIME, its HTML) runs there instead of on the
 * server's event loop, where one mail held every panel, call and chat of the
 * centre. A job past its limit ends the thread (a new one takes the next
 * job) and is answered null, as is a job whose thread failed: the caller then
 * keeps what it was given as it came, so nothing is lost.
 *
 * The thread runs `script`, a CommonJS script given as text, not a module of
 * ours: the same code then starts from the compiled server and from the
 * tests' TypeScript sources. It gets `workerData`, and answers each message
 * it is posted with one message.
 */
export class TimedThread<In, Out> {
  private worker: Worker | null = null;
  /** Jobs waiting their turn, and the one running (first). */
  private readonly queue: Array<{ input: In; done: (out: Out | null) => void }> = [];

  constructor(
    private readonly script: string,
    private readonly workerData: () => unknown,
    readonly limitMs: number,
  ) {}

  /** The thread's answer, or null when it did not come in time (or the thread failed). */
  run(input: In): Promise<Out | null> {
    return new Promise((done) => {
      this.queue.push({ input, done });
      if (this.queue.length === 1) this.next();
    });
  }

  /** Jobs waiting or running. */
  get pending(): number {
    return this.queue.length;
  }

  private next(): void {
    const job = this.queue[0];
    if (!job) return;
    const worker = this.thread();
    let settled = false;
    const finish = (out: Out | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      this.queue.shift();
      job.done(out);
      this.next();
    };
    const onMessage = (out: Out) => finish(out);
    const onFailure = () => {
      this.drop(worker);
      finish(null);
    };
    const timer = setTimeout(() => {
      this.drop(worker);
      void worker.terminate();
      finish(null);
    }, this.limitMs);
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', onFailure);
    try {
      worker.postMessage(job.input);
    } catch {
      // Not something a thread can be given: answered as a failure, the thread stays for the next job.
      finish(null);
    }
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { eval: true, workerData: this.workerData() });
    // A server shutting down never waits for a mail.
    worker.unref();
    // Between jobs too: a thread that ends is replaced with the next job, never thrown at the server.
    worker.on('error', () => this.drop(worker));
    worker.on('exit', () => this.drop(worker));
    this.worker = worker;
    return worker;
  }

  private drop(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
  }
}
