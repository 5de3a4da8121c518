// Loaded into the server child with `node --import`: it measures the server's
// own process (resident memory, heap, event-loop delay) and answers the
// harness over the child's IPC channel. Nothing in src/ knows of it, so the
// server under test is the one that ships.
//
// It also ends the server when the harness goes away (the IPC channel closes),
// so a harness that is killed never leaves a server running behind it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (process.send) {
  // 10 ms resolution: the histogram samples the loop's lateness that often.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (ns) => ns / 1e6;
  process.on('message', (m) => {
    if (!m || m.type !== 'harness.sample') return;
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    process.send({
      type: 'harness.sample',
      id: m.id,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loop: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean), count: delay.count },
    });
    if (m.reset) delay.reset();
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  // The channel must not keep a server alive that has otherwise finished (SIGTERM's clean exit).
  process.channel?.unref();
}
