import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let saved: unknown;
beforeEach(async () => {
  t = await createTestApp();
  const res = await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER });
  expect(res.status).toBe(200);
  saved = await res.json();
});
afterEach(async () => {
  await t.close();
});

describe('PATCH /v1/newsletter', () => {
  it('changes only the settings sent', async () => {
    const res = await t.request('PATCH', '/v1/newsletter', { body: { intro: 'A new intro.', signoff: '' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...(saved as object), intro: 'A new intro.', signoff: '' });
    expect(await (await t.request('GET', '/v1/newsletter')).json()).toEqual({ ...(saved as object), intro: 'A new intro.', signoff: '' });
  });

  it('refuses unknown fields and invalid values with 422, changing nothing', async () => {
    for (const body of [{ nmae: 'typo' }, { sections: [] }, { baseUrl: 'ftp://x' }]) {
      const res = await t.request('PATCH', '/v1/newsletter', { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      await problemOf(res);
    }
    expect(await (await t.request('GET', '/v1/newsletter')).json()).toEqual(saved);
  });
});
