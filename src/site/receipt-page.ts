import { escapeHtml } from '../issues/escape.js';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import type { Receipt } from '../submissions/submissions.schemas.js';
import { feedLinks, renderSitePage } from './render-archive.js';
import { oneLine } from './render-feeds.js';
import { SITE_LINKS } from './site-pages.js';

// The receipt page a submitter lands on after the form (GET /submissions/{receipt}): where
// their link stands. Its address is the receipt, so it is kept out of search engines and
// caches. The submitted URL is shown as text, never as a link: it is whatever a stranger sent.

const STATUS: Record<Receipt['status'], { label: string; text: string }> = {
  pending: { label: 'Pending', text: 'The editors have not looked at it yet.' },
  approved: { label: 'Approved', text: 'The editors took it: it may appear in a coming issue.' },
  rejected: { label: 'Not taken', text: 'The editors decided not to use it.' },
  archived: { label: 'Archived', text: 'The editors kept it, but it is not planned for an issue.' },
  published: { label: 'Published', text: 'It is in a published issue.' },
  removed: { label: 'Removed', text: 'The editors removed this link.' },
};

const STYLE = '.status{font-size:1.2rem}.url{overflow-wrap:anywhere}';

export function renderReceiptPage(newsletter: Pick<NewsletterSettings, 'name' | 'baseUrl'>, receipt: Receipt): string {
  const { label, text } = STATUS[receipt.status];
  const submitted = escapeHtml(oneLine(receipt.submittedAt));
  const where =
    receipt.status === 'published' && receipt.issue
      ? `It is in <a href="/issues/${receipt.issue.number}">issue ${receipt.issue.number}</a>.`
      : escapeHtml(text);
  const main = [
    '<h1>Your submission</h1>',
    `<p class="status" data-status="${receipt.status}"><strong>${label}.</strong> ${where}</p>`,
    ...(receipt.reason ? [`<p>The editors’ reason: ${escapeHtml(oneLine(receipt.reason))}</p>`] : []),
    '<dl>',
    `<dt>Link</dt><dd class="url">${escapeHtml(oneLine(receipt.url))}</dd>`,
    `<dt>Sent</dt><dd><time datetime="${submitted}">${submitted}</time></dd>`,
    '</dl>',
    '<p>Keep this page’s address to come back: it is the only way to see where your link stands.</p>',
    `<p><a href="${SITE_LINKS.submit}">Submit another link</a></p>`,
  ];
  return renderSitePage({
    title: `Your submission: ${label} — ${oneLine(newsletter.name)}`,
    name: newsletter.name,
    feeds: feedLinks(newsletter.baseUrl),
    links: SITE_LINKS,
    robots: 'noindex, nofollow',
    style: STYLE,
    main,
  });
}
