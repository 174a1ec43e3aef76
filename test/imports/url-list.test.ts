import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';
import { allLinks, importFile, upload } from './helpers.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('importing a plain list of URLs', () => {
  it('reads one URL a line, skips blank and # lines, takes the rest of a line as the title, and names the line of each bad one', async () => {
    t = await createTestApp();
    const list = ['# my reading list', 'https://example.org/a', '', '  https://example.org/b\tThe B page  ', 'not a url', 'http://example.org/a/', 'ftp://example.org/c', 'https://example.org/d'].join('\r\n');
    const report = await importFile(t, list, { type: 'text/plain' });
    expect(report).toMatchObject({ status: 'done', format: 'urls', total: 6, counts: { created: 3, merged: 0, skipped: 1, invalid: 2 } });
    expect(report.problems).toEqual([
      { record: 3, line: 5, message: expect.stringContaining('is not a URL'), url: 'not' },
      { record: 5, line: 7, message: expect.stringContaining('Only http and https'), url: 'ftp://example.org/c' },
    ]);
    const links = await allLinks(t);
    expect(links.map((l) => [l.url, l.title])).toEqual([
      ['https://example.org/a', null],
      ['https://example.org/b', 'The B page'],
      ['https://example.org/d', null],
    ]);
  });

  it('answers GET /v1/imports/{id} with 404 for an import that is not there', async () => {
    t = await createTestApp();
    const res = await t.request('GET', '/v1/imports/42');
    expect(res.status).toBe(404);
    expect((await problemOf(res)).detail).toBe('There is no import 42.');
  });

  it('says what it could not tell, with a 422, for a file in no format it reads', async () => {
    t = await createTestApp();
    const res = await upload(t, 'hello, this is just text\nwith no links\n', { type: 'text/plain' });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors).toEqual([{ path: 'body', code: 'unknown_format', message: expect.stringContaining('?format=') }]);
    // Forced, the same text is a list of two bad URLs.
    const forced = await importFile(t, 'hello, this is just text\nwith no links\n', { query: 'format=urls' });
    expect(forced.counts).toEqual({ created: 0, merged: 0, skipped: 0, invalid: 2 });
  });
});
