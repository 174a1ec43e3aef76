import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// openapi.yaml is checked by two linters nobody here wrote, with their recommended rules
// (redocly.yaml, .spectral.yaml; any rule turned off there says why). Client generators trip
// on what they report, so the bar is zero errors and zero warnings.

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const run = promisify(execFile);
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

describe('openapi.yaml under third-party linters', () => {
  it('passes Redocly’s recommended rules with no errors and no warnings', async () => {
    const { stdout } = await run(bin('redocly'), ['lint', 'openapi.yaml', '--format', 'json'], { cwd: ROOT, env, timeout: 60_000 }).catch((err) => err);
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('passes Spectral’s spectral:oas rules with no errors and no warnings', async () => {
    const { stdout } = await run(bin('spectral'), ['lint', 'openapi.yaml', '--format', 'json', '--quiet', '--fail-severity', 'warn'], { cwd: ROOT, env, timeout: 60_000 }).catch(
      (err) => err,
    );
    const results = JSON.parse(stdout || '[]') as { code: string; message: string; path: string[] }[];
    expect(results.map((r) => `${r.code}: ${r.message} at ${r.path.join('.')}`)).toEqual([]);
  });
});
