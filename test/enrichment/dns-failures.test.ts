import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createPageFetcher, FetchError } from '../../src/enrichment/fetch-page.js';

// A name that does not exist will not exist on the next try either; a resolver that did not
// answer (EAI_AGAIN, SERVFAIL, a timeout) may well answer next time, so that one is retried.

const failingLookup = (code: string): LookupFunction =>
  ((_host: string, _options: unknown, callback: (err: NodeJS.ErrnoException) => void) => {
    callback(Object.assign(new Error(`lookup failed: ${code}`), { code }));
  }) as unknown as LookupFunction;

async function failure(code: string): Promise<FetchError> {
  const fetcher = createPageFetcher({ allowPrivate: true, timeoutMs: 2000, lookup: failingLookup(code) });
  try {
    await fetcher('http://some-host.example/page');
    throw new Error('the fetch succeeded');
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  } finally {
    await fetcher.close();
  }
}

describe('DNS failures', () => {
  it.each(['EAI_AGAIN', 'ESERVFAIL', 'ETIMEOUT'])('retries a temporary one (%s)', async (code) => {
    expect(await failure(code)).toMatchObject({ category: 'dns failure', retryable: true });
  });

  it.each(['ENOTFOUND', 'ENODATA'])('gives up on a name that does not exist (%s)', async (code) => {
    expect(await failure(code)).toMatchObject({ category: 'dns failure', retryable: false });
  });
});
