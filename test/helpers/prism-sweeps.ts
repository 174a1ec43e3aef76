import { DESIGN_NEWSLETTER } from './design-example.js';
import { OPERATIONS, type Client } from './prism-exchanges.js';

/**
 * The error paths every operation shares, sent to each one in turn: 401 without a token or
 * with an unknown one, 403 for the role below the one it needs (where a token is optional:
 * the anonymous request succeeds, and only a bad token is a 401), 413 for a body over 64 KiB
 * (over IMPORT_MAX_BYTES for an upload: the server under test sets it to 64 KiB), 415 for a
 * body that is not JSON, 400 for malformed JSON. A request per operation, so the
 * sample table must name every operation of openapi.yaml (the test checks that it does).
 */

export type Tokens = { admin: string; editor: string; submitter: string };


/**
 * A request each operation takes (a valid body where it has one), on what the README
 * walkthrough leaves behind: link 1, in issue 1, published, tagged `sqlite`, token `me`.
 */
export const SAMPLES: Record<string, { path: string; json?: unknown; raw?: string; contentType?: string }> = {
  getHealth: { path: '/healthz' },
  getReadiness: { path: '/readyz' },
  getOpenApiDocument: { path: '/openapi.yaml' },
  createLink: { path: '/v1/links', json: { url: 'https://example.org/sample' } },
  listLinks: { path: '/v1/links' },
  getLink: { path: '/v1/links/1' },
  updateLink: { path: '/v1/links/1', json: { title: 'A title' } },
  deleteLink: { path: '/v1/links/1' },
  refreshLink: { path: '/v1/links/1/refresh' },
  replaceLinkTags: { path: '/v1/links/1/tags', json: { tags: ['sqlite'] } },
  addLinkTags: { path: '/v1/links/1/tags', json: { tags: ['sqlite'] } },
  removeLinkTag: { path: '/v1/links/1/tags/sqlite' },
  listTags: { path: '/v1/tags' },
  renameTag: { path: '/v1/tags/sqlite', json: { name: 'databases' } },
  deleteTag: { path: '/v1/tags/sqlite' },
  listTokens: { path: '/v1/tokens' },
  createToken: { path: '/v1/tokens', json: { name: 'sample', role: 'editor' } },
  revokeToken: { path: '/v1/tokens/me' },
  getNewsletter: { path: '/v1/newsletter' },
  replaceNewsletter: { path: '/v1/newsletter', json: DESIGN_NEWSLETTER },
  updateNewsletter: { path: '/v1/newsletter', json: { intro: 'A new intro.' } },
  createIssue: { path: '/v1/issues', json: { date: '2026-12-04', subject: 'A subject' } },
  listIssues: { path: '/v1/issues' },
  getIssue: { path: '/v1/issues/1' },
  updateIssue: { path: '/v1/issues/1', json: { subject: 'A subject' } },
  deleteIssue: { path: '/v1/issues/1' },
  checkIssue: { path: '/v1/issues/1/check' },
  publishIssue: { path: '/v1/issues/1/publish' },
  unpublishIssue: { path: '/v1/issues/1/unpublish' },
  replaceIssueLayout: { path: '/v1/issues/1/sections', json: [{ name: 'Tools', featured: false, items: [{ linkId: 1 }] }] },
  addIssueItem: { path: '/v1/issues/1/items', json: { linkId: 1, section: 'Tools' } },
  updateIssueItem: { path: '/v1/issues/1/items/1', json: { title: 'A title' } },
  removeIssueItem: { path: '/v1/issues/1/items/1' },
  assembleIssue: { path: '/v1/issues/1/assemble', json: {} },
  importIssue: { path: '/v1/issues/import', raw: '---\ntitle: 2024-01-05\n---\n\n# Sample\n\n---\n\n## Links\n- [Sample](https://example.org/sample-import)\n', contentType: 'text/markdown' },
  createIssuePreview: { path: '/v1/issues/1/preview', json: { days: 7 } },
  revokeIssuePreview: { path: '/v1/issues/1/preview' },
  getHomePage: { path: '/' },
  getFavicon: { path: '/favicon.svg' },
  getArchivePage: { path: '/issues' },
  getIssuePage: { path: '/issues/1' },
  getIssuePreviewPage: { path: '/preview/unknown' },
  getRssFeed: { path: '/feed.xml' },
  getAtomFeed: { path: '/feed.atom' },
  getJsonFeed: { path: '/feed.json' },
  submitLink: { path: '/v1/submissions', json: { url: 'https://example.org/submitted' } },
  getSubmissionChallenge: { path: '/v1/submissions/challenge' },
  getSubmissionReceipt: { path: '/v1/submissions/unknown' },
  getModerationRules: { path: '/v1/moderation/rules' },
  putModerationRules: { path: '/v1/moderation/rules', json: { blockedDomains: [], trustedDomains: [], maxLinksInNote: 2 } },
  getModerationReasons: { path: '/v1/moderation/reasons' },
  putModerationReasons: { path: '/v1/moderation/reasons', json: { reasons: [] } },
  getLinkHistory: { path: '/v1/links/1/history' },
  bulkLinks: { path: '/v1/links/bulk', json: { ids: [1], action: 'approve' } },
  getSubmitPage: { path: '/submit' },
  getSubmitScript: { path: '/submit.js' },
  getSubmissionReceiptPage: { path: '/submissions/unknown' },
  createBackup: { path: '/v1/admin/backup' },
  listBackups: { path: '/v1/admin/backups' },
  getBackup: { path: '/v1/admin/backups/linkletter-2020-01-01T00-00-00-000Z.db' },
  createImport: { path: '/v1/imports', json: [{ href: 'https://example.org/sample', description: 'A sample' }] },
  getImport: { path: '/v1/imports/1' },
  listImports: { path: '/v1/imports' },
  exportEverything: { path: '/v1/export' },
};

/** Operations whose body is a file of any type: a form is what they refuse with 415, and broken JSON is a file they cannot read (422). */
const FILE_BODIES = new Set(['createImport']);

const PADDING = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });

export async function sweepSharedErrors(c: Client, tokens: Tokens): Promise<void> {
  for (const op of OPERATIONS) {
    const sample = SAMPLES[op.operationId];
    if (!sample) continue; // the test names the operations without a sample
    const { method } = op;
    const needs = op.template.startsWith('/v1/tokens') || op.template.startsWith('/v1/admin/') ? tokens.admin : tokens.editor;
    const body = { json: sample.json, raw: sample.raw, contentType: sample.contentType };
    if (op.tokenOptional) {
      // No token is a request like any other; a token that is sent must be valid. No role is too low.
      const success = Number(op.statuses.find((s) => s.startsWith('2')));
      await c.send(method, sample.path, { token: null, ...body, expect: success });
      await c.send(method, sample.path, { token: `ll_${'A'.repeat(43)}`, ...body, expect: 401 });
    }
    if (op.guarded) {
      await c.send(method, sample.path, { token: null, ...body, expect: 401, invalid: true });
      // Well formed, so Prism sees nothing wrong with the request: only the server knows it.
      await c.send(method, sample.path, { token: `ll_${'A'.repeat(43)}`, ...body, expect: 401 });
      if (op.operationId === 'createLink') {
        // A submitter may add links, but only pending ones.
        await c.send(method, sample.path, { token: tokens.submitter, json: { url: 'https://example.org/sample', status: 'approved' }, expect: 403 });
      } else {
        await c.send(method, sample.path, { token: needs === tokens.admin ? tokens.editor : tokens.submitter, ...body, expect: 403 });
      }
    }
    // An upload's limit is the server's setting, not the document's: for Prism that request is valid.
    if (op.statuses.includes('413')) await c.send(method, sample.path, { token: needs, raw: PADDING, expect: 413, invalid: !FILE_BODIES.has(op.operationId) });
    const takesFile = FILE_BODIES.has(op.operationId);
    if (op.statuses.includes('415')) {
      const contentType = takesFile ? 'multipart/form-data; boundary=x' : 'text/plain';
      await c.send(method, sample.path, { token: needs, raw: 'hello', contentType, expect: 415, invalid: true });
    }
    if (takesFile) {
      await c.send(method, sample.path, { token: needs, raw: '{"oops":', expect: 422, direct: 'Prism answers malformed JSON itself' });
    } else if (op.takesJson) {
      // Prism parses a JSON body before it forwards it, and answers malformed JSON itself
      // (stoplightio/prism#2664), so this one goes to the server and is checked by contract.ts.
      await c.send(method, sample.path, { token: needs, raw: '{"oops":', expect: 400, invalid: true, direct: 'Prism answers malformed JSON itself' });
    }
  }
}

/**
 * Whether Prism still answers malformed JSON itself (with its own JSON error, not the server's
 * problem+json), which is why the 400s above go straight to the server.
 */
export async function prismAnswersMalformedJson(proxy: string, token: string): Promise<boolean> {
  const res = await fetch(`${proxy}/v1/links`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"oops":' });
  await res.arrayBuffer();
  return res.status === 400 && !res.headers.get('content-type')?.startsWith('application/problem+json');
}
