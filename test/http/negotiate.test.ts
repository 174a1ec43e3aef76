import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acceptsGzip, preferredType } from '../../src/http/negotiate.js';

const OFFERED = ['application/json', 'text/markdown', 'text/html'] as const;
const pick = (accept: string | undefined) => preferredType(accept, OFFERED);

describe('preferredType', () => {
  it('answers undefined when nothing offered is asked for, so the caller picks its default', () => {
    expect(pick(undefined)).toBeUndefined();
    expect(pick('')).toBeUndefined();
    expect(pick('image/png, application/xml')).toBeUndefined();
  });

  it('takes the highest q-value, wherever it stands in the header', () => {
    expect(pick('text/html')).toBe('text/html');
    expect(pick('text/html;q=0.5, text/markdown;q=0.9')).toBe('text/markdown');
    expect(pick('application/json;q=0.1, text/html;q=0.2')).toBe('text/html');
    expect(pick('text/html;q=0.3, text/markdown')).toBe('text/markdown');
  });

  it('breaks ties by order in the header, not by order offered', () => {
    expect(pick('text/html, application/json')).toBe('text/html');
    expect(pick('text/markdown;q=0.5, text/html;q=0.5')).toBe('text/markdown');
    expect(preferredType('text/html, text/markdown', ['text/markdown', 'text/html'])).toBe('text/html');
  });

  it('excludes q=0 and unreadable q-values', () => {
    expect(pick('text/html;q=0')).toBeUndefined();
    expect(pick('text/html;q=0, text/markdown;q=0.1')).toBe('text/markdown');
    expect(pick('text/html;q=0.0')).toBeUndefined();
    expect(pick('text/html;q=')).toBeUndefined();
    expect(pick('text/html;q=high, application/json;q=0.01')).toBe('application/json');
    expect(pick('text/html;q=-1')).toBeUndefined();
  });

  it('skips types not offered, even when they rank higher', () => {
    expect(pick('image/webp, text/html;q=0.1')).toBe('text/html');
  });

  it('does not expand media ranges', () => {
    expect(pick('*/*')).toBeUndefined();
    expect(pick('text/*')).toBeUndefined();
    expect(pick('*/*;q=1, text/html;q=0.5')).toBe('text/html');
  });

  it('ignores case, whitespace and parameters other than q', () => {
    expect(pick('  TEXT/HTML ; charset=UTF-8 ')).toBe('text/html');
    expect(pick('text/markdown; variant=GFM; Q=0.9, text/html; q=0.8')).toBe('text/markdown');
    expect(preferredType('application/json', ['Application/JSON'])).toBe('Application/JSON');
  });

  it('answers for a browser as a browser expects', () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
    expect(pick(browser)).toBe('text/html');
  });

  it('never throws on malformed headers, and answers only what was offered', () => {
    for (const header of [',', ';;;', ';q=1', 'text/html;;q=1', ',,text/html,,', 'q=1', '\u0000', 'text/html;q=1e999', 'text/html;q=Infinity']) {
      expect(() => pick(header), header).not.toThrow();
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('text/html', 'text/markdown', ',', ';', 'q=', '0', '1', '.', ' ', '*', '/', 'a') }), fc.string(), (built, random) => {
        for (const header of [built, random]) {
          const type = pick(header);
          expect(type === undefined || OFFERED.includes(type)).toBe(true);
        }
      }),
    );
  });
});

describe('acceptsGzip', () => {
  it('is false without a header', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
  });

  it('takes gzip named with a q above 0', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('GZIP ; Q=0.001')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0.000')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
  });

  it('lets * cover gzip only when gzip is not named', () => {
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('br, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*;q=0, gzip')).toBe(true);
  });

  it('treats an unreadable q as not acceptable', () => {
    expect(acceptsGzip('gzip;q=')).toBe(false);
    expect(acceptsGzip('gzip;q=lots')).toBe(false);
  });

  it('never throws on malformed headers', () => {
    for (const header of [',', ';', ';q=1', 'gzip;;', ',,gzip,,', '\u0000', 'gzip;q=1e999']) {
      expect(() => acceptsGzip(header), header).not.toThrow();
    }
    fc.assert(fc.property(fc.string(), (header) => typeof acceptsGzip(header) === 'boolean'));
  });
});
