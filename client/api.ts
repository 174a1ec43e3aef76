// The types of linkletter's API for openapi-fetch: import type { paths } from './api.js'.
// Generated from openapi.yaml by openapi-typescript (npm run client, or npm run openapi): do not edit.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is alive
         * @description Answers 200 as long as the process serves requests; it does not touch the database.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The database answers
         * @description Answers 200 when the database answers a query, 503 otherwise: what a load balancer should poll.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API’s OpenAPI document
         * @description The OpenAPI 3.1 document of every route, generated from the same schemas that validate requests.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/links/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything that happened to a link
         * @description Oldest first, up to 1000 events: created, submitted (again), status changes with their reason, edits, tags, issues, publication — each with who and when.
         */
        get: operations["getLinkHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/links/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve, reject, archive, tag, untag, delete or move many links at once
         * @description Up to 1000 ids in one transaction: all of it is written, or (on an error) none. Each id reports what happened: `done`, `unchanged`, `not_found`, `in_published_issue` (a published issue’s links keep their status and section) or `in_issue` (delete: remove it from its issue first).
         */
        post: operations["bulkLinks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List links
         * @description Newest first by default; `status=pending` (the moderation queue) oldest first; with words in `q`, by relevance. Pass `nextCursor` back as `cursor` for the next page; pages never skip or repeat a link, also while links are being added (a relevance walk ranks the links that existed on its first page).
         */
        get: operations["listLinks"];
        put?: never;
        /**
         * Add a link
         * @description Editors add approved links by default. A submitter token may submit too: its links are `pending`, with `source: submission`; its `section` is kept only when it names one of the newsletter’s sections, and its title, blurb and credit are shown as plain text.
         */
        post: operations["createLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/links/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a link
         * @description The link as the API shows it: editor fields, fetched metadata, enrichment state, tags and issue.
         */
        get: operations["getLink"];
        put?: never;
        post?: never;
        /**
         * Delete a link
         * @description Refused with 409 while the link is in an issue; remove it from the issue first. Tags no link carries any more go with it.
         */
        delete: operations["deleteLink"];
        options?: never;
        head?: never;
        /**
         * Edit a link
         * @description `null` clears a field. A new URL is checked for duplicates and the page is fetched again. Moderate with `status` (approve, reject, archive) and an optional `reason`.
         */
        patch: operations["updateLink"];
        trace?: never;
    };
    "/v1/links/{id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch the link’s page again
         * @description Queues a fresh fetch (replacing any queued one) and answers at once; watch `enrichment.status`.
         */
        post: operations["refreshLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/links/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace a link’s tags
         * @description Sets exactly these tags (normalised: lowercase, trimmed, spaces to `-`); tags no link carries any more are dropped.
         */
        put: operations["replaceLinkTags"];
        /**
         * Add tags to a link
         * @description Adds these tags to the ones the link has (normalised: lowercase, trimmed, spaces to `-`).
         */
        post: operations["addLinkTags"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/links/{id}/tags/{tag}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a tag from a link
         * @description 404 when the link does not carry the tag; a tag no link carries any more is dropped.
         */
        delete: operations["removeLinkTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tags with link counts
         * @description Every tag with the number of links that carry it, most used first or by name; `prefix` serves autocomplete.
         */
        get: operations["listTags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tags/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a tag from every link
         * @description Removes the tag from every link that carries it.
         */
        delete: operations["deleteTag"];
        options?: never;
        head?: never;
        /**
         * Rename a tag
         * @description Renaming onto an existing tag merges the two.
         */
        patch: operations["renameTag"];
        trace?: never;
    };
    "/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List imports
         * @description Newest first. Pass `nextCursor` back as `cursor` for the next page.
         */
        get: operations["listImports"];
        put?: never;
        /**
         * Import a bookmark file
         * @description The body is the file itself, of any content type (curl’s default for `--data-binary @file`, `application/x-www-form-urlencoded`, is taken as the file too; a multipart form is refused): a Netscape bookmark file (what browsers, linkding, Pinboard, Shaarli, Raindrop and Karakeep export), Pinboard JSON, Raindrop CSV, Karakeep JSON, linkding JSON, or a list of URLs one a line. Up to IMPORT_MAX_BYTES (default 100 MiB), streamed to disk and checked as it arrives; the 64 KiB limit of other bodies does not apply. The import then runs in the background: `202` with `Location`, and its progress at `GET /v1/imports/{id}`. Pages already known (by canonical key, in the file or in the database) are merged, never duplicated.
         */
        post: operations["createImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How an import stands
         * @description Its status, the counts so far, and the first 100 problems with their record and line numbers.
         */
        get: operations["getImport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export every link (and, as JSON, everything else)
         * @description Streams every link with its tags, metadata, status and issue, as an attachment (`linkletter-YYYY-MM-DD.json`, `.html`, `.csv`). `json` is the complete dump (a version header, the newsletter’s settings, moderation rules and reasons, tags, links, issues with their items and what each published issue served), which `POST /v1/imports` restores; never tokens, submitters’ emails or receipts. `netscape` is a bookmark file as browsers write it (tags in `TAGS`, dates in `ADD_DATE`, blurbs in `<DD>`); `csv` is RFC 4180 with a header row, a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with `'`. The export reads one snapshot of the database and never holds the write lock: writes go on meanwhile and are not in it.
         */
        get: operations["exportEverything"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a link (public)
         * @description Anyone may submit, with no token or with a `submitter` token. The answer is the same for a new page, one already known (any spelling of it) and one dropped as spam: `202` with a receipt. Rate-limited per client (`SUBMISSION_RATE` a minute, `SUBMISSION_DAILY` a day; a submitter token by its own daily quota); editors are never limited. When `SUBMISSION_POW_BITS` is set, `pow` must solve a fresh challenge. An HTML form may post the same fields (`application/x-www-form-urlencoded`, with `pow_challenge` and `pow_solution`): it is answered `303` to the receipt page, or, refused with a 400, 422 or 429, with the form again as an HTML page saying what to fix.
         */
        post: operations["submitLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A proof-of-work challenge (public)
         * @description Find any `solution` (up to 64 characters) such that SHA-256 of `challenge + ":" + solution` starts with `bits` zero bits, and send both as `pow` with one submission. A challenge serves one submission and expires after ten minutes. With `bits: 0` no proof is asked.
         */
        get: operations["getSubmissionChallenge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/submissions/{receipt}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where a submission stands (public)
         * @description Pending, approved, rejected or archived (with the editors’ public reason, if any), published (with the issue), or removed.
         */
        get: operations["getSubmissionReceipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The rules public submissions meet
         * @description Blocked and trusted domains, and how many links a submitter’s note may carry.
         */
        get: operations["getModerationRules"];
        /**
         * Replace the rules for public submissions
         * @description Blocked domains (dropped, still answered 202), trusted domains (approved at once), and how many links a note may carry. A domain covers its subdomains.
         */
        put: operations["putModerationRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/reasons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The canned reasons for approving, rejecting or archiving
         * @description Each with a `code` to name it by and whether the submitter sees it.
         */
        get: operations["getModerationReasons"];
        /**
         * Replace the canned reasons
         * @description `PATCH /v1/links/{id}` and the bulk actions take `reason: { code }` to use one. A public reason is shown on the submitter’s receipt.
         */
        put: operations["putModerationReasons"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tokens (never their secrets)
         * @description Every token with its role and when it was created, last used and revoked; secrets are never shown again.
         */
        get: operations["listTokens"];
        put?: never;
        /**
         * Create a token
         * @description The secret is in this response only; it is stored as a hash.
         */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a token
         * @description The token stops working at once; it stays listed, revoked.
         */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/backup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take a backup now
         * @description A consistent copy of the database file into the backup folder (BACKUP_DIR), checked with `PRAGMA integrity_check` before it is named; reads and writes go on meanwhile. The oldest backups beyond BACKUP_KEEP are removed. One at a time: 409 while another is being taken, and for an in-memory database.
         */
        post: operations["createBackup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/backups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the backups
         * @description The backups in the backup folder, newest first.
         */
        get: operations["listBackups"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/backups/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One backup
         * @description A backup in the backup folder by its name, as the list and the Location of a new one give it.
         */
        get: operations["getBackup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/newsletter": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The newsletter’s settings
         * @description The name, the texts every issue uses, the public base URL and the default sections.
         */
        get: operations["getNewsletter"];
        /**
         * Replace the newsletter’s settings
         * @description Empty `greeting`, `intro`, `submissionCall` or `signoff` leave that block out of issues. Published issues keep what they were published with.
         */
        put: operations["replaceNewsletter"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change some of the newsletter’s settings
         * @description Only the fields sent change; the others keep their values. `sections` replaces the whole list of default sections.
         */
        patch: operations["updateNewsletter"];
        trace?: never;
    };
    "/v1/issues/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a past issue from its Markdown
         * @description One issue in the newsletter Markdown format (as `GET /v1/issues/{number}.md` writes it), up to 1 MiB. The issue gets the file’s date, subject, greeting, intro, note, submission call, quote, sections and sign-off, all as its own texts, and one item per item line: the line’s page is matched by canonical key (an approved link in no issue is reused; one in another issue, or not approved, is a 409 naming the line) or created as an approved link with the line’s title, blurb and credit. A line off the item pattern is kept as the item’s own Markdown. The issue renders back to the very bytes sent. It is published with its date as `publishedAt` unless `draft=true`; `number` sets its number (409 if taken), else it takes the next. A file not in the format is a 422 naming the line.
         */
        post: operations["importIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List issues, newest first
         * @description Drafts and published issues, newest number first, with their item counts; page with `cursor`.
         */
        get: operations["listIssues"];
        put?: never;
        /**
         * Start an issue
         * @description Takes the next number and the newsletter’s default sections, empty.
         */
        post: operations["createIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an issue as JSON, Markdown or HTML
         * @description `/v1/issues/12.md` (text/markdown), `/v1/issues/12.html` (a standalone page) and `/v1/issues/12.json`; without a suffix the `Accept` header may ask for `text/markdown` or `text/html`. Drafts render too, for preview. A published issue answers with exactly what was published.
         */
        get: operations["getIssue"];
        put?: never;
        post?: never;
        /**
         * Delete a draft issue (its links become free again)
         * @description Only a draft can be deleted; its links are free to go into another issue.
         */
        delete: operations["deleteIssue"];
        options?: never;
        head?: never;
        /**
         * Edit an issue’s date, subject, note or quote
         * @description Changes the date, subject, note or quote of a draft; `null` clears the note or the quote. 409 for a published issue.
         */
        patch: operations["updateIssue"];
        trace?: never;
    };
    "/v1/issues/{number}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pre-publish check: errors and warnings
         * @description What publishing would say: errors (which stop it) and warnings (which stop it only with `strict=true`).
         */
        get: operations["checkIssue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues/{number}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish an issue
         * @description Refused (409, with the check) when the check finds errors, or with `?strict=true` warnings. Stores the rendered issue, so later edits to its links never change it.
         */
        post: operations["publishIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues/{number}/unpublish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reopen a published issue for a correction
         * @description The issue becomes a draft for the editors, while the public page and the feeds keep showing it as last published: a correction never takes an issue offline. Publishing it again replaces the public version and keeps its first `publishedAt` (its place in the feeds); `updatedAt` says when it was corrected.
         */
        post: operations["unpublishIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues/{number}/sections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace the whole ordered layout
         * @description What a drag-and-drop frontend saves: every section with its items, in order. Links left out are removed from the issue.
         */
        put: operations["replaceIssueLayout"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues/{number}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a link to an issue
         * @description Puts an approved link that is in no other issue into a section of a draft, at `position` or last; it may override the title, blurb or whole line.
         */
        post: operations["addIssueItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues/{number}/items/{linkId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a link from an issue
         * @description The link leaves the draft and is free again; the items after it move up.
         */
        delete: operations["removeIssueItem"];
        options?: never;
        head?: never;
        /**
         * Edit or move an item
         * @description `section` and `position` move it; `title`, `blurb`, `markdown` override the link’s (null clears an override).
         */
        patch: operations["updateIssueItem"];
        trace?: never;
    };
    "/v1/issues/{number}/assemble": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add every approved link that is in no issue
         * @description Oldest first, each into its own `section` (added to the issue if missing) or else the first non-featured section. Filters: `tags` (all of them), `since` (created at or after), `limit`. Running it again adds nothing new.
         */
        post: operations["assembleIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issues/{number}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a preview link for a draft
         * @description Anyone holding the link sees the draft as it would be published, marked as a draft and not indexed, until it expires (`days`, default 7), is revoked, or the issue is published. Asking again replaces the link; the token is shown only here.
         */
        post: operations["createIssuePreview"];
        /**
         * Revoke a draft’s preview link
         * @description The link stops working at once.
         */
        delete: operations["revokeIssuePreview"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The public home page (HTML)
         * @description The newsletter’s name and intro, its latest issues, and how to subscribe.
         */
        get: operations["getHomePage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/favicon.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The site’s icon
         * @description An SVG icon that every public page links to.
         */
        get: operations["getFavicon"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The archive: every published issue (HTML)
         * @description An HTML page listing every published issue, newest first, with links to the feeds.
         */
        get: operations["getArchivePage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/issues/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One published issue (HTML)
         * @description The issue as it was published, in the site’s page with links to the issues before and after it; a draft or unknown number is a 404 (an HTML page for a browser).
         */
        get: operations["getIssuePage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/preview/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A draft, through its preview link (HTML)
         * @description What POST /v1/issues/{number}/preview links to: the draft as it would be published, marked as a draft and not indexed. 404 once the link expired, was revoked, or the issue was published.
         */
        get: operations["getIssuePreviewPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feed.xml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published issues as RSS 2.0
         * @description The 20 newest published issues, each with its full content; answers 304 to a reader whose copy is current (ETag, Last-Modified), gzipped when asked.
         */
        get: operations["getRssFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feed.atom": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published issues as Atom
         * @description The 20 newest published issues, each with its full content; answers 304 to a reader whose copy is current (ETag, Last-Modified), gzipped when asked.
         */
        get: operations["getAtomFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feed.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published issues as JSON Feed 1.1
         * @description The 20 newest published issues, each with its full content; answers 304 to a reader whose copy is current (ETag, Last-Modified), gzipped when asked.
         */
        get: operations["getJsonFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The form readers submit links with (HTML)
         * @description A form that posts to `POST /v1/submissions` and works without JavaScript (with `SUBMISSION_POW_BITS` set it needs it, and says so), with a bookmarklet that opens it on the page a reader is on. `url` and `title` prefill it; values it cannot use are left out, never refused.
         */
        get: operations["getSubmitPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submit.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The form’s proof-of-work script
         * @description What the form runs when `SUBMISSION_POW_BITS` is set: it solves a challenge from `GET /v1/submissions/challenge` before the form is sent.
         */
        get: operations["getSubmitScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{receipt}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where a submission stands (HTML)
         * @description The page the form leads to after a submission: pending, approved, rejected (with the editors’ public reason, if any), archived, published (with a link to the issue) or removed. Not indexed nor cached. An unknown receipt is a 404 (an HTML page for a browser).
         */
        get: operations["getSubmissionReceiptPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        LinkHistory: {
            items: components["schemas"]["LinkEvent"][];
        };
        LinkEvent: {
            /** @description created, submitted, approved, rejected, archived, pending, edited, tagged, untagged, added_to_issue, removed_from_issue or published. */
            type: string;
            at: string;
            /** @description The token that did it; null for the public and for the service itself. */
            actor: string | null;
            /** @description What changed: the reason, the fields edited, the tag, the issue, the submitter’s name, email and note. */
            detail: {
                [key: string]: unknown;
            };
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            instance?: string;
            errors?: {
                path: string;
                message: string;
                code: string;
            }[];
        };
        BulkReport: {
            results: {
                id: number;
                /** @enum {string} */
                result: "done" | "not_found" | "in_published_issue" | "in_issue" | "unchanged";
            }[];
            /** @description How many ids got each result. */
            counts: {
                [key: string]: number;
            };
        };
        BulkAction: {
            ids: number[];
            /** @enum {string} */
            action: "approve" | "reject" | "archive" | "tag" | "untag" | "delete" | "section";
            /** @description For `tag` and `untag`. */
            tags?: string[];
            /** @description For `section` (null clears it). */
            section?: string | null;
            reason?: components["schemas"]["ReasonInput"];
        };
        /** @description For `approve`, `reject` and `archive`. */
        ReasonInput: string | {
            code: string;
        } | {
            text: string;
            /** @default false */
            public: boolean;
        };
        Link: {
            id: number;
            url: string;
            canonicalKey: string;
            title: string | null;
            blurb: string | null;
            credit: {
                name: string;
                url: string | null;
            } | null;
            /**
             * @description The editor’s kind, else the one inferred from the fetched page.
             * @enum {string|null}
             */
            kind: "article" | "video" | "repo" | "podcast" | "paper" | "other" | null;
            section: string | null;
            tags: string[];
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "archived";
            statusReason: components["schemas"]["StatusReason"];
            /** @enum {string} */
            source: "editor" | "submission" | "import";
            submitter: string | null;
            submissions: components["schemas"]["SubmissionsSummary"];
            metadata: components["schemas"]["LinkMetadata"];
            enrichment: {
                /** @enum {string} */
                status: "pending" | "done" | "failed";
                attempts: number;
                error: string | null;
                fetchedAt: string | null;
            };
            /** @description Number of the issue the link is in, if any. */
            issue: number | null;
            /** @description Another link whose URL is the canonical URL this page declares. */
            possibleDuplicateOf: number | null;
            createdAt: string;
            updatedAt: string;
        };
        /** @description Why an editor set the status, if they said; a public reason is shown on the submitter’s receipt. */
        StatusReason: {
            text: string;
            public: boolean;
        } | null;
        /** @description How often the link was submitted (`POST /v1/submissions`), or null if never. */
        SubmissionsSummary: {
            count: number;
            firstAt: string;
            lastAt: string;
            /** @description The five newest submissions, newest first: who sent it (as they gave their name) and their note. */
            recent: {
                name: string | null;
                note: string | null;
                at: string;
            }[];
        } | null;
        LinkMetadata: {
            title: string | null;
            description: string | null;
            siteName: string | null;
            image: {
                url: string;
                width: number | null;
                height: number | null;
                alt: string | null;
            } | null;
            favicon: string | null;
            author: string | null;
            publishedAt: string | null;
            canonicalUrl: string | null;
            fetchedAt: string | null;
        } | null;
        LinkCreate: {
            /**
             * Format: uri
             * @example https://example.org/post
             */
            url: string;
            title?: string;
            blurb?: string;
            tags?: string[];
            section?: string;
            /** @enum {string} */
            kind?: "article" | "video" | "repo" | "podcast" | "paper" | "other";
            credit?: {
                name: string;
                /** Format: uri */
                url?: string;
            };
            /** @enum {string} */
            status?: "pending" | "approved" | "rejected" | "archived";
        };
        LinkPage: {
            items: components["schemas"]["Link"][];
            nextCursor: string | null;
            /** @description With sort=relevance. */
            relevance?: {
                /** @description How many matches are ordered by relevance (the first pages). */
                ranked: number;
                /** @description True when ranking stopped short: at most the newest 100 matches are ranked, among the newest 50,000 links when they hold more than a page of matches; the other matches follow, newest first. */
                capped: boolean;
            };
            /** @description With facets=true. A null value counts links without a kind or section. */
            facets?: {
                /** @description How many matches were counted (the newest, at most 200). */
                counted: number;
                /** @description True when the query matches more links than were counted. */
                capped: boolean;
                tag: {
                    value: string | null;
                    count: number;
                }[];
                kind: {
                    value: string | null;
                    count: number;
                }[];
                status: {
                    value: string | null;
                    count: number;
                }[];
                section: {
                    value: string | null;
                    count: number;
                }[];
            };
        };
        LinkPatch: {
            /**
             * Format: uri
             * @example https://example.org/post
             */
            url?: string;
            title?: string | null;
            blurb?: string | null;
            tags?: string[];
            section?: string | null;
            /** @enum {string|null} */
            kind?: "article" | "video" | "repo" | "podcast" | "paper" | "other" | null;
            credit?: {
                name: string;
                /** Format: uri */
                url?: string;
            } | null;
            /** @enum {string} */
            status?: "pending" | "approved" | "rejected" | "archived";
            reason?: components["schemas"]["ReasonInput"] & unknown;
        };
        LinkTags: {
            tags: string[];
        };
        Tag: {
            name: string;
            count: number;
        };
        TagRename: {
            /**
             * @description Normalised: lowercase, trimmed, spaces to `-`.
             * @example sqlite
             */
            name: string;
        };
        Import: {
            id: number;
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @enum {string} */
            format: "netscape" | "pinboard" | "raindrop" | "karakeep" | "linkding" | "urls" | "linkletter";
            options: {
                /** @enum {string} */
                status: "approved" | "pending";
                dryRun: boolean;
                /**
                 * @description A restore of linkletter’s export: `exact` into an empty database (ids, settings and issues as they were), `merge` into one with links or issues. Set once the file’s header is read.
                 * @enum {string}
                 */
                restore?: "exact" | "merge";
            };
            bytes: number;
            /** @description Records in the file. */
            total: number;
            /** @description Records done so far. */
            processed: number;
            /** @description `created`: new links; `merged`: records that added tags, a missing title or blurb, or an earlier date to a link (existing, or made earlier in the file); `skipped`: records that changed nothing; `invalid`: records that cannot be a link (each is a problem). */
            counts: {
                created: number;
                merged: number;
                skipped: number;
                invalid: number;
            };
            /** @description The first 100 problems, in file order. */
            problems: components["schemas"]["ImportProblem"][];
            problemCount: number;
            /** @description Why a failed import stopped. */
            error: string | null;
            /** @description The token that uploaded the file. */
            createdBy: string | null;
            createdAt: string;
            updatedAt: string;
            finishedAt: string | null;
        };
        ImportProblem: {
            /** @description The record’s place in the file, from 1. */
            record: number;
            /** @description The line the record starts on. */
            line: number;
            message: string;
            /** @description The record’s URL (at most 200 characters), when it has one. */
            url?: string;
        };
        ImportPage: {
            items: components["schemas"]["Import"][];
            nextCursor: string | null;
        };
        /** @description Everything but tokens, submitters’ emails and receipts, and links’ histories; see the README (“Exporting”). */
        Export: {
            linkletter: {
                /** @enum {number} */
                version: 1;
                exportedAt: string;
                counts: {
                    links: number;
                    tags: number;
                    issues: number;
                };
            };
            newsletter: components["schemas"]["Newsletter"];
            moderation: {
                rules: components["schemas"]["ModerationRules"];
                reasons: components["schemas"]["ModerationReasons"];
            };
            tags: {
                name: string;
                links: number;
            }[];
            links: components["schemas"]["ExportedLink"][];
            issues: components["schemas"]["ExportedIssue"][];
        };
        Newsletter: {
            name: string;
            greeting: string;
            intro: string;
            submissionCall: string;
            signoff: string;
            /**
             * Format: uri
             * @example https://news.example.org
             */
            baseUrl: string;
            sections: {
                name: string;
                /** @default false */
                featured: boolean;
            }[];
        };
        ModerationRules: {
            /** @description Submissions of these domains (and their subdomains) are dropped: answered 202, never stored as links. */
            blockedDomains: string[];
            /** @description Submissions of these domains skip the queue: they are approved at once. */
            trustedDomains: string[];
            /** @description A note with more links than this is refused (422). */
            maxLinksInNote: number;
        };
        ModerationReasons: {
            reasons: components["schemas"]["CannedReason"][];
        };
        CannedReason: {
            code: string;
            text: string;
            /** @description Shown to the submitter on their receipt. */
            public: boolean;
        };
        /** @description A link as `GET /v1/links/{id}` shows it, with the two kinds its `kind` is made of. */
        ExportedLink: components["schemas"]["Link"] & {
            /**
             * @description The kind an editor set (null: none); `kind` is this, else `inferredKind`.
             * @enum {string|null}
             */
            editorKind: "article" | "video" | "repo" | "podcast" | "paper" | "other" | null;
            /**
             * @description The kind inferred from the fetched page, if any.
             * @enum {string|null}
             */
            inferredKind: "article" | "video" | "repo" | "podcast" | "paper" | "other" | null;
        };
        ExportedIssue: {
            number: number;
            date: string;
            subject: string;
            note: string | null;
            quote: {
                text: string;
                author: string | null;
                url: string | null;
            } | null;
            greeting: string | null;
            intro: string | null;
            submissionCall: string | null;
            signoff: string | null;
            /** @enum {string} */
            status: "draft" | "published";
            publishedAt: string | null;
            createdAt: string;
            updatedAt: string;
            /** @description The layout, in order. */
            sections: {
                name: string;
                featured: boolean;
            }[];
            /** @description The items in order, section by section. */
            items: {
                /** @description The link, by its canonical key (ids may change in a restore). */
                canonicalKey: string;
                url: string;
                section: string;
                /** @description The item’s own title; null: the link’s. */
                title: string | null;
                /** @description The item’s own blurb; null: the link’s. */
                blurb: string | null;
                /** @description The item’s own Markdown line, if any. */
                markdown: string | null;
            }[];
            /** @description What was published, byte for byte, as `.md`, `.html`, the archive’s fragment and `.json` (a JSON text); null for an issue never published. */
            published: {
                markdown: string;
                html: string;
                fragment: string;
                json: string;
            } | null;
        };
        SubmissionAccepted: {
            /** @enum {string} */
            status: "pending";
            /** @description Unguessable; `GET /v1/submissions/{receipt}` tells where the link stands. */
            receipt: string;
        };
        Submission: {
            /**
             * Format: uri
             * @example https://example.org/post
             */
            url: string;
            /** @description The page’s title as the submitter saw it (shown as plain text). */
            title?: string;
            /** @description A note to the editors. */
            note?: string;
            /** @description How the submitter wants to be credited. */
            name?: string;
            /**
             * Format: email
             * @description Never shown publicly.
             */
            email?: string;
            /** @description Kept only when it names one of the newsletter’s sections. */
            section?: string;
            /** @description Leave empty. Forms hide this field; what fills it is taken for a bot and its submission is dropped (still answered 202). */
            website?: string;
            /** @description When the server asks for proof of work (see `GET /v1/submissions/challenge`). */
            pow?: {
                challenge: string;
                solution: string;
            };
        };
        SubmissionForm: {
            url?: string;
            title?: string;
            note?: string;
            name?: string;
            email?: string;
            section?: string;
            website?: string;
            pow_challenge?: string;
            pow_solution?: string;
        };
        SubmissionChallenge: {
            challenge: string;
            /** @description Leading zero bits SHA-256(`challenge:solution`) must have. 0: no proof is asked. */
            bits: number;
            expiresAt: string;
        };
        SubmissionReceipt: {
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "archived" | "published" | "removed";
            url: string;
            submittedAt: string;
            /** @description The editors’ public reason, when they gave one. */
            reason: string | null;
            /** @description The published issue the link is in. */
            issue: {
                number: number;
                url: string;
            } | null;
        };
        Token: {
            id: number;
            name: string;
            /** @enum {string} */
            role: "admin" | "editor" | "submitter";
            createdAt: string;
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description Submissions a submitter token may make a day (`POST /v1/submissions`); null = the default (`SUBMISSION_DAILY`). */
            dailyQuota: number | null;
        };
        TokenCreate: {
            name: string;
            /** @enum {string} */
            role: "admin" | "editor" | "submitter";
            /** @description Only for the submitter role: submissions it may make a day. */
            dailyQuota?: number;
        };
        Backup: {
            /** @example linkletter-2026-01-05T09-00-00-000Z.db */
            name: string;
            bytes: number;
            /** @description When the backup began (UTC): it holds every write acknowledged before then. */
            createdAt: string;
        };
        NewsletterPatch: {
            name?: string;
            greeting?: string;
            intro?: string;
            submissionCall?: string;
            signoff?: string;
            /**
             * Format: uri
             * @example https://news.example.org
             */
            baseUrl?: string;
            sections?: {
                name: string;
                /** @default false */
                featured: boolean;
            }[];
        };
        Issue: {
            number: number;
            date: string;
            subject: string;
            note: string | null;
            quote: {
                text: string;
                author: string | null;
                url: string | null;
            } | null;
            /** @description This issue’s own greeting; null: the newsletter’s. */
            greeting: string | null;
            /** @description This issue’s own intro; null: the newsletter’s. */
            intro: string | null;
            /** @description This issue’s own submission call; null: the newsletter’s. */
            submissionCall: string | null;
            /** @description This issue’s own signoff; null: the newsletter’s. */
            signoff: string | null;
            /** @enum {string} */
            status: "draft" | "published";
            publishedAt: string | null;
            sections: {
                name: string;
                featured: boolean;
                items: components["schemas"]["IssueItem"][];
            }[];
            createdAt: string;
            updatedAt: string;
        };
        IssueItem: {
            linkId: number;
            url: string;
            canonicalKey: string;
            /** @description Resolved: item override → editor title → fetched title → URL. */
            title: string;
            /** @description Resolved: item override → editor blurb → fetched description. */
            blurb: string | null;
            credit: {
                name: string;
                url: string | null;
            } | null;
            /** @description The item’s own Markdown, replacing the rendered line; it may span lines. */
            markdown: string | null;
            override: {
                title: string | null;
                blurb: string | null;
                markdown: string | null;
            };
        };
        IssueCreate: {
            /**
             * Format: date
             * @example 2026-11-27
             */
            date: string;
            subject: string;
            note?: string;
            quote?: {
                text: string;
                author?: string;
                /** Format: uri */
                url?: string;
            };
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            greeting?: string | null;
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            intro?: string | null;
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            submissionCall?: string | null;
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            signoff?: string | null;
        };
        IssueSummary: {
            number: number;
            date: string;
            subject: string;
            note: string | null;
            quote: {
                text: string;
                author: string | null;
                url: string | null;
            } | null;
            /** @description This issue’s own greeting; null: the newsletter’s. */
            greeting: string | null;
            /** @description This issue’s own intro; null: the newsletter’s. */
            intro: string | null;
            /** @description This issue’s own submission call; null: the newsletter’s. */
            submissionCall: string | null;
            /** @description This issue’s own signoff; null: the newsletter’s. */
            signoff: string | null;
            /** @enum {string} */
            status: "draft" | "published";
            publishedAt: string | null;
            createdAt: string;
            updatedAt: string;
            itemCount: number;
        };
        IssuePatch: {
            /**
             * Format: date
             * @example 2026-11-27
             */
            date?: string;
            subject?: string;
            note?: string | null;
            quote?: {
                text: string;
                author?: string;
                /** Format: uri */
                url?: string;
            } | null;
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            greeting?: string | null;
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            intro?: string | null;
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            submissionCall?: string | null;
            /** @description This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out. */
            signoff?: string | null;
        };
        IssueCheck: {
            ok: boolean;
            errors: components["schemas"]["CheckFinding"][];
            warnings: components["schemas"]["CheckFinding"][];
        };
        CheckFinding: {
            code: string;
            message: string;
            linkId?: number;
            section?: string;
        };
        IssueLayout: {
            name: string;
            /** @default false */
            featured: boolean;
            /** @default [] */
            items: {
                linkId: number;
                title?: string;
                blurb?: string;
                markdown?: string;
            }[];
        }[];
        IssueItemCreate: {
            linkId: number;
            section: string;
            /** @description 0-based place in the section; default: last. */
            position?: number;
            title?: string;
            blurb?: string;
            markdown?: string;
        };
        IssueItemPatch: {
            section?: string;
            position?: number;
            title?: string | null;
            blurb?: string | null;
            markdown?: string | null;
        };
        IssueAssemble: {
            /** @description Only links carrying all of these tags. */
            tags?: string[];
            /** @description Only links created at or after this date or time. */
            since?: string;
            limit?: number;
        };
        IssuePreview: {
            /** @description The preview page, under the newsletter’s baseUrl. Shown only in this answer. */
            url: string;
            /** @description The same page, relative to the server. */
            path: string;
            expiresAt: string;
        };
        IssuePreviewCreate: {
            days?: number;
        };
        JsonFeed: {
            /** @enum {string} */
            version: "https://jsonfeed.org/version/1.1";
            title: string;
            home_page_url?: string;
            feed_url?: string;
            items: ({
                id: string;
                url?: string;
                title?: string;
                content_html?: string;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        status: number;
                    };
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 YAML */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
        };
    };
    getLinkHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkHistory"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    bulkLinks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkAction"];
            };
        };
        responses: {
            /** @description What happened to each id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkReport"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLinks: {
        parameters: {
            query?: {
                status?: "pending" | "approved" | "rejected" | "archived";
                /** @description Repeatable, up to 20 times (more is a 422); a link must carry every tag given. */
                tag?: string | string[];
                section?: string;
                kind?: "article" | "video" | "repo" | "podcast" | "paper" | "other";
                source?: "editor" | "submission" | "import";
                enrichment?: "pending" | "done" | "failed";
                /** @description An issue number, or `none` for links in no issue. */
                issue?: "none" | string;
                /** @description Full-text search. Every word must match (in the title, description, URL, site, tags, credit or submitter); the last word also matches as the start of a word, for search-as-you-type. A word of three characters or more that matches no word is looked for inside words of titles and URLs (`6050` finds `MPU6050`). `"exact phrase"`; `-word` or `-"phrase"` excludes; `OR` between words or groups; `( )` groups. Qualifiers, each negatable with `-`: `tag:NAME`, `site:DOMAIN` (and its subdomains), `kind:KIND`, `section:NAME` (or `section:"Two words"`), `source:SOURCE`, `is:pending|approved|rejected|archived` (status), `is:unassigned` (in no issue), `is:failed` (enrichment failed), `issue:N|none`, `after:DATE` / `before:DATE` (added on or after / before `YYYY-MM-DD`, or a time ago: `30d`, `2w`, `6m`, `1y`), `title:WORD`, `url:WORD`, `by:NAME` (credit or submitter; a word or `"a phrase"`). Anything else is read as plain words (`*`, `^`, `:`, stray quotes and parentheses are separators); a qualifier with a value it cannot take, parentheses nested more than 8 deep or more than 64 terms answer 422 naming the position. Example: `"write ahead" sqlite -tag:postgres site:sqlite.org after:2026-03-01`. */
                q?: string;
                /** @description `relevance` (bm25: titles above descriptions above URLs) is the default when `q` has words to rank; otherwise `newest`, and for the moderation queue (`status=pending`) `oldest`. */
                sort?: "relevance" | "newest" | "oldest";
                /** @description `true` adds `facets`: counts by tag (the top 20), kind, status and section of the newest 200 links the query matches. */
                facets?: "true" | "false";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of links */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkPage"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkCreate"];
            };
        };
        responses: {
            /** @description The new link */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Link"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The link */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Link"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkPatch"];
            };
        };
        responses: {
            /** @description The updated link */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Link"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The link, with enrichment pending */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Link"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceLinkTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkTags"];
            };
        };
        responses: {
            /** @description The link with its tags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Link"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addLinkTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkTags"];
            };
        };
        responses: {
            /** @description The link with its tags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Link"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeLinkTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                /** @description Normalised: lowercase, trimmed, spaces to `-`. */
                tag: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTags: {
        parameters: {
            query?: {
                sort?: "count" | "name";
                /** @description Only tags starting with this (autocomplete). */
                prefix?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Tag"][];
                    };
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Normalised: lowercase, trimmed, spaces to `-`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    renameTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Normalised: lowercase, trimmed, spaces to `-`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TagRename"];
            };
        };
        responses: {
            /** @description The tag under its new name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tag"] & {
                        merged: boolean;
                    };
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listImports: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of imports */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportPage"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createImport: {
        parameters: {
            query?: {
                /** @description The file’s format; by default it is told from the file’s first bytes. */
                format?: "netscape" | "pinboard" | "raindrop" | "karakeep" | "linkding" | "urls" | "linkletter";
                /** @description The status of the links the import creates (default `approved`); links that exist keep theirs. */
                status?: "approved" | "pending";
                /** @description `true`: the import runs and counts as usual but writes no link, tag or job; its report is the answer to “what would this do?”. */
                dryRun?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The file, as the other tool exported it. */
        requestBody: {
            content: {
                "text/html": string;
                "application/json": Record<string, never>[] | Record<string, never>;
                "text/csv": string;
                "text/plain": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The import, queued */
            202: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Import"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The file is larger than IMPORT_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is a multipart form: send the file itself */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The file’s format cannot be told (send `format`), is not supported yet, or the file cannot be read (the problem names the line) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Import"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportEverything: {
        parameters: {
            query?: {
                /** @description `json` (default): the complete dump, which `POST /v1/imports` restores; `netscape`: a bookmark file, as browsers write one; `csv`: one link a row. */
                format?: "json" | "netscape" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export, streamed */
            200: {
                headers: {
                    /** @description attachment; filename="linkletter-YYYY-MM-DD.json" (or .html, .csv) */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Export"];
                    "text/html": string;
                    "text/csv": string;
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["Submission"];
                "application/x-www-form-urlencoded": components["schemas"]["SubmissionForm"];
            };
        };
        responses: {
            /** @description Accepted for moderation */
            202: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionAccepted"];
                };
            };
            /** @description A form post: see the receipt page */
            303: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters (a form post: the form again, as HTML, saying what to fix) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "text/html": string;
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may (a form post: the form again, as HTML, saying what to fix) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "text/html": string;
                };
            };
            /** @description Past a rate limit: `Retry-After` says when to try again (a form post: the form again, as HTML, saying what to fix) */
            429: {
                headers: {
                    /** @description Seconds until a submission would be accepted. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "text/html": string;
                };
            };
        };
    };
    getSubmissionChallenge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A fresh challenge */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionChallenge"];
                };
            };
        };
    };
    getSubmissionReceipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                receipt: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The submission */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionReceipt"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getModerationRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rules */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModerationRules"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putModerationRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModerationRules"];
            };
        };
        responses: {
            /** @description The rules */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModerationRules"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getModerationReasons: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reasons */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModerationReasons"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putModerationReasons: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModerationReasons"];
            };
        };
        responses: {
            /** @description The reasons */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModerationReasons"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Token"][];
                    };
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenCreate"];
            };
        };
        responses: {
            /** @description The token and its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"] & {
                        secret: string;
                    };
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createBackup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The backup, checked */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Backup"] & {
                        /** @enum {string} */
                        integrity: "ok";
                    };
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBackups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Backups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Backup"][];
                    };
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBackup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The backup */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Backup"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNewsletter: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Newsletter"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceNewsletter: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    greeting: string;
                    intro: string;
                    submissionCall: string;
                    signoff: string;
                    /**
                     * Format: uri
                     * @example https://news.example.org
                     */
                    baseUrl: string;
                    sections: {
                        name: string;
                        /** @default false */
                        featured?: boolean;
                    }[];
                };
            };
        };
        responses: {
            /** @description Settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Newsletter"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateNewsletter: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewsletterPatch"];
            };
        };
        responses: {
            /** @description Settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Newsletter"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importIssue: {
        parameters: {
            query?: {
                /** @description The issue’s number; default: the next one. */
                number?: number;
                /** @description Keep the issue a draft rather than publishing it with its date. */
                draft?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The issue in the newsletter Markdown format, UTF-8. */
        requestBody: {
            content: {
                "text/markdown": string;
            };
        };
        responses: {
            /** @description The imported issue */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The number is taken, or a line’s page is in another issue or not approved */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The file is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not text/markdown */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The file is not in the newsletter Markdown format (the problem names the line) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIssues: {
        parameters: {
            query?: {
                status?: "draft" | "published";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of issues */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["IssueSummary"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIssue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueCreate"];
            };
        };
        responses: {
            /** @description The new issue */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The issue number; add `.md`, `.html` or `.json` to choose the format. */
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The issue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                    "text/markdown": string;
                    "text/html": string;
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssuePatch"];
            };
        };
        responses: {
            /** @description The issue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Findings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueCheck"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishIssue: {
        parameters: {
            query?: {
                strict?: "true" | "false";
            };
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The published issue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unpublishIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The issue, a draft again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceIssueLayout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueLayout"];
            };
        };
        responses: {
            /** @description The issue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addIssueItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueItemCreate"];
            };
        };
        responses: {
            /** @description The issue */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeIssueItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
                linkId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateIssueItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
                linkId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueItemPatch"];
            };
        };
        responses: {
            /** @description The issue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    assembleIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueAssemble"];
            };
        };
        responses: {
            /** @description What was added, and the issue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        added: {
                            linkId: number;
                            section: string;
                        }[];
                        issue: components["schemas"]["Issue"];
                    };
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIssuePreview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IssuePreviewCreate"];
            };
        };
        responses: {
            /** @description The preview link */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuePreview"];
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields in the request body, or a query asking for more than a request may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeIssuePreview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, unknown or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token’s role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHomePage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Home page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not modified since the copy the client holds */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getFavicon: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description SVG icon */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
        };
    };
    getArchivePage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archive page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not modified since the copy the client holds */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getIssuePage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The issue as published */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not modified since the copy the client holds */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such published issue */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "text/html": string;
                };
            };
        };
    };
    getIssuePreviewPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The draft */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Malformed request: bad JSON, query or path parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such preview */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "text/html": string;
                };
            };
        };
    };
    getRssFeed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Published issues as RSS 2.0 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/rss+xml": string;
                };
            };
            /** @description Not modified since the copy the client holds */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getAtomFeed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Published issues as Atom */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/atom+xml": string;
                };
            };
            /** @description Not modified since the copy the client holds */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getJsonFeed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Published issues as JSON Feed 1.1 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/feed+json": components["schemas"]["JsonFeed"];
                };
            };
            /** @description Not modified since the copy the client holds */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getSubmitPage: {
        parameters: {
            query?: {
                /** @description The page to prefill: an http(s) URL of at most 2048 characters (anything else is not prefilled). */
                url?: string;
                /** @description The title to prefill: made one line and cut to 300 characters. */
                title?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The form */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    getSubmitScript: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JavaScript */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
        };
    };
    getSubmissionReceiptPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                receipt: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The submission’s status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description No such receipt */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "text/html": string;
                };
            };
        };
    };
}
