/**
 * Top self-time functions of a V8 CPU profile (`node --cpu-prof`), and the same time
 * grouped by where the code lives (a package, the project's src/, node internals).
 *
 *   npx tsx bench/profile-summary.ts bench/results/profiles/CPU.….cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number };

export type SelfTime = { name: string; where: string; ms: number; share: number };

/** Where code lives: `area` groups it (a package, a project file, node internals), `file` pins it. */
function location(url: string): { area: string; file: string } {
  if (url === '') return { area: '(native)', file: '(native)' };
  const clean = url.replace(/^file:\/\//, '');
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(clean);
  if (pkg) return { area: pkg[1]!, file: `${pkg[1]}/${pkg[2]}` };
  if (clean.startsWith('node:')) return { area: 'node internals', file: clean };
  const src = /\/(src|migrations|bench)\/(.*)$/.exec(clean);
  if (src) return { area: `${src[1]}/${src[2]}`, file: `${src[1]}/${src[2]}` };
  return { area: clean, file: clean };
}

export function summarise(file: string, top = 25): { total: number; functions: SelfTime[]; areas: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the gap to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, SelfTime>();
  const area = new Map<string, SelfTime>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const { area: where, file } = location(url);
    const name = functionName || '(anonymous)';
    const key = `${name}@${url}:${lineNumber}`;
    const label = url ? `${file}:${lineNumber + 1}` : file;
    const f = fn.get(key) ?? { name, where: label, ms: 0, share: 0 };
    f.ms += us / 1000;
    fn.set(key, f);
    const areaKey = name.startsWith('(') && url === '' ? name : where;
    const a = area.get(areaKey) ?? { name: areaKey, where: '', ms: 0, share: 0 };
    a.ms += us / 1000;
    area.set(areaKey, a);
  }
  const finish = (m: Map<string, SelfTime>) =>
    [...m.values()]
      .map((s) => ({ ...s, share: total === 0 ? 0 : (100 * s.ms * 1000) / total }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top);
  return { total: total / 1000, functions: finish(fn), areas: finish(area) };
}

export function formatSummary(file: string, top = 25): string {
  const { total, functions, areas } = summarise(file, top);
  const lines = [`CPU profile ${file}: ${(total / 1000).toFixed(1)} s sampled`, '', 'top self time by function:'];
  for (const f of functions) lines.push(`  ${f.share.toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}  (${f.where})`);
  lines.push('', 'self time by area:');
  for (const a of areas.slice(0, 15)) lines.push(`  ${a.share.toFixed(1).padStart(5)} %  ${a.ms.toFixed(0).padStart(7)} ms  ${a.name}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const files = args.filter((_, i) => topAt < 0 || (i !== topAt && i !== topAt + 1));
  if (files.length === 0) {
    process.stderr.write('usage: tsx bench/profile-summary.ts FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  for (const file of files) console.log(formatSummary(file, top));
}
