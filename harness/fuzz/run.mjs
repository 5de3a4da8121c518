// The fuzz engine: a real `switchboard serve` child on 127.0.0.1 (serve-child.mjs),
// attacked through every surface at once - /agent frames from anonymous and
// logged-in sockets (agent, another agent, supervisor), /visitor frames, raw
// HTTP requests - in batches that fast-check generates and runs as a property:
// after each batch the server must still live, every frame must have had an
// answer with a code or a result within the deadline, and no socket may have
// been handed an answer that belongs to someone else. Memory is read inside
// the server the whole time. A crash is narrowed down to the request or frame
// that causes it on a fresh server (crash.mjs) and the fuzzing goes on after a
// restart, up to maxCrashes.
import fc from 'fast-check';
import { join } from 'node:path';
import { writeCenter } from '../lib/center.mjs';
import { distDir } from '../lib/dist.mjs';
import { given } from '../lib/goals.mjs';
import { removeScratch, scratchDir } from '../lib/scratch.mjs';
import { CommandIds } from './agent-actor.mjs';
import { confirmCrash } from './crash.mjs';
import { Findings } from './findings.mjs';
import { runFloods } from './flood.mjs';
import { actionArb, FUZZ_CENTER, Life, loadSchemas, runActions } from './life.mjs';
import { RssWatch } from './rss-watch.mjs';
import { World } from './world.mjs';

/** A crash seen in a batch, narrowed down (crash.mjs) and kept as a finding with its reproduction. */
async function narrowDownCrash({ failure, details, findings, replay }) {
  const suspects = failure.sent.filter((s) => s.check() !== null);
  const confirmed = await confirmCrash({ ...replay, suspects });
  findings.add(
    'crash',
    [
      `the server ${failure.exit}${failure.during ? ` during ${failure.during}` : ''} (fast-check seed ${details.seed}, path ${details.counterexamplePath})`,
      confirmed.what
        ? `reproduced on a fresh server (${confirmed.servers} started to narrow it down): ${confirmed.what}`
        : `not reproduced from the ${suspects.length} unanswered frames on ${confirmed.servers} fresh servers`,
      `last words: ${failure.lastWords.split('\n').slice(0, 8).join('\n')}`,
    ].join('\n'),
  );
}

function noteFlood(f, findings) {
  if (f.crashed) findings.add('crash', `the server died during the ${f.part} memory flood\n  last words: ${f.lastWords.split('\n').slice(0, 8).join('\n  ')}`);
  if (f.growthMiB > 64) findings.add('memory', `the ${f.part} flood (${f.sent} frames from a client that does not read) grew the server by ${f.growthMiB.toFixed(0)} MiB`);
}

/** What tells one crash from another: the error and the first place in the code it names. */
export function crashSignature(lastWords) {
  const error = /^\s*(\w*Error\b.*)$/m.exec(lastWords)?.[1] ?? 'no error printed';
  const where = /(file:\/\/\S+:\d+|node:internal\/\S+:\d+)/.exec(lastWords)?.[1] ?? 'nowhere named';
  return `${error.slice(0, 120)} at ${where.replace(/^.*\/(dist|node_modules)\//, '$1/')}`;
}

function defaults(options) {
  return {
    frames: 4000,
    batch: 200,
    seed: (Date.now() ^ (process.pid << 8)) >>> 0,
    answerMs: 5000,
    maxCrashes: 5,
    flood: { anonymous: { frames: 400, frameBytes: 256 * 1024 }, typing: { frames: 60_000 } },
    progress: () => {},
    ...options,
  };
}

/**
 * Run the fuzzer; resolves the figures { crashes, frames, unanswered,
 * rssGrowthMiB, leaks, ... } and the findings. Never leaves a server or a
 * directory behind.
 */
export async function runFuzz(options = {}) {
  const o = defaults(given(options));
  const dist = distDir(o.dist);
  const schemas = await loadSchemas(dist);
  const root = scratchDir('switchboard-fuzz-');
  const config = writeCenter(root, FUZZ_CENTER);
  const findings = new Findings();
  const world = new World();
  const ids = new CommandIds();
  const stats = { frames: 0, flooded: 0, bySurface: { agent: 0, visitor: 0, http: 0, 'hang-up': 0 }, crashes: 0, unanswered: 0, batches: 0, restarts: 0 };
  const arb = fc.array(actionArb(schemas), { minLength: o.batch, maxLength: o.batch });
  // The memory floods first, each on a server of its own (flood.mjs).
  const floods = o.flood ? await runFloods({ dist, config, parts: o.flood }) : [];
  for (const f of floods) {
    stats.flooded += f.sent;
    if (f.crashed) stats.crashes++;
    noteFlood(f, findings);
  }
  const newLife = () => new Life({ dist, config, data: join(root, 'data'), log: join(root, 'server.log'), world, ids, findings, schemas, answerMs: o.answerMs });
  let life = await newLife().start();
  const rss = new RssWatch();
  rss.follow(life.server);
  rss.start();
  // The baseline is taken once the server has met every kind of frame for a while (its heap and
  // malloc's arenas have grown to their working size): what grows after it is what the run measures.
  const warmupBatches = Math.max(5, Math.ceil((o.frames / o.batch) * 0.1));
  let batchesThisLife = 0;
  let check = 0;
  const signatures = new Map();
  let heldAtEnd = null;

  try {
    while (stats.frames < o.frames && stats.crashes < o.maxCrashes) {
      if (!life.server.alive) {
        life.close();
        life = await newLife().start();
        stats.restarts++;
        batchesThisLife = 0;
        rss.follow(life.server);
      }
      const remaining = Math.ceil((o.frames - stats.frames) / o.batch);
      let failure = null;
      const seed = (o.seed + check++ * 7919) >>> 0;
      const details = await fc.check(
        fc.asyncProperty(arb, async (actions) => {
          await life.ready();
          const sent = await runActions(life, actions);
          stats.batches++;
          batchesThisLife++;
          for (const s of sent) stats.bySurface[s.kind]++;
          stats.frames += sent.length;
          if (!(await life.server.responsive())) {
            failure = { crash: true, sent, exit: life.server.describeExit(), lastWords: life.server.lastWords() };
            return false;
          }
          const bad = sent.map((s) => ({ s, why: s.check() })).filter((x) => x.why);
          for (const { s, why } of bad) findings.add(why === 'unanswered' ? 'unanswered' : 'bad-answer', `${why}: ${s.describe()}`);
          stats.unanswered += bad.length;
          for (const a of [...life.agents, ...life.visitors]) a.forgetWaiting();
          if (batchesThisLife >= warmupBatches) await rss.baseline();
          o.progress(stats, rss.summary());
          if (bad.length > 0) failure = { crash: false, bad };
          return bad.length === 0;
        }),
        { seed, numRuns: Math.max(1, remaining), endOnFailure: true },
      );
      if (!details.failed) continue;
      if (!failure && (await life.server.responsive())) {
        // The harness itself failed (not the server): say so, and stop if it keeps failing.
        findings.add('harness-error', String(details.errorInstance?.stack ?? details.error));
        if (findings.count('harness-error') >= 3) throw details.errorInstance ?? new Error(String(details.error));
        life.close();
        await life.server.stop();
        continue;
      }
      // Counted and kept as findings; the run goes on.
      if (failure && !failure.crash) continue;
      failure ??= { crash: true, sent: [], exit: life.server.describeExit(), lastWords: life.server.lastWords(), during: 'setup or the server\'s own work' };
      stats.crashes++;
      const signature = crashSignature(failure.lastWords);
      if (signatures.has(signature)) {
        // Narrowed down before: counted, not replayed again.
        signatures.set(signature, signatures.get(signature) + 1);
        continue;
      }
      signatures.set(signature, 1);
      await narrowDownCrash({ failure, details, findings, replay: { dist, config, schemas, answerMs: o.answerMs } });
    }
    for (const [signature, n] of signatures) if (n > 1) findings.add('crash-repeated', `${n} times in all: ${signature}`);
    heldAtEnd = life.server.alive ? await rss.held() : null;
  } finally {
    await rss.stop();
    life.close();
    await life.server.stop();
    removeScratch(root);
  }
  return {
    seed: o.seed,
    frames: stats.frames,
    bySurface: stats.bySurface,
    flooded: stats.flooded,
    crashes: stats.crashes,
    unanswered: stats.unanswered,
    leaks: findings.count('leak'),
    echoes: findings.count('echo'),
    rssGrowthMiB: Math.max(rss.growthMiB(), ...floods.map((f) => f.growthMiB)),
    floods,
    rss: { ...rss.summary(), heldAtEndMiB: heldAtEnd, breakdown: rss.breakdown() },
    batches: stats.batches,
    restarts: stats.restarts,
    findings,
  };
}

/** The goal lines of a run: framesWanted is the run's own target (1,000,000 for --long). */
export function fuzzGoals(result, framesWanted) {
  return [
    { name: 'fuzz.crashes', value: result.crashes, unit: 'count', op: '<=', target: 0 },
    { name: 'fuzz.frames', value: result.frames, unit: 'count', op: '>=', target: framesWanted },
    { name: 'fuzz.unanswered', value: result.unanswered, unit: 'count', op: '<=', target: 0 },
    { name: 'fuzz.rss_growth_mib', value: Number(result.rssGrowthMiB.toFixed(1)), unit: 'MiB', op: '<=', target: 64 },
    { name: 'fuzz.leaks', value: result.leaks, unit: 'count', op: '<=', target: 0 },
  ];
}
