// The server's resident memory through a run, read inside it (probe.mjs)
// five times a second. Growth is measured per server life (a crash restarts
// it): from the baseline taken after warm-up to the highest sample after it;
// a life that never got that far counts from its first sample.
const MIB = 1024 * 1024;

export class RssWatch {
  constructor(intervalMs = 200) {
    this.intervalMs = intervalMs;
    this.lives = [];
    this.current = null;
    this.running = false;
    this.loop = null;
  }

  /** Follow a new server (after a start or a restart). */
  follow(server) {
    this.server = server;
    this.current = { first: null, baseline: null, baselineSample: null, heldAtBaseline: null, peakAll: 0, peakAfter: 0, peakSample: null, last: 0, lastHeap: 0 };
    this.lives.push(this.current);
  }

  start() {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        if (this.server?.alive) {
          try {
            this.record(await this.server.sample());
          } catch {
            // died between the check and the sample: the run sees it
          }
        }
        await new Promise((r) => setTimeout(r, this.intervalMs));
      }
    })();
  }

  async stop() {
    this.running = false;
    await this.loop;
  }

  record(sample) {
    const life = this.current;
    life.first ??= sample.rss;
    life.peakAll = Math.max(life.peakAll, sample.rss);
    if (life.baseline !== null && sample.rss > life.peakAfter) {
      life.peakAfter = sample.rss;
      life.peakSample = sample;
    }
    life.last = sample.rss;
    life.lastHeap = sample.heapUsed;
  }

  /**
   * Take the baseline of this life now (once); then, after a full collection,
   * what the server holds (heap and external memory), to tell garbage from
   * what is kept when the run ends (held()).
   */
  async baseline() {
    if (this.current.baseline !== null) return;
    const sample = await this.server.sample().then(
      (s) => s,
      () => null,
    );
    if (sample === null) return;
    this.current.baseline = sample.rss;
    this.current.baselineSample = sample;
    this.current.heldAtBaseline = await this.held();
  }

  /** Heap and external memory the server holds after a full collection (MiB), or null if it cannot say. */
  held() {
    return this.server.sample({ gc: true }).then(
      (s) => (s.heapUsed + s.external) / MIB,
      () => null,
    );
  }

  get hasBaseline() {
    return this.current?.baseline !== null;
  }

  growthMiB() {
    const growth = this.lives.map((l) => (l.baseline !== null ? l.peakAfter - l.baseline : l.peakAll - (l.first ?? l.peakAll)));
    return Math.max(0, ...growth) / MIB;
  }

  /**
   * Where the first life's memory was at the baseline and at its peak after
   * it (MiB): the V8 heap (reserved, and in use), memory outside it that V8
   * knows of (buffers), and the rest of the resident set (code, SQLite,
   * sockets, the allocator's free lists). Null before a baseline.
   */
  breakdown() {
    const life = this.lives[0];
    if (!life?.baselineSample || !life.peakSample) return null;
    const of = (s) => ({ rss: s.rss / MIB, heapTotal: s.heapTotal / MIB, heapUsed: s.heapUsed / MIB, external: s.external / MIB, other: (s.rss - s.heapTotal - s.external) / MIB });
    return { baseline: of(life.baselineSample), peak: of(life.peakSample) };
  }

  /** Figures for the report, in MiB: the first life's baseline (or first sample) and the highest peak. */
  summary() {
    const first = this.lives[0];
    return {
      heldAtBaselineMiB: this.current?.heldAtBaseline ?? null,
      baselineMiB: (first?.baseline ?? first?.first ?? 0) / MIB,
      peakMiB: Math.max(0, ...this.lives.map((l) => l.peakAll)) / MIB,
      lastMiB: (this.current?.last ?? 0) / MIB,
      lastHeapMiB: (this.current?.lastHeap ?? 0) / MIB,
    };
  }
}
