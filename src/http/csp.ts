/**
 * Content-Security-Policy header values, one per kind of page, so that two routes serving the
 * same kind of page cannot drift apart.
 */

/**
 * Rendered issues and the archive: our own HTML with no script at all. Styles are inline in
 * the page; images are whatever the editors linked, from anywhere.
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The API reference: Swagger UI runs a script and loads styles and fonts, all served from our
 * own origin (the page must work offline), and fetches openapi.yaml from it; nothing else.
 */
export const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The submission form (and the form page a failed post answers with): as PAGE_CSP, but the
 * form may post to our own origin. With proof of work on, the page runs one script, served
 * from our origin (/submit.js), which fetches a challenge from it; never an inline script.
 */
export const SUBMIT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
export const SUBMIT_POW_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
