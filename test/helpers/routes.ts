import { createTestApp, type TestApp } from './test-app.js';

/**
 * Shared pieces for tests that walk the app's whole route table (fuzzing, guards, OpenAPI
 * coverage), so a route added later is picked up by all of them at once.
 */

/** One entry of the route table: an HTTP method and a Hono path pattern such as `/v1/links/:id`. */
export type Route = { method: string; path: string };

/** `"METHOD /path/:param"`: the name a route goes by in the tables below and in test titles. */
export const key = (r: Route) => `${r.method} ${r.path}`;

/** Whether requests with this method normally carry a JSON body. */
export const hasBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH';

/** Bodies that pass validation, by route key; a body route not listed here gets `{}`. */
export const VALID_BODIES: Record<string, unknown> = {
  'POST /v1/links': { url: 'https://example.org/post', title: 'A post' },
  'PATCH /v1/links/:id': { title: 'A new title' },
  'PUT /v1/links/:id/tags': { tags: ['sqlite'] },
  'POST /v1/links/:id/tags': { tags: ['sqlite'] },
  'PATCH /v1/tags/:name': { name: 'databases' },
  'POST /v1/tokens': { name: 'new-token', role: 'editor' },
  'PATCH /v1/newsletter': { intro: 'A new intro.' },
  'PUT /v1/newsletter': {
    name: 'N',
    greeting: 'Hi',
    intro: '',
    submissionCall: '',
    signoff: 'Bye',
    baseUrl: 'https://news.example.org',
    sections: [{ name: 'Links', featured: false }],
  },
  'POST /v1/issues': { date: '2026-01-02', subject: 'S' },
  'PATCH /v1/issues/:number': { subject: 'S2' },
  'PUT /v1/issues/:number/sections': [{ name: 'Links', featured: false, items: [] }],
  'POST /v1/issues/:number/items': { linkId: 1, section: 'Links' },
  'PATCH /v1/issues/:number/items/:linkId': { title: 'T' },
  'POST /v1/issues/:number/assemble': {},
  'POST /v1/submissions': { url: 'https://example.org/submitted' },
  'PUT /v1/moderation/rules': { blockedDomains: [], trustedDomains: [], maxLinksInNote: 2 },
  'PUT /v1/moderation/reasons': { reasons: [] },
  'POST /v1/links/bulk': { ids: [1], action: 'approve' },
  'POST /v1/issues/import': '---\ntitle: 2025-03-07\n---\n\n# Imported\n\n---\n\n## Links\n- [Old](https://example.org/old) - From the archive.\n',
};

/** The media type of each body in VALID_BODIES that is not JSON (sent as it is, not stringified). */
export const BODY_TYPES: Record<string, string> = { 'POST /v1/issues/import': 'text/markdown' };

/** A valid body as sent: its text and Content-Type. */
export function validBody(route: Route): { text: string; contentType: string } {
  const body = VALID_BODIES[key(route)] ?? {};
  const contentType = BODY_TYPES[key(route)];
  return contentType ? { text: body as string, contentType } : { text: JSON.stringify(body), contentType: 'application/json' };
}

/** A plausible value for each path parameter name; an unlisted name gets `sqlite`. */
export const SAMPLE_PARAMS: Record<string, string> = { id: '1', number: '1', tag: 'sqlite', name: 'sqlite', file: 'swagger-ui.css' };

/**
 * A concrete URL for a route pattern: `:id` → `1`, `:tag`/`:name` → `sqlite`.
 * `fill`, when given, is asked first for each parameter in order and its answer is used as is
 * (not encoded); where it answers `undefined` the percent-encoded sample value is used.
 */
export const concrete = (path: string, fill?: (name: string) => string | undefined) =>
  path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => fill?.(name) ?? encodeURIComponent(SAMPLE_PARAMS[name] ?? 'sqlite'));

/** The OpenAPI spelling of a route pattern: `/v1/links/:id` → `/v1/links/{id}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The app's route table: one entry per method and path, without `ALL` middleware. */
export function routeTable(app: TestApp['app']): Route[] {
  const seen = new Map<string, Route>();
  for (const { method, path } of app.routes) {
    if (method === 'ALL') continue;
    const route = { method, path };
    seen.set(key(route), route);
  }
  return [...seen.values()];
}

/** The route table of a throwaway test app (the table does not depend on the database), e.g. to name tests. */
export async function readRouteTable(): Promise<Route[]> {
  const t = await createTestApp();
  try {
    return routeTable(t.app);
  } finally {
    t.close();
  }
}
