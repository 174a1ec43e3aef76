import { afterEach, describe, expect, it } from 'vitest';
import { netscapeFileText } from '../../bench/bookmark-file.js';
import { cleanUrl } from '../../src/links/canonical-url.js';
import { importedTagName } from '../../src/imports/import-record.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { allLinks, importFile } from './helpers.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('a generated 10,000-bookmark Netscape file', () => {
  it('imports every page once, with every tag (TAGS and folders) and its earliest date', async () => {
    t = await createTestApp();
    const { text, entries } = netscapeFileText(10_000, 11);
    // What the file says of each page, merged by canonical key.
    const expected = new Map<string, { tags: Set<string>; date: number | null; url: string }>();
    for (const entry of entries) {
      const key = cleanUrl(entry.url);
      if (!key.ok) throw new Error(entry.url);
      const page = expected.get(key.value.canonicalKey) ?? { tags: new Set<string>(), date: null, url: key.value.url };
      for (const tag of [...entry.tags, ...entry.folders]) page.tags.add(importedTagName(tag)!);
      if (entry.addDate !== null && (page.date === null || entry.addDate < page.date)) page.date = entry.addDate;
      expected.set(key.value.canonicalKey, page);
    }
    expect(expected.size).toBeLessThan(10_000); // the file saves some pages twice

    const report = await importFile(t, text, { type: 'text/html' });
    expect(report).toMatchObject({ status: 'done', total: 10_000, processed: 10_000, problemCount: 0 });
    expect(report.counts.created).toBe(expected.size);
    expect(report.counts.created + report.counts.merged + report.counts.skipped).toBe(10_000);

    const links = await allLinks(t);
    expect(links).toHaveLength(expected.size);
    for (const link of links) {
      const page = expected.get(link.canonicalKey)!;
      expect(link.url).toBe(page.url);
      expect(new Set(link.tags)).toEqual(page.tags);
      expect(link.createdAt).toBe(page.date === null ? t.clock.now().toISOString() : new Date(page.date * 1000).toISOString());
      expect(link.title).toMatch(/^\w+ & \w+ <notes> #\d+$/);
    }
  }, 120_000);
});
