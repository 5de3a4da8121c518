// Loaded into the server child with `node --import` (and --expose-gc, used
// only here): it measures the server's
// own process (resident memory, heap, CPU, event-loop delay) and answers the
// harness over the child's IPC channel. Nothing in src/ knows of it, so the
// server under test is the one that ships.
//
// It also ends the server when the harness goes away (the IPC channel closes),
// so a harness that is killed never leaves a server running behind it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the loop is looked at (ms): a histogram value is the time between two looks. */
const RESOLUTION_MS = 10;

if (process.send) {
  // Two windows: `loop` since the last sample that asked for a reset, `total` since the last resetTotal.
  const windows = { loop: monitorEventLoopDelay({ resolution: RESOLUTION_MS }), total: monitorEventLoopDelay({ resolution: RESOLUTION_MS }) };
  for (const h of Object.values(windows)) h.enable();
  // The delay is how much later than due the loop got round to it.
  const late = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const figures = (h) => ({ p50: late(h.percentile(50)), p99: late(h.percentile(99)), max: late(h.max), count: h.count });
  process.on('message', (m) => {
    if (!m || m.type !== 'harness.sample') return;
    // A full collection first when asked (the child runs with --expose-gc): what is left is what the server holds.
    if (m.gc && typeof globalThis.gc === 'function') globalThis.gc();
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    process.send({
      type: 'harness.sample',
      id: m.id,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loop: figures(windows.loop),
      loopTotal: figures(windows.total),
    });
    if (m.reset) windows.loop.reset();
    if (m.resetTotal) windows.total.reset();
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  // The channel must not keep a server alive that has otherwise finished (SIGTERM's clean exit).
  process.channel?.unref();
}
