import type { Client } from './prism-exchanges.js';

/**
 * The submission form's pages through Prism: the form (prefilled and with a query it cannot
 * use), its script, a form post answered 303 or with the form again (422, as HTML), and the
 * receipt page it leads to, found and not. Posts carry the editor's token (the client's
 * default), which no rate limit counts, so what other scenarios sent does not matter here.
 */
const BROWSER = { Accept: 'text/html' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', ...BROWSER };

export async function submitPageScenarios(c: Client): Promise<void> {
  await c.send('GET', '/submit', { token: null, expect: 200 });
  await c.send('GET', `/submit?url=${encodeURIComponent('https://example.org/prism/submit')}&title=${encodeURIComponent('"><b>Prism</b>')}`, { token: null, headers: BROWSER, expect: 200 });
  await c.send('GET', '/submit?url=javascript:alert(1)&title=%00', { token: null, expect: 200 });
  await c.send('GET', '/submit.js', { token: null, expect: 200 });

  const posted = await c.send('POST', '/v1/submissions', { raw: new URLSearchParams({ url: 'https://example.org/prism/form', note: 'From the form', website: '' }).toString(), headers: FORM, expect: 303, direct: 'Prism follows the redirect itself and answers with the page it leads to' });
  await c.send('POST', '/v1/submissions', { raw: 'url=https://example.org/prism/form&email=not-an-email', headers: FORM, expect: 422 });
  const receiptPage = posted.headers.get('location') ?? '/submissions/missing';
  await c.send('GET', receiptPage, { token: null, headers: BROWSER, expect: 200 });
  await c.send('GET', receiptPage, { token: null, expect: 200 });
  await c.send('GET', `/submissions/${'A'.repeat(43)}`, { token: null, headers: BROWSER, expect: 404 });
  await c.send('GET', '/submissions/unknown', { token: null, expect: 404 });
}
