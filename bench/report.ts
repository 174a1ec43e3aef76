/** Turning measurements into the table, the target verdicts and the JSON file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Measurement } from './load.js';
import type { Features, OnceFigures, Target } from './scenarios.js';

export type ScenarioResult = {
  name: string;
  label: string;
  detail?: string;
  skipped?: string;
  measurement?: Measurement;
  /** Mean of the baseline runs just before and just after this scenario. */
  baselineRps?: number;
  ratio?: number;
  /**
   * For a target relative to another scenario: that scenario's req/s, the mean of its run
   * before this one and a run right after, as the baseline is bracketed.
   */
  referenceRps?: number;
  peakRssBytes?: number;
  /** `ms` when value is a latency (a one-shot row's), else a ratio. */
  target?: { text: string; value: number; met: boolean; unit?: 'ms' | '/s' };
  /** A one-shot row's own rate (OnceResult.rate), for a `rate` target. */
  rate?: number;
  /** A one-shot row (measured once, not under autocannon): the write and its readers. */
  once?: OnceFigures;
};

export type SizeRun = {
  links: number;
  seed: {
    reused: boolean;
    seedMs: number | null;
    dbBytes: number;
    /** The full-text index's share of dbBytes (absent in files seeded before it). */
    searchIndexBytes?: number | undefined;
    searchIndexMs?: number | null | undefined;
    linkTags: number;
    issues: number;
    issueItems: number;
  };
  startupMs: number;
  publishMs: number;
  peakRssBytes: number;
  /** Anonymous (heap, native) and file-backed (mmapped database, binaries) memory at the sampled peak. */
  peakRssSplit: { anon: number; file: number };
  serverFlags: string[];
  features: Features;
  baselineRuns: number[];
  scenarios: ScenarioResult[];
};

export const RSS_TARGET_BYTES = 300 * 1024 * 1024;

export function machine() {
  const cpus = os.cpus();
  const sqlite = new SQLite(':memory:');
  const sqliteVersion = sqlite.prepare('select sqlite_version()').pluck().get() as string;
  sqlite.close();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite: sqliteVersion,
  };
}

export function machineLine(m: ReturnType<typeof machine>): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, SQLite ${m.sqlite}`;
}

export function evaluateTarget(target: Target | undefined, result: ScenarioResult, all: ScenarioResult[]): ScenarioResult['target'] {
  if (!target || !result.measurement) return undefined;
  if (target.kind === 'rate') {
    if (result.rate === undefined) return undefined;
    return { text: `${target.label} ≥ ${int(target.min)}`, value: result.rate, met: result.rate >= target.min, unit: '/s' };
  }
  if (target.kind === 'latency') {
    const value = result.measurement.p99;
    return { text: `${target.label} < ${target.maxMs} ms`, value, met: value < target.maxMs, unit: 'ms' };
  }
  if (target.kind === 'p99') {
    const value = result.measurement.p99;
    return { text: `p99 < ${target.maxMs} ms`, value, met: value < target.maxMs, unit: 'ms' };
  }
  if (target.kind === 'baseline') {
    if (result.ratio === undefined) return undefined;
    const value = result.ratio;
    if (target.p99Ms === undefined) return { text: `≥ ${target.min.toFixed(2)}`, value, met: value >= target.min };
    const p99 = result.measurement.p99;
    return { text: `≥ ${target.min.toFixed(2)} and p99 < ${target.p99Ms} ms`, value, met: value >= target.min && p99 < target.p99Ms };
  }
  const other = result.referenceRps ?? all.find((r) => r.name === target.of)?.measurement?.rps;
  if (other === undefined) return undefined;
  const value = result.measurement.rps / other;
  return { text: `≥ ${target.min.toFixed(2)} × ${target.of}`, value, met: value >= target.min };
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** Milliseconds as people read them: one decimal under 10, whole numbers above. */
export const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const targetValue = (t: NonNullable<ScenarioResult['target']>) => (t.unit === 'ms' ? `${ms(t.value)} ms` : t.unit === '/s' ? `${int(t.value)}/s` : t.value.toFixed(2));
export const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
export const seconds = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;

export function scenarioTable(run: SizeRun): string {
  const lines = [
    '| scenario | what | req/s | p50 ms | p99 ms | × healthz | target |',
    '|---|---|--:|--:|--:|--:|---|',
  ];
  for (const r of run.scenarios) {
    if (r.skipped || !r.measurement) {
      lines.push(`| ${r.label} | ${r.skipped ?? 'not run'} | – | – | – | – | |`);
      continue;
    }
    const m = r.measurement;
    const bad = m.non2xx + m.errors + m.timeouts;
    const warn = bad > 0 ? ` ⚠ ${bad} failed (${JSON.stringify(m.statusCodes)})` : '';
    const target = r.target ? `${r.target.text}: ${targetValue(r.target)} ${r.target.met ? '✓' : '✗ missed'}` : '';
    // A one-shot row has no throughput: its p50/p99 are its reader's (said in its detail).
    const rps = r.once ? '–' : int(m.rps);
    lines.push(
      `| ${r.label} | ${r.detail ?? ''}${warn} | ${rps} | ${ms(m.p50)} | ${ms(m.p99)} | ${r.ratio === undefined ? '–' : r.ratio.toFixed(2)} | ${target} |`,
    );
  }
  return lines.join('\n');
}

export function runSummary(run: SizeRun): string {
  const rssOk = run.peakRssBytes < RSS_TARGET_BYTES;
  const measured = run.scenarios.flatMap((s) => (s.measurement ? [s.measurement] : []));
  const serverCpu = measured.map((m) => m.serverCpu ?? 0);
  const driverCpu = measured.map((m) => m.driverCpu ?? 0);
  const cpuLine =
    measured.length === 0
      ? []
      : [
          `- CPU during the runs, in % of one core: server ${Math.round(Math.min(...serverCpu))}–${Math.round(Math.max(...serverCpu))} %, autocannon at most ${Math.round(Math.max(...driverCpu))} % (the server is the bottleneck when it sits near 100 %)`,
        ];
  const index = run.seed.searchIndexBytes;
  const indexLine =
    index === undefined
      ? []
      : [
          `- full-text index: ${mb(index)}, +${Math.round((100 * index) / (run.seed.dbBytes - index))} % on the ${mb(run.seed.dbBytes - index)} without it (target ≤ +50 %: ${index <= 0.5 * (run.seed.dbBytes - index) ? '✓' : '✗ missed'})`,
        ];
  const indexTime = run.seed.searchIndexMs ? ` (of which the full-text index ${seconds(run.seed.searchIndexMs)})` : '';
  return [
    `- links: ${int(run.links)} (${int(run.seed.linkTags)} tag assignments, ${run.seed.issues} issues, ${run.seed.issueItems} items); database ${mb(run.seed.dbBytes)}`,
    ...indexLine,
    `- seeding: ${run.seed.reused ? 'reused an existing file' : seconds(run.seed.seedMs ?? 0)}${indexTime}`,
    `- start-up to ready (spawn → first 200 from /readyz): ${seconds(run.startupMs)}`,
    `- server peak RSS: ${mb(run.peakRssBytes)} (target < ${mb(RSS_TARGET_BYTES)}: ${rssOk ? '✓' : '✗ missed'}); at the sampled peak ${mb(run.peakRssSplit.anon)} anonymous (JS heap, native, SQLite cache) + ${mb(run.peakRssSplit.file)} file-backed (mmapped database, binaries)`,
    `- publishing the seeded issues through the API: ${seconds(run.publishMs)}`,
    ...cpuLine,
  ].join('\n');
}

export function scaleTable(runs: SizeRun[], names: string[]): string {
  const header = `| scenario | ${runs.map((r) => `${compact(r.links)} links: req/s (× healthz), p50`).join(' | ')} |`;
  const lines = [header, `|---|${runs.map(() => '--:').join('|')}|`];
  for (const name of names) {
    const cells = runs.map((run) => {
      const r = run.scenarios.find((s) => s.name === name);
      if (!r || !r.measurement) return r?.skipped ? 'skipped' : '–';
      return `${int(r.measurement.rps)} (${r.ratio === undefined ? "–" : r.ratio.toFixed(2)}), ${ms(r.measurement.p50)} ms`;
    });
    const label = runs.flatMap((run) => run.scenarios).find((s) => s.name === name)?.label ?? name;
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  lines.push(`| seeding | ${runs.map((r) => (r.seed.reused ? 'reused' : seconds(r.seed.seedMs ?? 0))).join(' | ')} |`);
  lines.push(`| start-up to ready | ${runs.map((r) => seconds(r.startupMs)).join(' | ')} |`);
  lines.push(`| server peak RSS | ${runs.map((r) => mb(r.peakRssBytes)).join(' | ')} |`);
  return lines.join('\n');
}

export function compact(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return int(n);
}

/** Misses against the issue's targets, one line each. */
export function misses(run: SizeRun): string[] {
  const out: string[] = [];
  for (const r of run.scenarios) {
    if (r.target && !r.target.met) out.push(`${r.label}: ${targetValue(r.target)}, target ${r.target.text}`);
  }
  if (run.peakRssBytes >= RSS_TARGET_BYTES) out.push(`peak RSS ${mb(run.peakRssBytes)}, target < ${mb(RSS_TARGET_BYTES)}`);
  return out;
}

export function writeJson(dir: string, name: string, data: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
