import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Engine } from '../core/engine.js';
import { MAX_ATTACHMENT_BYTES } from '../core/messaging/conversation.js';
import type { TelephonyRecording } from '../core/ports/telephony.js';
import type { FileStore } from './file-store.js';
import type { Log } from './logger.js';

/**
 * Call recordings, kept where uploads are: the telephony side hands over the
 * bytes, the FileStore writes them (as it writes an upload: a `.part` renamed
 * once whole), and the engine registers the `file` entity and links it to
 * the call record in one transaction. The file's owner is `call:<id>`, so
 * /files/<id> lets through whoever may see that call (see files-http mayRead).
 */
export class RecordingKeeper {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly engine: () => Engine,
    private readonly store: FileStore,
    private readonly log: Log,
  ) {}

  keep(recording: TelephonyRecording & { callId: string }): void {
    const work = this.write(recording).finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Let recordings on their way land before the engine and store close. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async write(r: TelephonyRecording & { callId: string }): Promise<void> {
    const id = `file-${randomUUID()}`;
    const received = await this.store.receive(id, Readable.from([Buffer.from(r.bytes)]), MAX_ATTACHMENT_BYTES);
    if (!received.ok) {
      this.log(`recording of call ${r.callId} not kept: ${received.reason}`);
      return;
    }
    try {
      this.store.keep(id);
      this.engine().recordingKept(r.callId, { id, name: r.name, size: received.size, type: r.type, owner: `call:${r.callId}` }, r.seconds);
    } catch (e) {
      this.store.discard(id);
      this.log(`recording of call ${r.callId} not kept: ${(e as Error).message}`);
    }
  }
}
