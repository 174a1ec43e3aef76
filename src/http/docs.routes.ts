import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import { DOCS_CSP } from './csp.js';
import type { AppEnv } from './router.js';

/**
 * The interactive API reference: Swagger UI, served from our own node_modules so the
 * page works with no internet access (no CDN).
 */
const require = createRequire(import.meta.url);
const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const assets: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
};

const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>linkletter API reference</title>
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

const init = `window.ui = SwaggerUIBundle({
  url: '/openapi.yaml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
  validatorUrl: null
});
`;

export function docsRoutes() {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, Buffer>();

  app.get('/docs', (c) => c.html(page, 200, { 'Content-Security-Policy': DOCS_CSP }));

  app.get('/docs/assets/:file', async (c) => {
    const name = c.req.param('file');
    if (name === 'init.js') return c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
    const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
    if (!asset) return c.notFound();
    let data = cache.get(name);
    if (!data) {
      data = await readFile(path.join(SWAGGER_DIR, asset.file));
      cache.set(name, data);
    }
    return c.body(new Uint8Array(data), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' });
  });

  return app;
}
