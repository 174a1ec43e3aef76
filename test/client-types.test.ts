import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_PATH, clientTypes } from '../client/generate.js';
import { ROOT } from './helpers/processes.js';

/**
 * client/api.ts, the types openapi-fetch's createClient<paths>() takes, is committed; tsc
 * checks examples/publish-weekly.ts against it. These keep it and the README's use of it true.
 */

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('client/api.ts', () => {
  it('is committed exactly as openapi-typescript generates it from openapi.yaml', async () => {
    const committed = readFileSync(CLIENT_TYPES_PATH, 'utf8');
    const generated = await clientTypes(read('openapi.yaml'));
    // A plain boolean first, so a stale file fails with the fix in the message rather than a long diff.
    expect(committed === generated, 'client/api.ts is stale: run `npm run openapi` (or `npm run client`) and commit the result').toBe(true);
  });

  it('types every operation of openapi.yaml', () => {
    const ids = [...read('openapi.yaml').matchAll(/^\s+operationId: (\w+)$/gm)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(30);
    const types = readFileSync(CLIENT_TYPES_PATH, 'utf8');
    expect(ids.filter((id) => !types.includes(`    ${id}: {`))).toEqual([]);
  });
});

describe('the README’s typed client', () => {
  /** A line as code: without indentation and a trailing `// comment`. */
  const code = (line: string) => line.replace(/\s+\/\/ [^'"`]*$/, '').trim();

  it('shows code that examples/publish-weekly.ts runs, line for line and in order (so tsc checks it there)', () => {
    const section = /^### A typed client\n([\s\S]*?)(?=^#)/m.exec(read('README.md'))?.[1];
    expect(section, 'README.md has a "### A typed client" section').toBeDefined();
    const snippet = /```ts\n([\s\S]*?)```/.exec(section!)?.[1];
    expect(snippet, 'with a ```ts snippet').toBeDefined();
    const lines = snippet!.split('\n').map(code).filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThanOrEqual(6);

    const example = read('examples/publish-weekly.ts').split('\n').map(code);
    let at = 0;
    for (const line of lines) {
      const found = example.indexOf(line, at);
      expect(found, `README line not in examples/publish-weekly.ts (after line ${at}): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});
