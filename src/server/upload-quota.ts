import type { Clock } from '../core/clock.js';
import type { Engine } from '../core/engine.js';

const MB = 1024 * 1024;
const HOUR_MS = 3600_000;
const MAX_SENDERS = 10_000;

export interface Uploader {
  /** Whose hourly allowance it counts against: `agent:<number>` or `visitor:<address>`. */
  sender: string;
  /** The visitor's conversation, whose files together are limited; null for agents. */
  conversation: string | null;
}

export type QuotaAnswer = { ok: true; settle(keptBytes: number | null): void } | { ok: false; message: string };

/**
 * How much a sender may upload in an hour, and a conversation in all. An
 * upload reserves its size (the declared one, or the most a file may be) before
 * a byte is read, so parallel uploads cannot slip past the limit together;
 * once it is kept or refused it settles to what it really took.
 */
export class UploadQuota {
  private readonly recent = new Map<string, Array<{ at: number; bytes: number }>>();
  private readonly reserved = new Map<string, number>();
  /** Bytes kept per visitor conversation, read from the files once, then kept up to date. */
  private kept: Map<string, number> | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly clock: Clock,
  ) {}

  reserve(who: Uploader, bytes: number): QuotaAnswer {
    const limits = this.engine.config.security.uploads;
    const now = this.clock.now();
    const hourly = (who.sender.startsWith('agent:') ? limits.agentMbPerHour : limits.visitorMbPerHour) * MB;
    const sent = this.sentInHour(who.sender, now) + (this.reserved.get(who.sender) ?? 0);
    if (sent + bytes > hourly)
      return { ok: false, message: `You have sent ${mb(sent)} of files in the last hour; the limit is ${mb(hourly)}. Try again later.` };
    const conversation = who.conversation ? `conversation:${who.conversation}` : null;
    if (conversation) {
      const total = limits.conversationMb * MB;
      const used = this.keptIn(who.conversation!) + (this.reserved.get(conversation) ?? 0);
      if (used + bytes > total) return { ok: false, message: `This chat already holds ${mb(used)} of files; the limit is ${mb(total)}.` };
    }
    const keys = conversation ? [who.sender, conversation] : [who.sender];
    for (const k of keys) this.reserved.set(k, (this.reserved.get(k) ?? 0) + bytes);
    let settled = false;
    return {
      ok: true,
      settle: (keptBytes) => {
        if (settled) return;
        settled = true;
        for (const k of keys) {
          const left = (this.reserved.get(k) ?? 0) - bytes;
          if (left > 0) this.reserved.set(k, left);
          else this.reserved.delete(k);
        }
        if (keptBytes === null) return;
        if (this.recent.size > MAX_SENDERS) this.dropOldSenders();
        this.recent.set(who.sender, [...(this.recent.get(who.sender) ?? []), { at: this.clock.now(), bytes: keptBytes }]);
        if (who.conversation) this.counts().set(who.conversation, this.keptIn(who.conversation) + keptBytes);
      },
    };
  }

  /** Files removed (never sent): their bytes no longer count against their conversation. */
  forget(conversation: string, bytes: number): void {
    const left = this.keptIn(conversation) - bytes;
    if (left > 0) this.counts().set(conversation, left);
    else this.counts().delete(conversation);
  }

  /** Senders with nothing in the last hour are forgotten, so many addresses cannot grow the map for ever. */
  private dropOldSenders(): void {
    const now = this.clock.now();
    for (const sender of [...this.recent.keys()]) this.sentInHour(sender, now);
  }

  private sentInHour(sender: string, now: number): number {
    const entries = (this.recent.get(sender) ?? []).filter((e) => now - e.at < HOUR_MS);
    if (entries.length > 0) this.recent.set(sender, entries);
    else this.recent.delete(sender);
    return entries.reduce((sum, e) => sum + e.bytes, 0);
  }

  private keptIn(conversation: string): number {
    return this.counts().get(conversation) ?? 0;
  }

  private counts(): Map<string, number> {
    if (!this.kept) {
      this.kept = new Map();
      for (const f of this.engine.state.all('file')) {
        if (!f.owner.startsWith('visitor:')) continue;
        const c = f.owner.slice('visitor:'.length);
        this.kept.set(c, (this.kept.get(c) ?? 0) + f.size);
      }
    }
    return this.kept;
  }
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}
