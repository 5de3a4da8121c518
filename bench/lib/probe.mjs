// Where a server transaction's time goes, measured from outside the core:
// the engine's transaction (Engine.transact, every command, telephony report,
// timer and engine.run), the SQLite commit inside it (store.commit), and the
// fan-out to the agents' and visitors' sockets (the gateways' fanOut, called
// synchronously by the engine once the commit is done). "Core" is the rest:
// the handler, the ACD / assignment passes, statistics, effects.
//
// Each is timed on the wall clock (total, commit, fanOut) and in CPU time of
// this process (cpuTotal, cpuCommit, cpuFanOut), which a busy machine does not
// inflate.
//
// Only the outermost transaction is recorded; one started inside it (the
// simulator answering a leg from an effect) counts as part of it.
import { now } from './common.mjs';

/** CPU time of this process in ms (user + system): unlike the wall clock, not inflated while another process has the CPU. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The reasons an assignment records (conversation.updated). */
const ASSIGNED = new Set(['automatic', 'returning-customer', 'manual', 'direct-transfer']);

export function probeServer(server) {
  const engine = server.engine;
  const store = engine.deps.store;
  const records = [];
  const snapshots = [];
  let recording = false;
  let depth = 0;
  let current = null;
  let label = null;

  const originals = {
    transact: engine.transact,
    handle: engine.handle,
    snapshot: engine.snapshot,
    commit: store.commit,
  };

  engine.handle = function (frame, origin) {
    const before = label;
    label = frame?.cmd ?? 'command';
    try {
      return originals.handle.call(this, frame, origin);
    } finally {
      label = before;
    }
  };

  engine.transact = function (...args) {
    if (depth > 0) {
      depth++;
      try {
        return originals.transact.apply(this, args);
      } finally {
        depth--;
      }
    }
    depth = 1;
    const rec = { label: label ?? 'internal', start: now(), total: 0, commit: 0, fanOut: 0, cpuTotal: 0, cpuCommit: 0, cpuFanOut: 0, events: 0, offered: 0, assigned: 0, ok: true };
    const cpu0 = cpu();
    current = rec;
    try {
      const out = originals.transact.apply(this, args);
      rec.ok = out.ok;
      return out;
    } finally {
      rec.total = now() - rec.start;
      rec.cpuTotal = cpu() - cpu0;
      depth = 0;
      current = null;
      if (recording) records.push(rec);
    }
  };

  store.commit = function (...args) {
    const t = now();
    const c = cpu();
    try {
      const stored = originals.commit.apply(this, args);
      if (current) {
        current.events += stored.length;
        for (const e of stored) {
          if (e.ev === 'call.updated' && e.data.reason === 'offered') current.offered++;
          else if (e.ev === 'conversation.updated' && ASSIGNED.has(e.data.reason)) current.assigned++;
        }
      }
      return stored;
    } finally {
      if (current) {
        current.commit += now() - t;
        current.cpuCommit += cpu() - c;
      }
    }
  };

  // A visitor's frame (/visitor) runs its transactions through engine.run.
  if (server.visitors) {
    server.visitors.receive = function (c, text) {
      const before = label;
      label = 'visitor';
      try {
        return Object.getPrototypeOf(this).receive.call(this, c, text);
      } finally {
        label = before;
      }
    };
  }

  const fanOuts = [server.gateway, server.visitors].filter(Boolean);
  for (const g of fanOuts) {
    g.fanOut = function (events) {
      const t = now();
      const c = cpu();
      try {
        return Object.getPrototypeOf(this).fanOut.call(this, events);
      } finally {
        if (current) {
          current.fanOut += now() - t;
          current.cpuFanOut += cpu() - c;
        }
      }
    };
  }

  engine.snapshot = function (principal) {
    const t = now();
    try {
      return originals.snapshot.call(this, principal);
    } finally {
      if (recording) snapshots.push(now() - t);
    }
  };

  return {
    records,
    snapshots,
    /** Label the transactions started until the next call (e.g. 'arrival'); null for 'internal'. */
    label(name) {
      label = name;
    },
    start() {
      records.length = 0;
      snapshots.length = 0;
      recording = true;
    },
    stop() {
      recording = false;
      return { records: [...records], snapshots: [...snapshots] };
    },
    remove() {
      recording = false;
      delete engine.transact;
      delete engine.handle;
      delete engine.snapshot;
      delete store.commit;
      for (const g of fanOuts) delete g.fanOut;
      if (server.visitors) delete server.visitors.receive;
    },
  };
}

/** Core time of a transaction record: everything but the commit and the fan-out. */
export const coreMs = (r) => r.total - r.commit - r.fanOut;
/** The same in CPU time. */
export const coreCpuMs = (r) => r.cpuTotal - r.cpuCommit - r.cpuFanOut;

/**
 * What the gateway has sent so far: agent -> seq of the last event sent to
 * that agent's connection. A client has caught up when its store has applied
 * that seq (events it may not see never reach it, so the engine's last seq is
 * no measure).
 */
export function sentSeqs(server) {
  const out = {};
  for (const c of server.gateway.connections) if (c.principal) out[c.principal.agent] = Math.max(out[c.principal.agent] ?? 0, c.lastSeq);
  return out;
}

/**
 * Count the frames and bytes the agents' gateway writes from now on (events
 * and replies alike), by wrapping each connection's send.
 */
export function countFrames(server) {
  const counter = { frames: 0, bytes: 0 };
  for (const c of server.gateway.connections) {
    const wire = c.wire;
    if (wire.__benchCounted) continue;
    const send = wire.send;
    wire.send = (text) => {
      counter.frames++;
      counter.bytes += text.length;
      send(text);
    };
    wire.__benchCounted = true;
  }
  return counter;
}
