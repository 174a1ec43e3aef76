import { escapeHtml } from '../issues/escape.js';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import { feedLinks, issueList, paragraphs, renderSitePage, type ArchiveIssue, type SiteLinks } from './render-archive.js';
import { oneLine } from './render-feeds.js';

// The pages of the public site that the server builds around stored content: the home page,
// a published issue with its neighbours, and the page a browser gets for a missing page.
// Links between the site's pages are root-relative, so they work on whatever host serves
// them; feed links are absolute (from baseUrl), as feed readers want.

export const SITE_LINKS: SiteLinks = { home: '/', archive: '/issues', favicon: '/favicon.svg', submit: '/submit' };

const issuePath = (number: number) => `/issues/${number}`;

export type PublishedSummary = { number: number; subject: string; date: string };

const toArchiveIssue = (issue: PublishedSummary): ArchiveIssue => ({ ...issue, url: issuePath(issue.number) });

const label = (issue: PublishedSummary) => escapeHtml(oneLine(`#${issue.number} — ${issue.subject}`));

/** The home page: the newsletter, its latest issue, the ones before it, how to subscribe. */
export function renderHomePage(newsletter: NewsletterSettings, recent: PublishedSummary[]): string {
  const [latest, ...earlier] = recent;
  const main = [`<h1>${escapeHtml(oneLine(newsletter.name))}</h1>`, ...paragraphs(newsletter.intro)];
  if (latest) {
    const date = escapeHtml(oneLine(latest.date));
    main.push('<h2>Latest issue</h2>', `<p><a href="${issuePath(latest.number)}">${label(latest)}</a> <time datetime="${date}">${date}</time></p>`);
  }
  if (earlier.length > 0) main.push('<h2>Earlier issues</h2>', ...issueList(earlier.map(toArchiveIssue)));
  if (!latest) main.push(...issueList([]));
  main.push(`<p><a href="${SITE_LINKS.archive}">Every issue, in the archive</a></p>`);
  main.push('<h2>Subscribe</h2>', '<p>Follow new issues in any feed reader: the links are at the bottom of every page.</p>');
  main.push('<h2>Send a link</h2>', `<p>Read something the other readers should see? <a href="${SITE_LINKS.submit}">Submit a link</a> to the editors.</p>`);
  return renderSitePage({ title: newsletter.name, name: newsletter.name, feeds: feedLinks(newsletter.baseUrl), links: SITE_LINKS, main });
}

/** A published issue as the public sees it: its frozen content, with the site around it and links to its neighbours. */
export function renderIssuePage(
  newsletter: NewsletterSettings,
  issue: PublishedSummary & { fragment: string },
  neighbours: { previous: number | null; next: number | null },
): string {
  const date = escapeHtml(oneLine(issue.date));
  const pager = [
    neighbours.previous === null ? '<span></span>' : `<a href="${issuePath(neighbours.previous)}" rel="prev">← Issue ${neighbours.previous}</a>`,
    neighbours.next === null ? '<span></span>' : `<a href="${issuePath(neighbours.next)}" rel="next">Issue ${neighbours.next} →</a>`,
  ];
  return renderSitePage({
    title: [oneLine(issue.subject), oneLine(newsletter.name)].filter((s) => s !== '').join(' — ') || `Issue ${issue.number}`,
    name: newsletter.name,
    feeds: feedLinks(newsletter.baseUrl),
    links: SITE_LINKS,
    main: [
      `<p class="masthead">Issue ${issue.number} · <time datetime="${date}">${date}</time></p>`,
      issue.fragment.trimEnd(),
      `<nav class="pager" aria-label="Issues">${pager.join('')}</nav>`,
    ],
  });
}

/** A draft shown through its preview link: marked as a draft, kept out of search engines. */
export function renderPreviewPage(newsletter: NewsletterSettings, issue: PublishedSummary & { fragment: string }): string {
  const date = escapeHtml(oneLine(issue.date));
  return renderSitePage({
    title: `Draft: ${oneLine(issue.subject)} — ${oneLine(newsletter.name)}`,
    name: newsletter.name,
    feeds: feedLinks(newsletter.baseUrl),
    links: SITE_LINKS,
    robots: 'noindex, nofollow',
    main: [
      `<p class="draft-banner"><strong>Draft preview</strong> of issue ${issue.number} (<time datetime="${date}">${date}</time>): not published yet, and it may still change.</p>`,
      issue.fragment.trimEnd(),
    ],
  });
}

/** What a browser gets for a public page that does not exist (API clients get problem+json). */
export function renderNotFoundPage(newsletter: Pick<NewsletterSettings, 'name' | 'baseUrl'>, detail: string): string {
  return renderSitePage({
    title: `Not found — ${newsletter.name}`,
    name: newsletter.name,
    feeds: feedLinks(newsletter.baseUrl),
    links: SITE_LINKS,
    main: ['<h1>Not found</h1>', `<p>${escapeHtml(oneLine(detail))}</p>`, `<p><a href="${SITE_LINKS.home}">Home</a> · <a href="${SITE_LINKS.archive}">Archive</a></p>`],
  });
}

/** The site's icon: a letter on a square, so no request for it is a 404. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0645ad"/>' +
  '<text x="32" y="45" font-family="system-ui,sans-serif" font-size="38" font-weight="700" fill="#fff" text-anchor="middle">L</text></svg>\n';
