import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { allLinks, byUrl, fixture, importFile } from './helpers.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const at = (record: number, line: number, message: unknown = expect.any(String)) => expect.objectContaining({ record, line, message });

describe('importing the other tools’ exports, each told from its content', () => {
  it('reads Pinboard JSON: description is the title, extended the note, tags split on spaces, time the date', async () => {
    t = await createTestApp();
    const report = await importFile(t, fixture('pinboard.json'), { type: 'application/json' });
    expect(report).toMatchObject({ format: 'pinboard', total: 6, counts: { created: 4, merged: 0, skipped: 0, invalid: 2 } });
    expect(report.problems).toEqual([at(3, 3, 'no URL'), at(4, 4, expect.stringContaining('yesterday-ish')), at(5, 5, 'the record is not a JSON object')]);
    const links = byUrl(await allLinks(t));
    expect(links.get('https://www.sqlite.org/lang_with.html')).toMatchObject({
      title: 'The WITH Clause',
      blurb: 'Recursive CTEs, with examples.',
      tags: ['recursion', 'sql', 'sqlite'],
      createdAt: '2019-03-04T12:30:00.000Z',
    });
    expect(links.get('https://example.org/pin/second')).toMatchObject({ title: 'Second & last', blurb: null, tags: [], createdAt: '2018-11-20T08:00:00.000Z' });
    expect(links.get('https://example.org/pin/bad-date')).toMatchObject({ tags: ['dates'], createdAt: t.clock.now().toISOString() });
    expect(links.get('https://example.org/pin/unicode')).toMatchObject({ title: 'Ünïcödé ☃', tags: ['ünïcödé'] });
  });

  it('reads Raindrop CSV by its header: quoted commas and newlines, folder paths and tags as tags, ISO or Unix dates', async () => {
    t = await createTestApp();
    const report = await importFile(t, fixture('raindrop.csv'), { type: 'text/csv' });
    expect(report).toMatchObject({ format: 'raindrop', total: 4, counts: { created: 3, invalid: 1 } });
    expect(report.problems).toEqual([at(3, 5, 'no URL')]);
    const links = byUrl(await allLinks(t));
    expect(links.get('https://www.sqlite.org/about.html')).toMatchObject({
      title: 'Fast, small, reliable',
      blurb: 'My note, with a comma\nand a second line',
      tags: ['databases', 'embedded', 'sqlite', 'tech'],
      createdAt: '2021-08-26T12:15:25.000Z',
    });
    expect(links.get('https://example.org/raindrop/excerpt')).toMatchObject({ blurb: 'The page says "hello"', tags: [], createdAt: '2021-08-26T12:15:25.000Z' });
    expect(links.get('https://example.org/raindrop/quote')).toMatchObject({ title: 'Unclosed "quote', tags: ['reading'] });
  });

  it('reads Karakeep’s export: links with their tags, notes and dates; text notes are reported, not imported', async () => {
    t = await createTestApp();
    const report = await importFile(t, fixture('karakeep.json'), { type: 'application/json' });
    expect(report).toMatchObject({ format: 'karakeep', total: 3, counts: { created: 2, invalid: 1 } });
    expect(report.problems).toEqual([at(2, 12, 'a Karakeep text bookmark, not a link')]);
    const links = byUrl(await allLinks(t));
    expect(links.get('https://docs.karakeep.app/?ref=home')).toMatchObject({
      title: 'Karakeep docs',
      blurb: 'Where the API is described.',
      tags: ['bookmarks', 'self-hosted'],
      createdAt: '2023-11-14T22:13:20.000Z',
    });
    expect(links.get('https://example.org/karakeep/untitled')).toMatchObject({ tags: ['later'], createdAt: '2023-11-03T08:26:40.000Z' });
  });

  it('reads linkding’s API JSON (results, tag_names, date_added), its description and notes together as the blurb', async () => {
    t = await createTestApp();
    const report = await importFile(t, fixture('linkding.json'), { type: 'application/json' });
    expect(report).toMatchObject({ format: 'linkding', total: 2, counts: { created: 2, invalid: 0 }, problems: [] });
    const links = byUrl(await allLinks(t));
    expect(links.get('https://github.com/sissbruecker/linkding')).toMatchObject({
      title: 'linkding',
      blurb: 'Self-hosted bookmark manager\n\nIts **notes** are Markdown.',
      tags: ['bookmarks', 'self-hosted'],
      createdAt: '2020-09-26T09:46:23.006Z',
    });
    expect(links.get('https://example.org/linkding/second')).toMatchObject({ title: null, blurb: null, createdAt: '2021-01-02T03:04:05.000Z' });
    // A bare array of the same results is linkding too.
    const bare = JSON.stringify([{ url: 'https://example.org/linkding/third', title: 'Third', tag_names: ['x'], date_added: '2022-01-01T00:00:00Z' }]);
    expect(await importFile(t, bare)).toMatchObject({ format: 'linkding', counts: { created: 1 } });
  });

  it('reads linkding’s own Netscape export, with its "\\n\\r" line ends, TAGS and its notes between [linkding-notes] markers', async () => {
    t = await createTestApp();
    const file = [
      '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
      '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
      '<TITLE>Bookmarks</TITLE>',
      '<H1>Bookmarks</H1>',
      '<DL><p>',
      '<DT><A HREF="https://example.org/ld/1" ADD_DATE="1601113583" PRIVATE="1" TOREAD="0" TAGS="linkding:archived,self-hosted">One &amp; only</A>',
      '<DD>A description[linkding-notes]A note[/linkding-notes]',
      '<DT><A HREF="https://example.org/ld/2" ADD_DATE="1601113584" PRIVATE="0" TOREAD="1" TAGS="">Two</A>',
      '</DL><p>',
    ].join('\n\r');
    const report = await importFile(t, file);
    expect(report).toMatchObject({ format: 'netscape', total: 2, counts: { created: 2 } });
    const links = byUrl(await allLinks(t));
    expect(links.get('https://example.org/ld/1')).toMatchObject({ title: 'One & only', tags: ['linkding-archived', 'self-hosted'], blurb: 'A description\n\nA note' });
  });
});
