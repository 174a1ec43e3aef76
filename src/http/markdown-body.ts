/**
 * Routes whose body is a Markdown file rather than JSON (a past issue to import): app.ts lets
 * `text/markdown` through to them, with a larger limit, since an issue of a thousand items
 * is well over the 64 KiB that JSON bodies get.
 */
export const MARKDOWN_ROUTES: ReadonlySet<string> = new Set(['/v1/issues/import']);
export const MARKDOWN_TYPE = /^text\/markdown$/i;
export const MAX_MARKDOWN_BYTES = 1024 * 1024;

/** The media type of a Content-Type header, without its parameters. */
export const mediaTypeOf = (header: string | undefined) => (header ?? '').split(';')[0]!.trim();

/** Whether a request sends a Markdown file to a route that takes one. */
export function isMarkdownUpload(method: string, path: string, contentType: string | undefined): boolean {
  return method === 'POST' && MARKDOWN_ROUTES.has(path) && MARKDOWN_TYPE.test(mediaTypeOf(contentType));
}
