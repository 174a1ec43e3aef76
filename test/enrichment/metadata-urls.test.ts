import { describe, expect, it } from 'vitest';
import type { ExtractedMetadata } from '../../src/enrichment/extract-metadata.js';
import { isInternalUrl, withoutInternalUrls } from '../../src/enrichment/metadata-urls.js';

describe('isInternalUrl', () => {
  it.each([
    'http://127.0.0.1/i0.png',
    'http://127.1/i.png',
    'http://0x7f000001/i.png',
    'http://2130706433/i.png',
    'http://0177.0.0.1/i.png',
    'http://[::1]/f.ico',
    'http://[::ffff:127.0.0.1]/f.ico',
    'http://[::ffff:7f00:1]/f.ico',
    'http://10.0.0.5/x',
    'http://192.168.1.1/admin',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/x',
    'http://[fd00::1]/x',
    'http://0.0.0.0/x',
    'http://localhost/x',
    'http://LOCALHOST./x',
    'http://api.localhost:8080/x',
    'http://intranet/x',
    'http://printer.local/x',
    'http://db.internal/x',
    'http://nas.home.arpa/x',
    'http://box.lan/x',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'file:///etc/passwd',
    'not a url',
  ])('%s is internal', (url) => {
    expect(isInternalUrl(url)).toBe(true);
  });

  it.each(['https://example.org/i.png', 'https://cdn.example.com:8443/a/b.jpg', 'http://93.184.216.34/i.png', 'https://[2606:4700:4700::1111]/f.ico', 'https://localhost.example.org/x'])(
    '%s is not',
    (url) => {
      expect(isInternalUrl(url)).toBe(false);
    },
  );
});

describe('withoutInternalUrls', () => {
  const base: ExtractedMetadata = {
    title: 'T',
    description: null,
    siteName: null,
    image: null,
    favicon: null,
    author: null,
    publishedAt: null,
    canonicalUrl: null,
    type: 'article',
  };

  it('nulls an internal image, favicon and canonical URL, and keeps the rest', () => {
    const m = withoutInternalUrls({
      ...base,
      image: { url: 'http://127.0.0.1/i.png', width: 10, height: 10, alt: 'a' },
      favicon: 'http://[::1]/f.ico',
      canonicalUrl: 'http://localhost/c',
    });
    expect(m).toEqual(base);
  });

  it('leaves public ones alone', () => {
    const m = { ...base, image: { url: 'https://example.org/i.png', width: null, height: null, alt: null }, favicon: 'https://example.org/f.ico', canonicalUrl: 'https://example.org/c' };
    expect(withoutInternalUrls(m)).toEqual(m);
  });
});
