import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/exports/export-formats.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** Two links, one in published issue 1, the other with fetched metadata and an editor's kind. */
async function seed(app: TestApp) {
  const first = await app.createLink({ url: 'https://example.org/a', title: 'Write-Ahead Logging', blurb: 'Readers & a writer.\nSecond line.', tags: ['sqlite', 'storage'], credit: { name: 'D. R. Hipp', url: 'https://example.org/drh' } });
  const second = await app.createLink({ url: 'https://www.example.org/b?utm_source=x', kind: 'video', section: 'Links' });
  await app.ctx.transact(async (trx) => {
    await sql`UPDATE links SET metadata = ${JSON.stringify({ title: 'Page B', description: 'About B', siteName: 'Example', image: null, favicon: null, author: null, publishedAt: null, canonicalUrl: null })},
      enrichment_status = 'done', fetched_at = '2026-01-05T09:00:30.000Z', inferred_kind = 'article' WHERE id = ${second.id}`.execute(trx);
  });
  await app.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'First' } });
  await app.request('POST', '/v1/issues/1/items', { body: { linkId: first.id, section: 'Links', title: 'An override' } });
  expect((await app.request('POST', '/v1/issues/1/publish')).status).toBe(200);
  return { first, second };
}

describe('GET /v1/export?format=json', () => {
  it('streams a versioned dump: header, settings, tags, links with their two kinds, issues with items and what they published', async () => {
    t = await createTestApp();
    const { first, second } = await seed(t);
    const res = await t.request('GET', '/v1/export?format=json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="linkletter-2026-01-05.json"');
    const text = await res.text();
    // One element a line, so a problem in a restore names a useful line.
    expect(text.split('\n').slice(0, 6).map((l) => l.slice(0, 14))).toEqual(['{"linkletter":', '"newsletter":{', '"moderation":{', '"tags":[', '{"name":"sqlit', '{"name":"stora']);
    const dump = JSON.parse(text);
    expect(dump.linkletter).toEqual({ version: 1, exportedAt: t.clock.now().toISOString(), counts: { links: 2, tags: 2, issues: 1 } });
    expect(dump.newsletter).toEqual((await (await t.request('GET', '/v1/newsletter')).json()));
    expect(dump.moderation).toEqual({ rules: { blockedDomains: [], trustedDomains: [], maxLinksInNote: 2 }, reasons: { reasons: [] } });
    expect(dump.tags).toEqual([
      { name: 'sqlite', links: 1 },
      { name: 'storage', links: 1 },
    ]);
    const api = async (id: number) => (await t.request('GET', `/v1/links/${id}`)).json();
    expect(dump.links).toEqual([
      { ...(await api(first.id)), editorKind: null, inferredKind: null },
      { ...(await api(second.id)), editorKind: 'video', inferredKind: 'article' },
    ]);
    expect(dump.links[0]).toMatchObject({ issue: 1, tags: ['sqlite', 'storage'] });
    expect(dump.links[1]).toMatchObject({ kind: 'video', metadata: { title: 'Page B', fetchedAt: '2026-01-05T09:00:30.000Z' } });
    const [issue] = dump.issues;
    expect(issue).toMatchObject({ number: 1, status: 'published', subject: 'First', sections: [{ name: 'Highlights', featured: true }, { name: 'Links', featured: false }] });
    expect(issue.items).toEqual([{ canonicalKey: 'example.org/a', url: 'https://example.org/a', section: 'Links', title: 'An override', blurb: null, markdown: null }]);
    expect(issue.published.markdown).toBe(await (await t.request('GET', '/v1/issues/1.md')).text());
    expect(issue.published.html).toBe(await (await t.request('GET', '/v1/issues/1.html')).text());
    expect(issue.published.json).toBe(await (await t.request('GET', '/v1/issues/1.json')).text());
  });

  it('never holds a token, a token hash, a submitter’s email or a receipt', async () => {
    t = await createTestApp();
    await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.org/sent', name: 'Ada', email: 'ada@example.org', note: 'Look' } });
    const text = await (await t.request('GET', '/v1/export')).text();
    expect(text).toContain('"name":"Ada"'); // the summary editors see
    expect(text).not.toContain('ada@example.org');
    const hashes = t.sqlite.prepare('SELECT secret_hash FROM tokens UNION ALL SELECT receipt_hash FROM submissions').pluck().all() as string[];
    for (const secret of [...Object.values(t.tokens), ...hashes]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/secret|receipt|cursor_key|pow_key/i);
  });

  it('is a complete document for an empty database', async () => {
    t = await createTestApp();
    const dump = await (await t.request('GET', '/v1/export')).json();
    expect(dump).toMatchObject({ linkletter: { counts: { links: 0, tags: 0, issues: 0 } }, tags: [], links: [], issues: [] });
  });
});

describe('GET /v1/export?format=netscape', () => {
  it('writes a bookmark file as browsers do: TAGS, ADD_DATE, LAST_MODIFIED, <DD> blurbs, everything escaped', async () => {
    t = await createTestApp();
    await seed(t);
    await t.createLink({ url: 'https://example.org/x?q=1&r=2', title: '<script>"quotes" & more</script>', blurb: '<b>not bold</b>', tags: ['c#', 'rd'] });
    const res = await t.request('GET', '/v1/export?format=netscape');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="linkletter-2026-01-05.html"');
    expect(await res.text()).toBe(
      [
        '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
        '<!-- This is an automatically generated file.',
        '     It will be read and overwritten.',
        '     DO NOT EDIT! -->',
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
        '<TITLE>Bookmarks</TITLE>',
        '<H1>Bookmarks</H1>',
        '<DL><p>',
        '    <DT><A HREF="https://example.org/a" ADD_DATE="1767603600" LAST_MODIFIED="1767603600" TAGS="sqlite,storage">Write-Ahead Logging</A>',
        '    <DD>Readers &amp; a writer.',
        'Second line.',
        // No title of its own: the fetched page's.
        '    <DT><A HREF="https://www.example.org/b" ADD_DATE="1767603601" LAST_MODIFIED="1767603601">Page B</A>',
        '    <DT><A HREF="https://example.org/x?q=1&amp;r=2" ADD_DATE="1767603602" LAST_MODIFIED="1767603602" TAGS="c#,rd">&lt;script&gt;&quot;quotes&quot; &amp; more&lt;/script&gt;</A>',
        '    <DD>&lt;b&gt;not bold&lt;/b&gt;',
        '</DL><p>',
        '',
      ].join('\n'),
    );
  });
});

describe('GET /v1/export?format=csv', () => {
  it('writes RFC 4180: a header row, one link a CRLF row, tags joined, cells quoted where they must be', async () => {
    t = await createTestApp();
    await seed(t);
    const res = await t.request('GET', '/v1/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="linkletter-2026-01-05.csv"');
    const rows = (await res.text()).split('\r\n');
    expect(rows[0]).toBe('id,url,title,note,tags,created,updated,status,source,kind,section,issue,credit_name,credit_url,submitter,canonical_key,page_title,page_description,site_name,enrichment');
    expect(rows.slice(1).join('\r\n')).toBe(
      [
        '1,https://example.org/a,Write-Ahead Logging,"Readers & a writer.\nSecond line.","sqlite,storage",2026-01-05T09:00:00.000Z,2026-01-05T09:00:00.000Z,approved,editor,,,1,D. R. Hipp,https://example.org/drh,editor-token,example.org/a,,,,pending',
        '2,https://www.example.org/b,,,,2026-01-05T09:00:01.000Z,2026-01-05T09:00:01.000Z,approved,editor,video,Links,,,,editor-token,example.org/b,Page B,About B,Example,done',
        '',
      ].join('\r\n'),
    );
  });

  it('guards against formula injection: a cell starting with = + - @, a tab or a CR gets a leading quote', async () => {
    expect(['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\rx', 'plain', "'quoted", 'a=b', ''].map(csvCell)).toEqual([
      "'=1+1",
      "'+cmd",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
      'plain',
      "'quoted",
      'a=b',
      '',
    ]);
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');

    t = await createTestApp();
    await t.createLink({ url: 'https://example.org/f', title: '=HYPERLINK("http://evil.example","click")', blurb: '@me -- +1', tags: ['x'] });
    const [, row] = (await (await t.request('GET', '/v1/export?format=csv')).text()).split('\r\n');
    expect(row).toMatch(/^1,https:\/\/example\.org\/f,"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)",'@me -- \+1,x,/);
  });
});

describe('GET /v1/export, otherwise', () => {
  it('answers an unknown format with a 400 naming it, HEAD with the headers alone', async () => {
    t = await createTestApp();
    const res = await t.request('GET', '/v1/export?format=xml');
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors[0].path).toBe('format');
    const head = await t.request('HEAD', '/v1/export?format=csv');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-disposition')).toBe('attachment; filename="linkletter-2026-01-05.csv"');
    expect(await head.text()).toBe('');
  });

  it('needs an editor: 401 without a token, 403 for a submitter, 200 for an admin', async () => {
    t = await createTestApp();
    expect((await t.request('GET', '/v1/export', { token: null })).status).toBe(401);
    expect((await t.request('GET', '/v1/export', { token: 'garbage' })).status).toBe(401);
    expect((await t.request('GET', '/v1/export', { token: t.tokens.submitter })).status).toBe(403);
    const admin = await t.request('GET', '/v1/export', { token: t.tokens.admin });
    expect(admin.status).toBe(200);
    await admin.text();
  });
});
