/**
 * `npm run bench` — seeds a database, starts the real server on it as its own process, and
 * drives it with autocannon from this process. See bench/README.md.
 */
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { measure, type LoadOptions, type Measurement } from './load.js';
import { formatSummary } from './profile-summary.js';
import {
  compact,
  evaluateTarget,
  machine,
  machineLine,
  mb,
  misses,
  runSummary,
  scaleTable,
  scenarioTable,
  seconds,
  writeJson,
  type ScenarioResult,
  type SizeRun,
} from './report.js';
import { BASELINE, deepPageNumber, detectFeatures, SCALE_SCENARIOS, SCENARIOS, type BenchContext, type Prepared, type Scenario } from './scenarios.js';
import { seedDatabase, type SeedResult } from './seed.js';
import { readCpuSeconds, REPO_ROOT, startScriptNodeFlags, startServerProcess, type ServerProcess } from './server-process.js';

const HELP = `npm run bench -- [options]

  --links N         links to seed (default 100000; the full run is --links 1000000)
  --duration S      measured seconds per scenario (default 5)
  --warmup S        warm-up seconds per scenario, not counted (default 2)
  --connections C   concurrent connections (default 32)
  --only a,b        only these scenarios (the baseline always runs): ${SCENARIOS.map((s) => s.name).join(', ')}
  --scale           scaling run: list, deep page, tag and search scenarios at each of --sizes
  --sizes a,b,c     sizes for --scale (default 10000,100000,1000000)
  --keep            keep the seeded database (its path is printed; reuse it with --db)
  --db FILE         reuse a database seeded with --keep instead of seeding
  --cpu-prof        run the server under node --cpu-prof and summarise the profile
  --server-flags=F  extra node flags for the server, e.g. --server-flags=--max-old-space-size=128
  --workers N       run the server as N processes (WORKERS=N; default: as npm start, one)
  --seed N          PRNG seed for the data (default fixed, so runs are comparable)
`;

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        links: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        only: { type: 'string' },
        scale: { type: 'boolean' },
        sizes: { type: 'string' },
        keep: { type: 'boolean' },
        db: { type: 'string' },
        'cpu-prof': { type: 'boolean' },
        'server-flags': { type: 'string' },
        workers: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    process.exit(2);
  }
}

const { values: args } = parseCommandLine();

if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`bench: --${name} must be a positive number, not ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return n;
}

const DEFAULT_LINKS = 100_000;
const links = Math.round(positiveNumber('links', args.links, DEFAULT_LINKS));
const load: Omit<LoadOptions, 'baseUrl'> = {
  connections: Math.round(positiveNumber('connections', args.connections, 32)),
  durationSeconds: positiveNumber('duration', args.duration, 5),
  warmupSeconds: args.warmup === '0' ? 0 : positiveNumber('warmup', args.warmup, 2),
};
const only = args.only ? new Set(args.only.split(',').map((s) => s.trim())) : null;
if (only) {
  const unknown = [...only].filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
}
const sizes = args.sizes ? args.sizes.split(',').map((s) => Math.round(positiveNumber('sizes', s, 0))) : [10_000, 100_000, 1_000_000];
const workers = args.workers === undefined ? undefined : Math.round(positiveNumber('workers', args.workers, 1));
const serverFlags = (args['server-flags'] ?? '').split(/\s+/).filter((f) => f.length > 0);
const seed = args.seed === undefined ? undefined : Math.round(positiveNumber('seed', args.seed, 1));
const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const PROFILES_DIR = path.join(RESULTS_DIR, 'profiles');
/** Baseline runs are interleaved: one before the first scenario and one after every GROUP scenarios. */
const GROUP = 3;

const began = performance.now();
const log = (message: string) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn();
}
process.once('SIGINT', () => {
  log('interrupted; stopping the server and removing temporary files');
  void cleanup().finally(() => process.exit(130));
});

type Database = { path: string; info: SeedResult; reused: boolean; dispose(): void };

async function prepareDatabase(size: number): Promise<Database> {
  if (args.db) {
    const metaFile = `${args.db}.bench.json`;
    if (!existsSync(args.db) || !existsSync(metaFile)) throw new Error(`--db needs a file seeded with --keep (and its ${path.basename(metaFile)})`);
    const info = JSON.parse(readFileSync(metaFile, 'utf8')) as SeedResult;
    log(`reusing ${args.db} (${info.links} links)`);
    return { path: args.db, info: { ...info, dbBytes: statSync(args.db).size }, reused: true, dispose: () => {} };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linkletter-bench-'));
  const file = path.join(dir, `bench-${compact(size)}.db`);
  const dispose = () => {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  };
  cleanups.push(dispose);
  log(`seeding ${size.toLocaleString('en-US')} links into ${file}`);
  const info = await seedDatabase({ path: file, links: size, ...(seed === undefined ? {} : { seed }), log });
  log(`seeded in ${seconds(info.seedMs)} (${mb(info.dbBytes)})`);
  // The kernel writes a freshly seeded file (2 GB at 1M links) back to disk over the next
  // minute or so, on the same cores as the runs: flushed first, it cannot weigh on them.
  const flushStarted = performance.now();
  const fd = openSync(file, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  log(`flushed to disk in ${seconds(performance.now() - flushStarted)}`);
  if (args.keep) {
    writeFileSync(`${file}.bench.json`, JSON.stringify(info));
    log(`keeping ${file} (reuse with --db ${file})`);
  }
  return { path: file, info, reused: false, dispose };
}

async function publishIssues(server: ServerProcess, db: Database): Promise<number> {
  const started = performance.now();
  for (let number = 1; number <= db.info.publishable; number++) {
    const res = await fetch(`${server.baseUrl}/v1/issues/${number}/publish`, { method: 'POST', headers: { Authorization: `Bearer ${db.info.token}` } });
    const body = await res.text();
    // 409 on a reused database: already published.
    if (res.status !== 200 && !(db.reused && res.status === 409)) throw new Error(`publishing issue ${number} answered ${res.status}: ${body.slice(0, 300)}`);
  }
  return performance.now() - started;
}

function schemaSql(file: string): string[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL").pluck().all() as string[];
  } finally {
    sqlite.close();
  }
}

function meanMeasurement(runs: Measurement[]): Measurement {
  const avg = (f: (m: Measurement) => number) => runs.reduce((s, m) => s + f(m), 0) / runs.length;
  const sum = (f: (m: Measurement) => number) => runs.reduce((s, m) => s + f(m), 0);
  const statusCodes: Record<string, number> = {};
  for (const m of runs) for (const [code, n] of Object.entries(m.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    rps: avg((m) => m.rps),
    p50: avg((m) => m.p50),
    p99: avg((m) => m.p99),
    meanLatency: avg((m) => m.meanLatency),
    serverCpu: avg((m) => m.serverCpu ?? 0),
    driverCpu: avg((m) => m.driverCpu ?? 0),
    requests: sum((m) => m.requests),
    non2xx: sum((m) => m.non2xx),
    errors: sum((m) => m.errors),
    timeouts: sum((m) => m.timeouts),
    statusCodes,
  };
}

async function runSize(size: number, names: Set<string>): Promise<SizeRun> {
  const db = await prepareDatabase(size);
  const profileStart = Date.now();
  const nodeFlags = [...serverFlags, ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`] : [])];
  log(`starting the server as npm start does (node ${[...startScriptNodeFlags(), ...nodeFlags, '--import tsx'].join(' ')} src/main.ts, NODE_ENV=production, LOG_LEVEL=warn, ENRICH=off)`);
  const server = await startServerProcess({ databasePath: db.path, nodeFlags, ...(workers ? { env: { WORKERS: String(workers) } } : {}) });
  let serverStopped = false;
  cleanups.push(async () => {
    if (!serverStopped) await server.stop();
  });
  log(`ready in ${seconds(server.startupMs)} at ${server.baseUrl} (pid ${server.pid})`);
  try {
    const publishMs = await publishIssues(server, db);
    log(`published ${db.info.publishable} issues through the API in ${seconds(publishMs)}`);
    const features = await detectFeatures(server.baseUrl, schemaSql(db.path));
    const ctx: BenchContext = {
      baseUrl: server.baseUrl,
      token: db.info.token,
      links: db.info.links,
      dbPath: db.path,
      tagsByRank: db.info.tagsByRank,
      latestPublished: db.info.publishable,
      features,
      runTag: `run-${Date.now().toString(36)}`,
      log,
      phasePeak: () => server.phasePeak(),
    };

    const chosen = SCENARIOS.filter((s) => s.name === BASELINE || names.has(s.name));
    const results: ScenarioResult[] = [];
    const prepared = new Map<string, Prepared>();
    for (const scenario of chosen) {
      if (scenario.name === 'deep') log(`following the cursor chain to page ${deepPageNumber(ctx.links)}`);
      const p = await scenario.prepare(ctx);
      if (typeof p === 'string') {
        results.push({ name: scenario.name, label: scenario.label, skipped: p });
        log(`${scenario.name}: ${p}`);
      } else {
        prepared.set(scenario.name, p);
        results.push({ name: scenario.name, label: scenario.label, detail: p.detail });
      }
    }

    const loadOptions: LoadOptions = { ...load, baseUrl: server.baseUrl };
    const runOne = async (scenario: Scenario): Promise<{ m: Measurement; peak: number }> => {
      const p = prepared.get(scenario.name)!;
      log(`${scenario.name}: ${p.once ? 'once' : `${load.warmupSeconds} s warm-up + ${load.durationSeconds} s`}`);
      server.startPhase();
      const cpu0 = { server: readCpuSeconds(server.pid), driver: readCpuSeconds('self'), at: performance.now() };
      let m: Measurement;
      if (p.once) {
        // Measured once, by the scenario itself: its figures go into the row as they are.
        const once = await p.once();
        m = once.measurement;
        const r = results.find((x) => x.name === scenario.name)!;
        r.detail = once.detail;
        r.once = once.figures;
        if (once.rate !== undefined) r.rate = once.rate;
        log(`${scenario.name}: ${once.detail}`);
      } else {
        m = await measure(loadOptions, p.requests);
      }
      const wall = (performance.now() - cpu0.at) / 1000;
      // Over warm-up + run: is the server the bottleneck (≈100 %), or the driver?
      m.serverCpu = (100 * (readCpuSeconds(server.pid) - cpu0.server)) / wall;
      m.driverCpu = (100 * (readCpuSeconds('self') - cpu0.driver)) / wall;
      const peak = server.phasePeak();
      log(
        `${scenario.name}: ${Math.round(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, server CPU ${m.serverCpu.toFixed(0)} %, bench CPU ${m.driverCpu.toFixed(0)} %` +
          `${m.non2xx + m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ''}`,
      );
      return { m, peak };
    };

    const baseline = chosen[0]!;
    const toMeasure = chosen.filter((s) => s.name !== BASELINE && prepared.has(s.name));
    // Under --cpu-prof with --only, the baseline would only dilute the profile.
    const withBaseline = !(args['cpu-prof'] && only && !only.has(BASELINE));
    const baselineRuns: Measurement[] = [];
    let baselinePeak = 0;
    const runBaseline = async () => {
      if (!withBaseline) return Number.NaN;
      const { m, peak } = await runOne(baseline);
      baselineRuns.push(m);
      baselinePeak = Math.max(baselinePeak, peak);
      return m.rps;
    };
    let before = await runBaseline();
    const referenceRuns = new Map<string, { scenario: Scenario; m: Measurement }>();
    for (let i = 0; i < toMeasure.length; i += GROUP) {
      const group = toMeasure.slice(i, i + GROUP);
      const measured: { scenario: Scenario; m: Measurement; peak: number }[] = [];
      for (const scenario of group) {
        measured.push({ scenario, ...(await runOne(scenario)) });
        // A target relative to another scenario (deep page against page 1) is bracketed as the
        // baseline is: the other runs again right after, and the ratio uses its runs on both sides.
        const target = scenario.target;
        const first = target?.kind === 'scenario' ? referenceRuns.get(target.of) : undefined;
        if (target?.kind === 'scenario' && first) {
          const again = await runOne(first.scenario);
          results.find((r) => r.name === scenario.name)!.referenceRps = (first.m.rps + again.m.rps) / 2;
        }
        referenceRuns.set(scenario.name, measured.at(-1)!);
      }
      const after = await runBaseline();
      for (const { scenario, m, peak } of measured) {
        const r = results.find((x) => x.name === scenario.name)!;
        r.measurement = m;
        r.peakRssBytes = peak;
        // A one-shot row's req/s is its reader's pace, not a throughput: no ratio.
        if (withBaseline && !r.once) {
          r.baselineRps = (before + after) / 2;
          r.ratio = m.rps / r.baselineRps;
        }
      }
      before = after;
    }
    const b = results.find((x) => x.name === BASELINE)!;
    if (withBaseline) {
      b.measurement = meanMeasurement(baselineRuns);
      b.detail = `${baselineRuns.length} runs interleaved with the others (mean)`;
      b.ratio = 1;
      b.baselineRps = b.measurement.rps;
      b.peakRssBytes = baselinePeak;
    } else {
      b.skipped = 'skipped under --cpu-prof --only';
    }
    for (const r of results) r.target = evaluateTarget(SCENARIOS.find((s) => s.name === r.name)?.target, r, results);

    const peakRss = server.peakRss();
    await server.stop();
    serverStopped = true;
    if (args['cpu-prof']) printProfiles(profileStart);
    return {
      links: db.info.links,
      seed: {
        reused: db.reused,
        seedMs: db.reused ? null : db.info.seedMs,
        dbBytes: db.info.dbBytes,
        searchIndexBytes: db.info.searchIndexBytes,
        searchIndexMs: db.reused ? null : db.info.searchIndexMs,
        linkTags: db.info.linkTags,
        issues: db.info.issues,
        issueItems: db.info.issueItems,
      },
      startupMs: server.startupMs,
      publishMs,
      peakRssBytes: peakRss.total,
      peakRssSplit: { anon: peakRss.anon, file: peakRss.file },
      serverFlags,
      features,
      baselineRuns: baselineRuns.map((m) => m.rps),
      scenarios: results,
    };
  } finally {
    if (!serverStopped) {
      await server.stop();
      serverStopped = true;
    }
    db.dispose();
  }
}

function printProfiles(since: number): void {
  if (!existsSync(PROFILES_DIR)) return;
  const files = readdirSync(PROFILES_DIR)
    // CPU.<date>.<time>.<pid>.<thread>.<seq>: thread 0 is the server's main thread (1+ are tsx's loader workers).
    .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .map((f) => path.join(PROFILES_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= since);
  for (const file of files) console.log(`\n${formatSummary(file, 25)}\n`);
}

const NOTES = [
  ...(serverFlags.length > 0 ? [`The server ran with extra node flags: ${serverFlags.join(' ')}.`] : []),
  ...(workers ? [`The server ran as ${workers} process(es) (WORKERS=${workers}); RSS and CPU are summed over them.`] : []),
  'ENRICH=off: there is no internet here and page fetching is not what is measured; new links queue enrichment jobs that wait in the database.',
  'The server and autocannon share the machine: both processes compete for the same cores.',
];

async function main(): Promise<void> {
  const m = machine();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  log(`machine: ${machineLine(m)}`);
  if (args['cpu-prof']) log(`--cpu-prof: profiles go to ${path.relative(REPO_ROOT, PROFILES_DIR)}; profiling slows the server, so ratios are not comparable`);

  if (args.scale) {
    if (args.db) throw new Error('--scale seeds each size itself; leave out --db');
    const names = new Set(SCALE_SCENARIOS.filter((n) => !only || only.has(n)));
    const runs: SizeRun[] = [];
    for (const size of sizes) {
      const run = await runSize(size, names);
      runs.push(run);
      console.log(`\n### ${compact(size)} links\n\n${scenarioTable(run)}\n\n${runSummary(run)}`);
    }
    await cleanup();
    console.log(`\n## Scaling: cost per request against table size\n`);
    console.log(scaleTable(runs, SCALE_SCENARIOS.filter((n) => names.has(n) || n === BASELINE)));
    console.log(`\n${machineLine(m)}; ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s per scenario.`);
    for (const note of NOTES) console.log(`- ${note}`);
    const file = writeJson(RESULTS_DIR, `${stamp}-scale.json`, { kind: 'scale', startedAt: new Date().toISOString(), machine: m, load, notes: NOTES, runs });
    console.log(`\nJSON: ${path.relative(process.cwd(), file)}`);
    return;
  }

  const names = new Set(SCENARIOS.map((s) => s.name).filter((n) => !only || only.has(n)));
  if (!args.links && !args.db) log(`quick run: ${DEFAULT_LINKS.toLocaleString('en-US')} links (the full run is --links 1000000)`);
  const run = await runSize(links, names);
  await cleanup();

  const table = scenarioTable(run);
  console.log(`\n## Performance\n`);
  console.log(table);
  console.log('');
  console.log(runSummary(run));
  console.log(`\n${machineLine(m)}; ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s per scenario, the baseline measured ${run.baselineRuns.length} times in between (ratios use the runs around each scenario).`);
  for (const note of NOTES) console.log(`- ${note}`);
  const missed = misses(run);
  console.log(missed.length === 0 ? '\nAll targets met.' : `\nTargets missed:\n${missed.map((x) => `- ${x}`).join('\n')}`);
  const file = writeJson(RESULTS_DIR, `${stamp}-${compact(run.links)}.json`, {
    kind: 'standard',
    startedAt: new Date().toISOString(),
    machine: m,
    load,
    notes: NOTES,
    runs: [run],
  });
  console.log(`\nJSON: ${path.relative(process.cwd(), file)}`);
}

try {
  await main();
} catch (err) {
  await cleanup();
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
