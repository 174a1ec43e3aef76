import type { OpenAPIHono } from '@hono/zod-openapi';
import { stringify } from 'yaml';
import { tokensRoutes } from './auth/tokens.routes.js';
import { docsRoutes } from './http/docs.routes.js';
import { createRouter, type AppEnv } from './http/router.js';
import { systemRoutes } from './http/system.routes.js';
import { issueItemsRoutes } from './issues/issue-items.routes.js';
import { issuesRoutes } from './issues/issues.routes.js';
import { linksRoutes } from './links/links.routes.js';
import { newsletterRoutes } from './newsletter/newsletter.routes.js';
import { siteRoutes } from './site/site.routes.js';
import { tagsRoutes } from './tags/tags.routes.js';

/**
 * Every route of the service, without the cross-cutting middleware that createApp adds.
 * Kept apart so the OpenAPI document can be generated without a database.
 */
export function createApi(): OpenAPIHono<AppEnv> {
  const api = createRouter();
  let yaml: string | undefined;
  api.route('/', systemRoutes(() => (yaml ??= openApiYaml(api))));
  api.route('/', docsRoutes());
  api.route('/', linksRoutes());
  api.route('/', tagsRoutes());
  api.route('/', tokensRoutes());
  api.route('/', newsletterRoutes());
  api.route('/', issuesRoutes());
  api.route('/', issueItemsRoutes());
  api.route('/', siteRoutes());
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token secret from `npm run cli -- token create`.',
  });
  return api;
}

export function openApiYaml(api: OpenAPIHono<AppEnv>): string {
  const document = api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'linkletter',
      version: '0.1.0',
      description:
        'Self-hosted link curation for newsletters. Errors are application/problem+json (RFC 9457). ' +
        'Routes that show a lock need `Authorization: Bearer <secret>`.',
    },
  });
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}
