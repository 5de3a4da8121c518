import type { Clock, TimerHandle } from '../core/clock.js';
import type { Engine } from '../core/engine.js';
import type { StoredFile } from '../core/protocol/model.js';
import { sweepUnattached } from '../core/messaging/uploads.js';
import type { FileStore } from './file-store.js';
import type { Log } from './logger.js';
import type { UploadQuota } from './upload-quota.js';

/** How often uploads never sent are looked for. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Removes what uploads leave behind: at start, half-received bodies and files
 * no entity names (a crash between writing and registering); then, every ten
 * minutes, uploads no message carries once they are older than the
 * configuration's `security.uploads.unattachedMinutes`.
 */
export class UploadSweeper {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly files: FileStore,
    private readonly quota: UploadQuota,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  start(): void {
    const known = new Set<string>();
    for (const f of this.engine.state.all('file')) known.add(f.id);
    const stray = this.files.ids().filter((id) => !known.has(id));
    for (const id of stray) this.files.discard(id);
    if (stray.length > 0) this.log(`removed ${stray.length} upload(s) left half-done or unregistered`);
    this.arm();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /** Remove uploads never sent; returns how many. */
  sweep(): number {
    const before = this.clock.now() - this.engine.config.security.uploads.unattachedMinutes * 60_000;
    let gone: StoredFile[];
    try {
      gone = this.engine.run((ctx) => sweepUnattached(ctx, before));
    } catch (e) {
      this.log(`sweeping unsent uploads failed: ${(e as Error).message}`);
      return 0;
    }
    for (const f of gone) {
      this.files.discard(f.id);
      if (f.owner.startsWith('visitor:')) this.quota.forget(f.owner.slice('visitor:'.length), f.size);
    }
    if (gone.length > 0) this.log(`removed ${gone.length} upload(s) never sent in a message`);
    return gone.length;
  }

  private arm(): void {
    this.timer = this.clock.setTimer(SWEEP_EVERY_MS, () => {
      this.sweep();
      this.arm();
    });
  }
}
