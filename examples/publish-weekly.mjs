#!/usr/bin/env node
// Assembles and publishes this week's issue against a running linkletter, then writes its
// Markdown to a file (for a static site). Plain Node 20, no dependencies.
//
//   LINKLETTER_TOKEN=... node examples/publish-weekly.mjs --subject "This week in SQLite" --out issue.md
//
// Options: --subject TEXT (required unless the draft exists), --date YYYY-MM-DD (default today, UTC),
// --since YYYY-MM-DD (only links added since), --tag NAME (repeatable), --strict (warnings
// also stop publishing), --out FILE (default issue-<number>.md).
// Environment: LINKLETTER_URL (default http://127.0.0.1:8787), LINKLETTER_TOKEN (an editor token).
// Running it again the same day reuses that day's draft; a check with errors leaves the draft
// unpublished and exits 1.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    subject: { type: 'string' },
    date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
    since: { type: 'string' },
    tag: { type: 'string', multiple: true, default: [] },
    strict: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const base = (process.env.LINKLETTER_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const token = process.env.LINKLETTER_TOKEN;
if (!token) fail('set LINKLETTER_TOKEN to an editor token (npm run --silent cli -- token create --name bot --role editor)');

function fail(message) {
  console.error(`publish-weekly: ${message}`);
  process.exit(1);
}

async function api(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, data };
}

async function expectOk(method, path, body) {
  const { status, data } = await api(method, path, body);
  if (status >= 400) fail(`${method} ${path} → ${status}: ${data.detail ?? JSON.stringify(data)}`);
  return data;
}

// Reuse today's draft if an earlier run created it.
const drafts = await expectOk('GET', '/v1/issues?status=draft&limit=100');
let issue = drafts.items.find((i) => i.date === values.date);
if (!issue) {
  if (!values.subject) fail('--subject is required to start a new issue');
  issue = await expectOk('POST', '/v1/issues', { date: values.date, subject: values.subject });
  console.error(`started issue ${issue.number}`);
}
const number = issue.number;

const assembly = {};
if (values.tag.length) assembly.tags = values.tag;
if (values.since) assembly.since = values.since;
const { added } = await expectOk('POST', `/v1/issues/${number}/assemble`, assembly);
console.error(`added ${added.length} link(s) to issue ${number}`);

const check = await expectOk('GET', `/v1/issues/${number}/check`);
for (const f of check.warnings) console.error(`warning: ${f.message}`);
for (const f of check.errors) console.error(`error: ${f.message}`);
if (!check.ok || (values.strict && check.warnings.length > 0)) fail(`issue ${number} left as a draft`);

await expectOk('POST', `/v1/issues/${number}/publish${values.strict ? '?strict=true' : ''}`);
const markdown = await expectOk('GET', `/v1/issues/${number}.md`);
const out = values.out ?? `issue-${number}.md`;
await writeFile(out, markdown);
console.error(`published issue ${number}`);
console.log(out);
