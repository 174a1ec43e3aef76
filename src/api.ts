import type { OpenAPIHono } from '@hono/zod-openapi';
import { stringify } from 'yaml';
import { tokensRoutes } from './auth/tokens.routes.js';
import { backupsRoutes } from './backups/backups.routes.js';
import { exportRoutes } from './exports/export.routes.js';
import { docsRoutes } from './http/docs.routes.js';
import { createRouter, type AppEnv } from './http/router.js';
import { systemRoutes } from './http/system.routes.js';
import { issueImportRoutes } from './issues/issue-import.routes.js';
import { issueItemsRoutes } from './issues/issue-items.routes.js';
import { importsRoutes } from './imports/imports.routes.js';
import { issuesRoutes } from './issues/issues.routes.js';
import { previewsRoutes } from './issues/previews.routes.js';
import { linkTagsRoutes } from './links/link-tags.routes.js';
import { linkModerationRoutes } from './links/link-moderation.routes.js';
import { linksRoutes } from './links/links.routes.js';
import { newsletterRoutes } from './newsletter/newsletter.routes.js';
import { siteRoutes } from './site/site.routes.js';
import { submitRoutes } from './site/submit.routes.js';
import { tagsRoutes } from './tags/tags.routes.js';
import { moderationRoutes } from './submissions/moderation.routes.js';
import { submissionsRoutes } from './submissions/submissions.routes.js';

/**
 * Every route of the service, without the cross-cutting middleware that createApp adds.
 * Kept apart so the OpenAPI document can be generated without a database.
 */
export function createApi(): OpenAPIHono<AppEnv> {
  const api = createRouter();
  let yaml: string | undefined;
  api.route('/', systemRoutes(() => (yaml ??= openApiYaml(api))));
  api.route('/', docsRoutes());
  api.route('/', linkModerationRoutes());
  api.route('/', linksRoutes());
  api.route('/', linkTagsRoutes());
  api.route('/', tagsRoutes());
  api.route('/', importsRoutes());
  api.route('/', exportRoutes());
  api.route('/', submissionsRoutes());
  api.route('/', moderationRoutes());
  api.route('/', tokensRoutes());
  api.route('/', backupsRoutes());
  api.route('/', newsletterRoutes());
  api.route('/', issueImportRoutes());
  api.route('/', issuesRoutes());
  api.route('/', issueItemsRoutes());
  api.route('/', previewsRoutes());
  api.route('/', siteRoutes());
  api.route('/', submitRoutes());
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
    tags: [
      { name: 'Links', description: 'Submitted pages: add, list, edit, tag; their metadata is fetched in the background.' },
      { name: 'Tags', description: 'Tag names with link counts: rename, merge, delete.' },
      { name: 'Imports', description: 'Bookmark files from browsers and other tools, and linkletter’s own exports, imported in the background; and everything out again (export).' },
      { name: 'Newsletter', description: 'The settings every issue starts from.' },
      { name: 'Issues', description: 'Numbered editions: layout, items, check, publish; rendered to Markdown, HTML and JSON.' },
      { name: 'Public', description: 'The archive, published issues and feeds: no token needed.' },
      { name: 'Submissions', description: 'Links sent by readers, with or without a submitter token: rate-limited, followed by a receipt.' },
      { name: 'Moderation', description: 'The queue’s tools: rules for the inflow, canned reasons, bulk actions and each link’s history.' },
      { name: 'Tokens', description: 'API credentials (admin only).' },
      { name: 'Admin', description: 'Operating the service: backups of its database (admin only).' },
      { name: 'System', description: 'Health, readiness and this document.' },
    ],
    servers: [{ url: 'http://127.0.0.1:8787', description: 'A server started with `npm start` (PORT and HOST change the address)' }],
  });
  addBodyLimitAnswers(document);
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}

type Document = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

/**
 * createApp refuses a body over 64 KiB on every method that may carry one (413), and a body
 * that is not JSON on POST, PUT and PATCH (415), whether or not the route reads a body: the
 * document says so on every such operation.
 */
function addBodyLimitAnswers(document: Document): void {
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const operation = item?.[method];
      if (!operation?.responses) continue;
      operation.responses['413'] ??= problem('Request body too large');
      if (method !== 'delete') operation.responses['415'] ??= problem('Request body is not JSON');
    }
  }
}
