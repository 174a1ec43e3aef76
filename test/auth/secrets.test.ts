import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/auth/token-secret.js';
import { createToken } from '../../src/auth/tokens.repository.js';
import { testConfig } from '../../src/config.js';
import { createLogger, type LogLevel } from '../../src/logger.js';
import { redactedPath } from '../../src/http/problem.js';
import { startServer } from '../../src/server.js';
import { cli, spawnMain, tempDirPerTest } from '../helpers/processes.js';
import { createTestApp, problemOf } from '../helpers/test-app.js';

/**
 * Secrets stay out of logs and error bodies, at every LOG_LEVEL: API token secrets (valid,
 * revoked, unknown, malformed, sent as a query parameter or a form field), passwords in the
 * userinfo of submitted URLs, preview tokens and submission receipts (capabilities in a path),
 * proof-of-work challenges and solutions, and the submitter's email. One scenario sends them
 * all to the real server over HTTP; every response is kept, and each may show only what it
 * exists to hand out (the answer that creates a token shows its secret). The server runs in
 * this process with each level's logger, whose every line is kept, and once as `npm start`
 * runs it at LOG_LEVEL=debug, whose stdout and stderr are kept. `token list` prints no secret.
 */

const dir = tempDirPerTest();
const LEVELS: Exclude<LogLevel, 'silent'>[] = ['debug', 'info', 'warn', 'error'];

type Exchange = { what: string; status: number; contentType: string; text: string };
type Secrets = {
  /** Never in a log line, and in no response but the one that hands it out. */
  strict: Map<string, string>;
  /** Never in a log line or a problem+json body; the form page refills the email its sender typed. */
  personal: Map<string, string>;
  /** The responses that hand a secret out: name → what of it. */
  handedOut: Map<string, string[]>;
};

const word = () => randomBytes(9).toString('base64url');

/** The scenario: everything a secret can come in with, over HTTP to `base`; `admin` is an admin token's secret. */
async function sendSecrets(base: string, admin: string): Promise<{ exchanges: Exchange[]; secrets: Secrets }> {
  const exchanges: Exchange[] = [];
  const secrets: Secrets = { strict: new Map([['admin token', admin]]), personal: new Map(), handedOut: new Map() };
  const password = `pw${word()}`;
  const email = `ann.${word().replace(/[^a-z0-9]/gi, '')}@example.net`;
  secrets.strict.set('password', password);
  secrets.personal.set('email', email);

  async function send(what: string, method: string, url: string, init: { auth?: string | null; type?: string; body?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? `Bearer ${admin}` : init.auth;
    if (auth !== null) headers.authorization = auth;
    if (init.type) headers['content-type'] = init.type;
    const res = await fetch(`${base}${url}`, { method, headers, body: init.body, redirect: 'manual' });
    const head = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    const exchange = { what, status: res.status, contentType: res.headers.get('content-type') ?? '', text: `${head}\n\n${await res.text()}` };
    exchanges.push(exchange);
    return { ...exchange, json: () => JSON.parse(exchange.text.slice(head.length + 2)) };
  }
  const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });

  // Tokens: made over HTTP, one revoked; then valid, revoked, unknown and malformed ones sent every way.
  const made: Record<string, string> = {};
  for (const [name, role] of [['editor', 'editor'], ['submitter', 'submitter'], ['revoked', 'editor']] as const) {
    const res = await send(`create the ${name} token`, 'POST', '/v1/tokens', json({ name, role }));
    expect(res.status, res.text).toBe(201);
    made[name] = res.json().secret;
    secrets.strict.set(`${name} token`, made[name]!);
    secrets.handedOut.set(`create the ${name} token`, [`${name} token`]);
  }
  expect((await send('revoke a token', 'DELETE', '/v1/tokens/revoked')).status).toBe(204);
  const unknown = `ll_${randomBytes(32).toString('base64url')}`;
  secrets.strict.set('unknown token', unknown);
  await send('list the tokens', 'GET', '/v1/tokens');
  const editor = made.editor!;
  const authorizations = [
    `Bearer ${editor}`, `Bearer ${made.revoked}`, `Bearer ${unknown}`, `Bearer ${editor}x`, `Bearer ${editor.slice(0, -2)}`, `bearer ${editor}`, `Bearer ${editor} ${editor}`,
    `Bearer ${editor},Bearer ${unknown}`, `Basic ${Buffer.from(`editor:${editor}`).toString('base64')}`, editor, `Token ${editor}`, `Bearer ${made.submitter}`, `Bearer "${editor}"`,
  ];
  for (const [i, auth] of authorizations.entries()) {
    await send(`authorization ${i}: GET`, 'GET', '/v1/links', { auth });
    await send(`authorization ${i}: POST`, 'POST', '/v1/links', { auth, ...json({ url: `https://example.org/auth-${i}` }) });
    await send(`authorization ${i}: submit`, 'POST', '/v1/submissions', { auth, ...json({ url: `https://example.org/sub-${i}` }) });
  }
  for (const url of [
    `/v1/links?token=${editor}`, `/v1/links?access_token=${editor}&api_key=${unknown}`, `/v1/links?limit=${editor}`, `/v1/links?cursor=${editor}`, `/v1/links?status=${editor}`,
    `/v1/links?tag=${editor}&tag=${editor}`, `/issues?token=${editor}`, `/feed.xml?token=${editor}`, `/nowhere?token=${editor}`, `/v1/links/${editor}`, `/v1/tags/${editor}`,
  ]) {
    await send(`a token in ${url.replace(/ll_[\w-]+/g, 'SECRET')} without a header`, 'GET', url, { auth: null });
    await send(`a token in ${url.replace(/ll_[\w-]+/g, 'SECRET')}`, 'GET', url);
  }
  await send('revoke by secret', 'DELETE', `/v1/tokens/${editor}`);
  await send('a token as a token name', 'POST', '/v1/tokens', json({ name: editor, role: 'superuser' }));

  // Passwords in URLs, wherever a URL goes in.
  const withPassword = `https://ann:${password}@example.org/private`;
  await send('a link with a password', 'POST', '/v1/links', json({ url: withPassword }));
  await send('a link with a password, JSON submission', 'POST', '/v1/submissions', { auth: null, ...json({ url: withPassword, email, name: 'Ann' }) });
  await send('a link with a password, form post', 'POST', '/v1/submissions', {
    auth: null,
    type: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ url: withPassword, email, name: 'Ann', token: editor, pow_challenge: 'x', pow_solution: 'y' }).toString(),
  });
  await send('a link with a password as a user name alone', 'POST', '/v1/links', json({ url: `https://${password}@example.org/` }));
  const link = (await send('a link', 'POST', '/v1/links', json({ url: 'https://example.org/fine' }))).json();
  await send('a credit with a password', 'PATCH', `/v1/links/${link.id}`, json({ credit: { name: 'Ann', url: withPassword } }));
  await send('a base URL with a password', 'PATCH', '/v1/newsletter', json({ baseUrl: withPassword }));
  await send('an issue with a password in a link', 'POST', '/v1/issues/import', { type: 'text/markdown', body: `---\ntitle: 2025-03-07\n---\n\n# Old\n\n---\n\n## Links\n- [a](${withPassword}) - b\n` });
  const imported = await send('an import with a password in a URL', 'POST', '/v1/imports', { type: 'text/plain', body: `https://example.org/one\n${withPassword}\n` });
  expect(imported.status, imported.text).toBe(202);
  for (let i = 0; i < 100; i++) {
    const state = (await send('the import report', 'GET', `/v1/imports/${imported.json().id}`)).json();
    if (state.status !== 'queued' && state.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  // The submitter's email where a submission goes wrong, and the proof of work (SUBMISSION_POW_BITS is 4 here).
  await send('an email with a bad URL', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'not a url', email }) });
  await send('an email with a bad field', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'https://example.org/e', email, title: 'x'.repeat(400) }) });
  await send('an email that is not one', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'https://example.org/e', email: `${email}@` }) });
  await send('an email and an unknown field', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'https://example.org/e', email, token: editor }) });
  const challenge = (await send('a challenge', 'GET', '/v1/submissions/challenge', { auth: null })).json().challenge as string;
  let solution = 0;
  while (createHash('sha256').update(`${challenge}:${solution}`).digest()[0]! >> 4 !== 0) solution++;
  let wrong = 0;
  while (createHash('sha256').update(`${challenge}:w${wrong}`).digest()[0]! >> 4 === 0) wrong++;
  secrets.personal.set('challenge', challenge);
  secrets.personal.set('wrong solution', `w${wrong}`);
  secrets.handedOut.set('a challenge', ['challenge']);
  await send('a wrong solution', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'https://example.org/pow', email, pow: { challenge, solution: `w${wrong}` } }) });
  await send('a forged challenge', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'https://example.org/pow', email, pow: { challenge: `${challenge}x`, solution: String(solution) } }) });
  const accepted = await send('a submission', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'https://example.org/pow', email, note: 'Look.', pow: { challenge, solution: String(solution) } }) });
  expect(accepted.status, accepted.text).toBe(202);
  await send('the challenge again', 'POST', '/v1/submissions', { auth: null, ...json({ url: 'https://example.org/pow2', email, pow: { challenge, solution: String(solution) } }) });
  const receipt = accepted.json().receipt as string;
  secrets.strict.set('receipt', receipt);
  secrets.handedOut.set('a submission', ['receipt']);
  await send('the receipt', 'GET', `/v1/submissions/${receipt}`, { auth: null });
  await send('the receipt page', 'GET', `/submissions/${receipt}`, { auth: null, headers: { accept: 'text/html' } });
  await send('a receipt cut short', 'GET', `/v1/submissions/${receipt.slice(0, -1)}`, { auth: null });

  // A preview link of a draft: its token is in the path.
  expect((await send('an issue', 'POST', '/v1/issues', json({ date: '2026-01-02', subject: 'Draft' }))).status).toBe(201);
  const preview = await send('a preview link', 'POST', '/v1/issues/1/preview');
  expect(preview.status, preview.text).toBe(201);
  const previewToken = (preview.json().url as string).split('/preview/')[1]!;
  secrets.strict.set('preview token', previewToken);
  secrets.handedOut.set('a preview link', ['preview token']);
  await send('the preview', 'GET', `/preview/${previewToken}`, { auth: null, headers: { accept: 'text/html' } });
  await send('the preview, cut short', 'GET', `/preview/${previewToken.slice(0, -1)}`, { auth: null, headers: { accept: 'text/html' } });
  await send('the preview as JSON', 'GET', `/preview/${previewToken}`, { auth: null });
  await send('revoke the preview', 'DELETE', '/v1/issues/1/preview');
  await send('the revoked preview', 'GET', `/preview/${previewToken}`, { auth: null });
  await send('the access log of a preview in a second spelling', 'GET', `//preview/${previewToken}`, { auth: null });
  return { exchanges, secrets };
}

/** Whether `text` holds `secret`, or 16 characters of it running (a prefix shown as an id, a truncation). */
function shows(text: string, secret: string): boolean {
  if (text.includes(secret)) return true;
  const body = secret.startsWith('ll_') ? secret.slice(3) : secret;
  for (let i = 0; i + 16 <= body.length; i += 4) if (text.includes(body.slice(i, i + 16))) return true;
  return false;
}

function expectNothingShown(exchanges: Exchange[], logText: string, secrets: Secrets, where: string): void {
  for (const [name, secret] of [...secrets.strict, ...secrets.personal]) expect(shows(logText, secret), `the ${name} is in the ${where}`).toBe(false);
  for (const exchange of exchanges) {
    const allowed = secrets.handedOut.get(exchange.what) ?? [];
    for (const [name, secret] of secrets.strict) {
      if (!allowed.includes(name)) expect(shows(exchange.text, secret), `the ${name} is in the answer to "${exchange.what}" (${exchange.status})`).toBe(false);
    }
    const formPage = exchange.status >= 400 && /^text\/html/.test(exchange.contentType);
    for (const [name, secret] of secrets.personal) {
      if (allowed.includes(name) || exchange.status < 400 || (formPage && name === 'email')) continue;
      expect(shows(exchange.text, secret), `the ${name} is in the answer to "${exchange.what}" (${exchange.status})`).toBe(false);
    }
  }
}

describe('secrets in logs and answers', () => {
  it.each(LEVELS)('LOG_LEVEL=%s: no secret in a log line or an error body, and the scenario ran', async (level) => {
    const lines: string[] = [];
    const running = await startServer(testConfig({ port: 0, databasePath: path.join(dir(), 'secrets.db'), submissionPowBits: 4, logLevel: level }), { logger: createLogger(level, (line) => lines.push(line)) });
    try {
      const admin = (await running.ctx.transact((trx) => createToken(trx, { name: 'admin', role: 'admin', now: new Date() }))).secret;
      const { exchanges, secrets } = await sendSecrets(`http://127.0.0.1:${running.port}`, admin);
      expectNothingShown(exchanges, lines.join(''), secrets, `${level} log`);
      // It reached what it meant to: refusals of each kind, and the logs had something to say.
      const statuses = new Set(exchanges.map((e) => e.status));
      for (const status of [200, 201, 202, 400, 401, 403, 404, 422]) expect(statuses, `no ${status} in the scenario`).toContain(status);
      if (level === 'debug' || level === 'info') expect(lines.filter((l) => JSON.parse(l).msg === 'request').length).toBeGreaterThan(exchanges.length / 2);
    } finally {
      await running.stop(1_000);
    }
  });

  it('npm start at LOG_LEVEL=debug: nothing of them on stdout or stderr', async () => {
    const databasePath = path.join(dir(), 'main.db');
    const created = cli(databasePath, ['token', 'create', '--name', 'admin', '--role', 'admin'], { LOG_LEVEL: 'debug' });
    expect(created.status, created.stderr).toBe(0);
    const admin = created.stdout.trim();
    expect(created.stderr).not.toContain(admin);
    const main = spawnMain({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, ENRICH: 'off', LOG_LEVEL: 'debug', SUBMISSION_POW_BITS: '4' });
    try {
      await main.waitFor(/"msg":"listening"/);
      const port = /"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(main.output())![1];
      const { exchanges, secrets } = await sendSecrets(`http://127.0.0.1:${port}`, admin);
      main.child.kill('SIGTERM');
      await main.exited;
      expectNothingShown(exchanges, main.output(), secrets, 'output of npm start');
      const listed = cli(databasePath, ['token', 'list'], { LOG_LEVEL: 'debug' });
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout.split('\n').filter(Boolean)).toHaveLength(4);
      for (const [name, secret] of secrets.strict) {
        expect(shows(listed.stdout + listed.stderr, secret), `token list shows the ${name}`).toBe(false);
        // Nor the hash it is stored as.
        expect(listed.stdout).not.toContain(createHash('sha256').update(secret).digest('hex'));
      }
    } finally {
      main.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('the leaks the scenario found, one by one', () => {
  const secret = `ll_${'A1b2C3d4'.repeat(5)}xyz`;

  it('a log line never holds a secret-shaped string, whichever field brought it', () => {
    const lines: string[] = [];
    createLogger('debug', (line) => lines.push(line)).info('request', { path: `/v1/links/${secret}`, error: { message: `bad ${secret.slice(0, 30)}` } });
    expect(lines[0]).not.toContain(secret.slice(3, 19));
    expect(JSON.parse(lines[0]!)).toMatchObject({ path: '/v1/links/ll_…', error: { message: 'bad ll_…' } });
    expect(redactSecrets('ll_short ll_ x')).toBe('ll_short ll_ x');
  });

  it('a receipt or a preview token in a path is not logged nor shown as a problem’s instance', async () => {
    expect(redactedPath('/v1/submissions/q0Zx3sN4cI1mV8bT6uYw2eR5aD7fG9hJ0kL1zX3cV5b')).toBe('/v1/submissions/…');
    expect(redactedPath('/submissions/abc/x')).toBe('/submissions/…/x');
    expect(redactedPath('//PREVIEW//abc')).toBe('//PREVIEW//…');
    expect(redactedPath('/v1/submissions/challenge')).toBe('/v1/submissions/challenge');
    expect(redactedPath('/v1/links/7')).toBe('/v1/links/7');
    const t = await createTestApp();
    try {
      const problem = await problemOf(await t.request('GET', '/v1/submissions/q0Zx3sN4cI1mV8bT6uYw2eR5aD7fG9hJ0kL1zX3cV5b', { token: null }));
      expect(problem.instance).toBe('/v1/submissions/…');
      const lost = await problemOf(await t.request('GET', `/nowhere/${secret}`, { token: null }));
      expect(JSON.stringify(lost)).not.toContain(secret.slice(3, 19));
    } finally {
      await t.close();
    }
  });

  it('a credit or quote URL with a user name or password is refused (it would be published with the issue)', async () => {
    const t = await createTestApp();
    try {
      const link = await t.createLink({ url: 'https://example.org/credit' });
      const credit = await t.request('PATCH', `/v1/links/${link.id}`, { body: { credit: { name: 'Ann', url: 'https://ann:hunter2@example.org/' } } });
      expect(credit.status).toBe(422);
      expect((await problemOf(credit)).errors).toEqual([expect.objectContaining({ path: 'credit.url', message: 'Must not contain a user name or password.' })]);
      const quote = await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S', quote: { text: 'Q', author: 'A', url: 'https://:hunter2@example.org/' } } });
      expect(quote.status).toBe(422);
      expect(await quote.text()).not.toContain('hunter2');
    } finally {
      await t.close();
    }
  });

  it('the form page refills a refused URL without its password', async () => {
    const t = await createTestApp();
    try {
      const res = await t.request('POST', '/v1/submissions', { token: null, body: 'url=https%3A%2F%2Fann%3Ahunter2%40example.org%2Fx&email=ann%40example.org', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status).toBe(422);
      const page = await res.text();
      expect(page).not.toContain('hunter2');
      expect(page).toContain('value="https://example.org/x"');
    } finally {
      await t.close();
    }
  });

  it('an import report shows the URL it refused, not the password in it', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.request('/v1/imports', { method: 'POST', headers: { authorization: `Bearer ${t.tokens.editor}`, 'content-type': 'text/plain' }, body: 'https://example.org/one\nhttps://ann:hunter2@example.org/two\n' });
      expect(res.status, await res.clone().text()).toBe(202);
      const { id } = await res.json();
      await t.importRunner.drain();
      const report = await t.request('GET', `/v1/imports/${id}`);
      const text = await report.text();
      expect(text).not.toContain('hunter2');
      expect(JSON.parse(text).problems).toEqual([expect.objectContaining({ line: 2, url: 'https://…@example.org/two' })]);
    } finally {
      await t.close();
    }
  });
});
