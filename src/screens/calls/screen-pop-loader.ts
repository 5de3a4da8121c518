import { fetchScreenPop, ScreenPopError, type PoppedPage } from '../../client/screen-pop.js';

/** `source` is the call's screen-pop URL; `url` the address it is loaded from. */
export type PopState = { source: string; url: string } & (
  | { kind: 'loading'; startedAt: number }
  | { kind: 'loaded'; page: PoppedPage }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped' }
);

type Fetcher = (url: string, signal: AbortSignal) => Promise<PoppedPage>;

/**
 * A queue's screen-pop URL may be a path on the switchboard server itself
 * ("/crm/lookup?…", as in the demo): it is read against the server's HTTP
 * address. Full http(s) URLs are used as they are.
 */
export function resolvePopUrl(url: string, httpBase: string | null | undefined): string {
  if (!url.startsWith('/')) return url;
  if (!httpBase) throw new ScreenPopError("The page is a path on the server, whose web address is not known here.", url);
  return `${httpBase.replace(/\/+$/, '')}${url}`;
}

/**
 * Screen-pop pages by call, kept outside the pane so that hiding the pane or
 * switching tabs neither refetches nor loses a page. Each load can be stopped;
 * a reload starts over; calls that left the list are forgotten.
 */
export class ScreenPopLoader {
  private readonly states = new Map<string, PopState>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly httpBase: string | null | undefined,
    private readonly fetcher: Fetcher = fetchScreenPop,
    private readonly now: () => number = Date.now,
  ) {}

  get(callId: string): PopState | undefined {
    return this.states.get(callId);
  }

  /** Start loading the call's page unless it is loaded, loading, stopped or failed already. */
  ensure(callId: string, url: string): void {
    const state = this.states.get(callId);
    if (state && state.source === url) return;
    this.load(callId, url);
  }

  reload(callId: string, url: string): void {
    this.load(callId, url);
  }

  stop(callId: string): void {
    const state = this.states.get(callId);
    if (state?.kind !== 'loading') return;
    this.controllers.get(callId)?.abort();
    this.set(callId, { kind: 'stopped', source: state.source, url: state.url });
  }

  /** Drop the pages of calls no longer listed. */
  keepOnly(callIds: Set<string>): void {
    for (const id of [...this.states.keys()]) {
      if (callIds.has(id)) continue;
      this.controllers.get(id)?.abort();
      this.controllers.delete(id);
      this.states.delete(id);
    }
  }

  /** The address the page is (or would be) loaded from. */
  addressOf(url: string): string {
    try {
      return resolvePopUrl(url, this.httpBase);
    } catch {
      return url;
    }
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  dispose(): void {
    for (const c of this.controllers.values()) c.abort();
    this.controllers.clear();
    this.listeners.clear();
  }

  private load(callId: string, url: string): void {
    this.controllers.get(callId)?.abort();
    let address: string;
    try {
      address = resolvePopUrl(url, this.httpBase);
    } catch (e) {
      this.set(callId, { kind: 'failed', source: url, url, reason: (e as Error).message });
      return;
    }
    const controller = new AbortController();
    this.controllers.set(callId, controller);
    this.set(callId, { kind: 'loading', source: url, url: address, startedAt: this.now() });
    this.fetcher(address, controller.signal).then(
      (page) => {
        if (this.controllers.get(callId) !== controller) return;
        this.controllers.delete(callId);
        this.set(callId, { kind: 'loaded', source: url, url: address, page });
      },
      (e: Error) => {
        if (this.controllers.get(callId) !== controller) return;
        this.controllers.delete(callId);
        // Stop already said so; anything else is a failure with its reason.
        if (controller.signal.aborted) return;
        this.set(callId, { kind: 'failed', source: url, url: address, reason: e instanceof ScreenPopError ? e.reason : e.message });
      },
    );
  }

  private set(callId: string, state: PopState): void {
    this.states.set(callId, state);
    for (const fn of this.listeners) fn();
  }
}
