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
// Only the outermost transaction is recorded; one started inside it counts
// as part of it. With group commit the SQLite commit and the fan-out happen
// once per group, after its transactions: a 'group' record.
import { now } from './common.mjs';

/** CPU time of this process in ms (user + system): unlike the wall clock, not inflated while another process has the CPU. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The reasons an assignment records (conversation.updated). */
const ASSIGNED = new Set(['automatic', 'returning-customer', 'manual', 'direct-transfer']);

/**
 * `cpu: false` leaves the CPU fields NaN: each reading is a system call, and
 * read around every transaction, commit and fan-out they cost bench:acd about
 * a tenth of the server's CPU, which a figure of the server's own CPU must not
 * count.
 */
export function probeServer(server, { cpu: readCpu = true } = {}) {
  const cpuNow = readCpu ? cpu : () => NaN;
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
    commitGroup: engine.commit,
    submit: engine.submit,
  };

  /** A record of its own; the time of records started inside it is taken out of its own. */
  function measured(rec, work) {
    const outer = current;
    const cpu0 = cpuNow();
    current = rec;
    try {
      return work();
    } finally {
      rec.total = now() - rec.start - rec.nested;
      rec.cpuTotal = cpuNow() - cpu0 - rec.nestedCpu;
      current = outer;
      if (outer) {
        outer.nested += rec.total + rec.nested;
        outer.nestedCpu += rec.cpuTotal + rec.nestedCpu;
      }
      if (recording) records.push(rec);
    }
  }
  const newRecord = (label) => ({ label, start: now(), total: 0, commit: 0, fanOut: 0, cpuTotal: 0, cpuCommit: 0, cpuFanOut: 0, events: 0, offered: 0, assigned: 0, ok: true, nested: 0, nestedCpu: 0 });

  engine.handle = function (frame, origin) {
    const before = label;
    label = frame?.cmd ?? 'command';
    try {
      return originals.handle.call(this, frame, origin);
    } finally {
      label = before;
    }
  };

  // The gateway's commands (run at once, committed with their group).
  engine.submit = function (frame, origin, reply) {
    const before = label;
    label = frame?.cmd ?? 'command';
    try {
      return originals.submit.call(this, frame, origin, reply);
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
    const rec = newRecord(label ?? 'internal');
    try {
      return measured(rec, () => {
        const out = originals.transact.apply(this, args);
        rec.ok = out.ok;
        return out;
      });
    } finally {
      depth = 0;
    }
  };

  // Group commit: a turn's transactions are stored and fanned out together,
  // after them (Engine.commit); that is a record of its own, labelled 'group'.
  // Effects it runs (telephony answering a leg) start records of their own.
  engine.commit = function (group) {
    if (depth > 0) return originals.commitGroup.call(this, group);
    return measured(newRecord('group'), () => originals.commitGroup.call(this, group));
  };

  store.commit = function (...args) {
    const t = now();
    const c = cpuNow();
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
        current.cpuCommit += cpuNow() - c;
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
    g.fanOut = function (...args) {
      const t = now();
      const c = cpuNow();
      try {
        return Object.getPrototypeOf(this).fanOut.apply(this, args);
      } finally {
        if (current) {
          current.fanOut += now() - t;
          current.cpuFanOut += cpuNow() - c;
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
      delete engine.commit;
      delete engine.submit;
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

const LIVE_BATCH_START = '{"v":1,"ev":"live.batch"';

/**
 * Count the frames and bytes the agents' gateway writes from now on (events
 * and replies alike), by wrapping each connection's send. The conflated
 * batches (live.batch: figures, followed colleagues) are counted apart: at
 * most one per connection per interval, however many calls.
 */
export function countFrames(server) {
  const counter = { frames: 0, bytes: 0, batches: 0, batchBytes: 0 };
  for (const c of server.gateway.connections) {
    const wire = c.wire;
    if (wire.__benchCounted) continue;
    const send = wire.send;
    wire.send = (text) => {
      if (text.startsWith(LIVE_BATCH_START)) {
        counter.batches++;
        counter.batchBytes += text.length;
      } else {
        counter.frames++;
        counter.bytes += text.length;
      }
      send(text);
    };
    wire.__benchCounted = true;
  }
  return counter;
}
