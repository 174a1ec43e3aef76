import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layout is part of the design: each area of src/ keeps its own routes, and files stay
// small enough to read in one sitting. These checks keep it that way as features land.

const SRC = path.resolve(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const SOURCES = files(SRC).map((file) => ({ file: path.relative(SRC, file), text: readFileSync(file, 'utf8') }));
const areaOf = (file: string) => (file.includes(path.sep) ? file.split(path.sep)[0]! : null);

describe('the layout of src/', () => {
  it('has the public site as its own area beside issues', () => {
    const areas = new Set(SOURCES.map((s) => areaOf(s.file)).filter((a) => a !== null));
    for (const area of ['auth', 'db', 'enrichment', 'http', 'issues', 'links', 'newsletter', 'site', 'tags']) expect(areas).toContain(area);
  });

  it('keeps every file under ~400 lines and every routes file under ~300', () => {
    for (const { file, text } of SOURCES) {
      const lines = text.split('\n').length;
      expect(lines, file).toBeLessThanOrEqual(file.endsWith('.routes.ts') ? 330 : 420);
    }
  });

  it('never imports another area’s routes module (only api.ts puts them together)', () => {
    for (const { file, text } of SOURCES) {
      if (file === 'api.ts') continue;
      for (const [, target] of text.matchAll(/from '([^']+\.routes\.js)'/g)) {
        const resolved = path.relative(SRC, path.resolve(SRC, path.dirname(file), target!));
        expect(areaOf(resolved), `${file} imports ${target}`).toBe(areaOf(file));
      }
    }
  });

  it('gives no two exported functions the same name', () => {
    const seen = new Map<string, string>();
    for (const { file, text } of SOURCES) {
      for (const [, name] of text.matchAll(/^export (?:async )?function (\w+)/gm)) {
        expect(seen.get(name!), `${name} in ${file}`).toBeUndefined();
        seen.set(name!, file);
      }
    }
  });

  it('writes only through a Trx: no repository takes the unbranded Kysely instance, which could write anywhere', () => {
    for (const { file, text } of SOURCES) {
      if (!file.endsWith('.repository.ts')) continue;
      expect(text, file).not.toMatch(/: Kysely</);
    }
  });
});
