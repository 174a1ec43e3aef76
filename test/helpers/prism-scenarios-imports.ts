import type { Client } from './prism-exchanges.js';

/**
 * The bookmark imports (and the export, restored) through Prism: uploads in the content types the document declares, the
 * query's options, an import's state and the list, and each operation's own errors. Run last:
 * the imports go on in the server's background, adding links.
 */
const NETSCAPE = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p>
    <DT><H3>Prism</H3>
    <DL><p>
        <DT><A HREF="https://example.org/prism/imported" ADD_DATE="1600000000" TAGS="contracts">Imported &amp; checked</A>
        <DD>A bookmark that came in through the proxy.
    </DL><p>
</DL><p>
`;

export async function importScenarios(c: Client): Promise<void> {
  const imported = await c.json('POST', '/v1/imports', { raw: NETSCAPE, contentType: 'text/html', expect: 202 });
  await c.send('POST', '/v1/imports?format=urls&status=pending&dryRun=true', { raw: 'https://example.org/prism/listed\n', contentType: 'text/plain', expect: 202 });
  await c.send('POST', '/v1/imports', { json: [{ href: 'https://example.org/prism/pinned', description: 'Pinned', tags: 'prism', time: '2020-01-01T00:00:00Z' }], expect: 202 });
  await c.send('POST', '/v1/imports', { raw: 'url,title\nhttps://example.org/prism/csv,CSV\n', contentType: 'text/csv', expect: 202 });
  await c.send('POST', '/v1/imports?format=urls', { raw: 'https://example.org/prism/bytes\n', contentType: 'application/octet-stream', expect: 202 });
  await c.send('POST', '/v1/imports', { raw: 'just some words', contentType: 'text/plain', expect: 422 }); // no format to tell
  await c.send('POST', '/v1/imports', { json: { linkletter: { version: 2 }, links: [] }, expect: 422 }); // a version this code does not read
  await c.send('POST', '/v1/imports?format=xml', { raw: NETSCAPE, contentType: 'text/html', expect: 400, invalid: true });
  await c.send('POST', '/v1/imports?colour=red', { raw: NETSCAPE, contentType: 'text/html', expect: 400 }); // unknown query parameters are refused

  await c.send('GET', `/v1/imports/${imported.id}`, { expect: 200 });
  await c.send('GET', '/v1/imports/999999', { expect: 404 });
  await c.send('GET', '/v1/imports/abc', { expect: 400, invalid: true });

  // Everything out, in each format; the JSON dump comes back in as a restore (merged: the database has links).
  const dump = await (await c.send('GET', '/v1/export', { expect: 200 })).text();
  await c.send('GET', '/v1/export?format=netscape', { expect: 200 });
  await c.send('GET', '/v1/export?format=csv', { expect: 200 });
  await c.send('GET', '/v1/export?format=pdf', { expect: 400, invalid: true });
  await c.send('POST', '/v1/imports?format=linkletter&dryRun=true', { raw: dump, contentType: 'application/json', expect: 202 });

  const { nextCursor } = await c.json('GET', '/v1/imports?limit=1', { expect: 200 });
  await c.send('GET', `/v1/imports?limit=1&cursor=${encodeURIComponent(nextCursor)}`, { expect: 200 });
  await c.send('GET', '/v1/imports?cursor=not-a-cursor', { expect: 400 });
  await c.send('GET', '/v1/imports?limit=0', { expect: 400, invalid: true });
}
