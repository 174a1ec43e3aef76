import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes.js';

/**
 * The shell block of README.md's "Walkthrough" section, read as a list of steps, so a test can
 * run it as written (and breaks when the README says something it cannot run). It knows the
 * little the README uses: `VAR=$(npm run --silent cli -- …)` and `curl` with -s, -X, -H, -d.
 */

export type CliStep = { kind: 'cli'; variable: string; args: string[] };
export type CurlStep = { kind: 'curl'; method: string; url: string; headers: Record<string, string>; body?: string };
export type WalkthroughStep = CliStep | CurlStep;

/** The commands of the section's first ```sh block: comments dropped, continuation lines joined. */
export function walkthroughCommands(readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Walkthrough\n'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```sh block under "## Walkthrough"');
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Splits a command line into words as sh would: '…' literal, "…" and bare words expanding $VAR. */
export function shellWords(line: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const expand = (s: string) =>
    s.replace(/\$(\w+)/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`$${name} is not set in: ${line}`);
      return vars[name]!;
    });
  for (let i = 0; i < line.length; ) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new Error(`unclosed " in: ${line}`);
      word = (word ?? '') + expand(line.slice(i + 1, end));
      i = end + 1;
    } else {
      const m = /^[^\s'"]+/.exec(line.slice(i))![0];
      word = (word ?? '') + expand(m);
      i += m.length;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** The token-creating CLI line, as a step; `$(…)` is run by the caller, who sets the variable. */
export function cliStep(command: string): CliStep | undefined {
  const m = /^(\w+)=\$\(npm run --silent cli -- (.*)\)$/.exec(command);
  return m ? { kind: 'cli', variable: m[1]!, args: shellWords(m[2]!, {}) } : undefined;
}

/** A curl command as the request curl would send (its defaults: GET, or POST with form data for -d). */
export function curlStep(command: string, vars: Record<string, string>): CurlStep {
  const words = shellWords(command, vars);
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${command}`);
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-s') continue;
    else if (w === '-X') method = words[++i];
    else if (w === '-H') {
      const [name, ...rest] = words[++i]!.split(':');
      headers[name!.trim()] = rest.join(':').trim();
    } else if (w === '-d') body = words[++i];
    else if (w.startsWith('-')) throw new Error(`curl option ${w} is not one this reader knows: ${command}`);
    else url = w;
  }
  if (!url) throw new Error(`no URL in: ${command}`);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  return { kind: 'curl', method: method ?? (body === undefined ? 'GET' : 'POST'), url, headers, ...(body === undefined ? {} : { body }) };
}
