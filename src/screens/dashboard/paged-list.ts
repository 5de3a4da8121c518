import type { ConversationRow } from '../../core/protocol/conversation-rows.js';
import type { CommandResult } from '../../core/protocol/results.js';

/** A page as conversations.list answers it: conversations, and in Closed answered calls (channel 'voice'). */
export type ListPage = CommandResult<'conversations.list'>;

export type FetchPage = (offset: number, limit: number) => Promise<ListPage>;

/**
 * A list that lives on the server (conversations.list), seen through a window.
 * Pages of `pageSize` rows are fetched when the window reaches them, kept in a
 * small cache (the farthest page goes first), and fetched again only when the
 * owner says the list changed. Ten thousand closed conversations cost the
 * client a few pages, never the whole list.
 */
export class PagedList {
  total: number | null = null;
  error: string | null = null;
  /** Round trips made, for tests and the benchmark. */
  fetches = 0;
  private readonly pages = new Map<number, ConversationRow[]>();
  private readonly inflight = new Set<number>();
  /** Bumped by refresh: answers to older requests are dropped (they describe an older list). */
  private generation = 0;
  private closed = false;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly onChange: () => void,
    readonly pageSize = 100,
    private readonly maxPages = 20,
  ) {}

  row(i: number): ConversationRow | undefined {
    return this.pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  /** Where a row is among the pages held, or -1 when none of them has it. */
  indexOf(id: string): number {
    for (const [page, rows] of this.pages) {
      const at = rows.findIndex((r) => r.id === id);
      if (at >= 0) return page * this.pageSize + at;
    }
    return -1;
  }

  /** Whether a page covering rows from..to is still on its way. */
  loading(): boolean {
    return this.inflight.size > 0;
  }

  /** Make sure rows `from`..`to` (inclusive) are here or on their way. */
  want(from: number, to: number): void {
    if (this.closed) return;
    const first = Math.max(0, Math.floor(from / this.pageSize));
    const last = Math.max(first, Math.floor(Math.max(from, to) / this.pageSize));
    for (let p = first; p <= last; p++) if (!this.pages.has(p) && !this.inflight.has(p)) this.load(p);
  }

  /**
   * The list changed on the server: fetch the pages in view again. They stay
   * drawn until the new ones arrive (no flicker); every other page is dropped.
   */
  refresh(from: number, to: number): void {
    if (this.closed) return;
    this.generation++;
    this.inflight.clear();
    const first = Math.floor(from / this.pageSize);
    const last = Math.floor(Math.max(from, to) / this.pageSize);
    for (const p of [...this.pages.keys()]) if (p < first || p > last) this.pages.delete(p);
    for (let p = first; p <= last; p++) this.load(p);
  }

  close(): void {
    this.closed = true;
  }

  private load(page: number): void {
    const generation = this.generation;
    this.inflight.add(page);
    this.fetches++;
    this.fetchPage(page * this.pageSize, this.pageSize).then(
      (result) => {
        if (this.closed || generation !== this.generation) return;
        this.inflight.delete(page);
        this.total = result.total;
        this.error = null;
        this.pages.set(page, result.rows);
        this.evict(page);
        this.onChange();
      },
      (e: Error) => {
        if (this.closed || generation !== this.generation) return;
        this.inflight.delete(page);
        this.error = e.message;
        this.onChange();
      },
    );
  }

  private evict(near: number): void {
    while (this.pages.size > this.maxPages) {
      let far = near;
      for (const p of this.pages.keys()) if (Math.abs(p - near) > Math.abs(far - near)) far = p;
      if (far === near) return;
      this.pages.delete(far);
    }
  }
}
