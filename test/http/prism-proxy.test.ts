import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliInBackground } from '../helpers/processes.js';
import { createClient, describeViolations, OPERATIONS, uncovered, unexpectedStatuses, unflaggedInvalid, type Client, type Exchange } from '../helpers/prism-exchanges.js';
import { startProxiedServer, type Violation } from '../helpers/prism-proxy.js';
import { enrichmentScenarios, startPages } from '../helpers/prism-enrichment.js';
import { importScenarios } from '../helpers/prism-scenarios-imports.js';
import { issueScenarios, publicScenarios } from '../helpers/prism-scenarios-issues.js';
import { proofOfWorkScenarios, submissionScenarios } from '../helpers/prism-scenarios-submissions.js';
import { linkScenarios, newsletterScenarios, systemScenarios, tagScenarios, tokenScenarios } from '../helpers/prism-scenarios-links.js';
import { submitPageScenarios } from '../helpers/prism-scenarios-submit-pages.js';
import { adminScenarios } from '../helpers/prism-scenarios-admin.js';
import { prismAnswersMalformedJson, SAMPLES, sweepSharedErrors, type Tokens } from '../helpers/prism-sweeps.js';
import { cliStep, curlStep, walkthroughCommands } from '../helpers/readme-walkthrough.js';

/**
 * Issue 12's last check: Prism's validating proxy (`prism proxy openapi.yaml <server>`) in
 * front of the server as `npm start` runs it, while the README walkthrough runs through it as
 * written, and then every operation of openapi.yaml on its happy path and its error paths.
 * Prism names what breaks the contract in each answer's `sl-violations` header; there must be
 * nothing, in any response, nor in any request that was not sent to break the contract.
 */

/** What the README's comments say each walkthrough request answers, in order. */
const WALKTHROUGH_STATUSES = [201, 409, 200, 200, 200, 200, 401, 200, 201, 200, 200, 200, 200, 200, 200, 200];

/** Declared statuses no request here reaches, each with where it is checked instead. */
const EXEMPT = new Map([['getReadiness 503', 'needs a database that stops answering; test/http/operations.test.ts closes it in process']]);

/** Findings that are Prism's mistakes, not the server's or the document's: one line of why each. */
const ALLOWED: { reason: string; matches: (e: Exchange, v: Violation) => boolean }[] = [];

async function runWalkthrough(c: Client, databasePath: string): Promise<{ vars: Record<string, string>; statuses: number[] }> {
  const vars: Record<string, string> = {};
  const statuses: number[] = [];
  const commands = walkthroughCommands();
  let curls = 0;
  for (const command of commands) {
    const step = cliStep(command);
    if (step) {
      const out = cli(databasePath, step.args);
      if (out.status !== 0) throw new Error(`${command}: ${out.stderr}`);
      vars[step.variable] = out.stdout.trim();
      continue;
    }
    const curl = curlStep(command, vars);
    const url = new URL(curl.url);
    if (url.origin !== 'http://127.0.0.1:8787') throw new Error(`the walkthrough talks to ${url.origin}, not the server: ${command}`);
    const expected = WALKTHROUGH_STATUSES[curls++] ?? 0;
    const res = await c.send(curl.method, url.pathname + url.search, { token: null, headers: curl.headers, raw: curl.body, expect: expected });
    statuses.push(res.status);
    await res.arrayBuffer();
  }
  return { vars, statuses };
}

describe('Prism’s validating proxy in front of the server', () => {
  it('finds no violation while the README walkthrough and every operation’s happy and error paths run through it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linkletter-prism-'));
    const databasePath = path.join(dir, 'prism.db');
    const fetchingPath = path.join(dir, 'fetching.db');
    const pages = await startPages();
    // Two servers, each behind its own Prism: the walkthrough's, which fetches no pages and trusts
    // one proxy (so that each submission can name its client), and one that fetches local pages
    // and asks submissions for proof of work. Uploads are limited to 64 KiB on the first, so the
    // shared 413 sweep reaches POST /v1/imports.
    const stacks = await Promise.allSettled([
      startProxiedServer(databasePath, { TRUST_PROXY: '1', IMPORT_MAX_BYTES: '65536' }),
      startProxiedServer(fetchingPath, { ENRICH: 'on', FETCH_ALLOW_PRIVATE: 'true', SUBMISSION_POW_BITS: '8' }),
    ]);
    const [running, fetching] = stacks.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    const c = running && createClient(running);
    const f = fetching && createClient(fetching);
    try {
      if (!c || !f) throw stacks.find((s) => s.status === 'rejected')!.reason;
      // The other tokens are made while the walkthrough runs.
      const token = (dbPath: string, name: string, role: string) =>
        cliInBackground(dbPath, ['token', 'create', '--name', name, '--role', role]).then((out) => {
          if (out.status !== 0) throw new Error(`token create ${name}: ${out.stderr}`);
          return out.stdout.trim();
        });
      const later = Promise.all([token(databasePath, 'admin', 'admin'), token(fetchingPath, 'fetcher', 'editor')]);
      later.catch(() => {}); // awaited below; a failure is reported there
      const { vars, statuses } = await runWalkthrough(c, databasePath);
      expect.soft(statuses, 'the walkthrough’s answers (update WALKTHROUGH_STATUSES with the README)').toEqual(WALKTHROUGH_STATUSES);

      const [admin, fetcher] = await later;
      const submitter = await c.json('POST', '/v1/tokens', { token: admin, json: { name: 'submitter', role: 'submitter' }, expect: 201 });
      const tokens: Tokens = { admin, editor: vars.TOKEN!, submitter: submitter.secret };
      c.useToken(tokens.editor);

      await sweepSharedErrors(c, tokens);
      expect.soft(await prismAnswersMalformedJson(running.proxy, tokens.editor), 'Prism forwards malformed JSON now: send those 400s through it').toBe(true);
      await systemScenarios(c);
      await linkScenarios(c, tokens);
      await tagScenarios(c);
      await tokenScenarios(c, tokens);
      await adminScenarios(c, tokens, path.join(dir, 'backups'));
      await newsletterScenarios(c);
      await issueScenarios(c, tokens);
      await publicScenarios(c);
      await submissionScenarios(c, tokens);
      await submitPageScenarios(c);
      await importScenarios(c);

      f.useToken(fetcher);
      await enrichmentScenarios(f, fetching.server, pages, fetcher);
      await proofOfWorkScenarios(f, `${pages.origin}/original`);
    } finally {
      await Promise.all([running?.stop(), fetching?.stop(), pages.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
    const exchanges = [...c.exchanges, ...f.exchanges];

    const ids = OPERATIONS.map((op) => op.operationId);
    expect.soft(ids.length).toBeGreaterThan(40);
    expect.soft(ids.filter((id) => !SAMPLES[id]), 'operations without a sample request in test/helpers/prism-sweeps.ts').toEqual([]);
    expect.soft(Object.keys(SAMPLES).filter((id) => !ids.includes(id)), 'samples of operations openapi.yaml no longer has').toEqual([]);
    expect.soft(exchanges.filter((e) => !e.operationId).map((e) => `${e.method} ${e.path}`), 'requests that reached no operation').toEqual([]);
    expect.soft(uncovered(exchanges, new Set(EXEMPT.keys())), 'declared statuses no request reached').toEqual([]);
    expect.soft(unexpectedStatuses(exchanges), 'requests that did not get the status they were sent for').toEqual([]);

    expect.soft(unflaggedInvalid(exchanges), 'requests marked invalid that openapi.yaml allows').toEqual([]);
    const isAllowed = (e: Exchange, v: Violation) => ALLOWED.some((a) => a.matches(e, v));
    expect.soft(describeViolations(exchanges, isAllowed), 'Prism’s findings').toEqual([]);
    const unused = ALLOWED.filter((a) => !exchanges.some((e) => e.violations.some((v) => a.matches(e, v))));
    expect.soft(unused.map((a) => a.reason), 'allow-list entries nothing needs any more').toEqual([]);
  }, 60_000);
});
