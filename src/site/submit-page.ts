import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SUBMIT_CSP, SUBMIT_POW_CSP } from '../http/csp.js';
import type { ApiError, FieldError } from '../http/problem.js';
import type { AppEnv } from '../http/router.js';
import { escapeHtml } from '../issues/escape.js';
import { hideCredentials, MAX_URL_LENGTH } from '../links/canonical-url.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import { MAX_NOTE } from '../submissions/submissions.schemas.js';
import { feedLinks, renderSitePage } from './render-archive.js';
import { oneLine, stripInvalidXmlChars } from './render-feeds.js';
import { SITE_LINKS } from './site-pages.js';

// The page readers send a link with (GET /submit), and the same page again, with what they
// typed and what was wrong, when a post of it fails. It works without JavaScript: a plain
// form posted to POST /v1/submissions. With proof of work on, one same-origin script
// (/submit.js) solves a challenge before the form goes; without JavaScript it says so.
// Everything shown here came from a reader (the query, the posted fields): escaped, always.

export const SUBMIT_PATH = '/submit';
export const SUBMIT_SCRIPT_PATH = '/submit.js';

const FIELDS = ['url', 'title', 'note', 'name', 'email', 'section'] as const;
type Field = (typeof FIELDS)[number];
/** What the form shows in its fields: the query's prefill, or what a failed post sent. */
export type SubmitValues = Partial<Record<Field, string>>;

const MAX_TITLE = 300;
const LABELS: Record<Field | 'website', string> = {
  url: 'Link',
  title: 'Title',
  note: 'A note to the editors',
  name: 'Your name',
  email: 'Your email',
  section: 'Section',
  website: 'Leave empty',
};

/** Text-direction controls can disguise what is shown; the API refuses them, so a prefill drops them. */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * The form's prefill from `?url=&title=` (a bookmarklet's, or anyone's link): an http(s) URL
 * within the API's length cap, and a title made one line and cut to its cap. Anything else
 * is just not prefilled.
 */
export function prefillFromQuery(url: string | undefined, title: string | undefined): SubmitValues {
  const values: SubmitValues = {};
  if (url !== undefined && url.length <= MAX_URL_LENGTH && /^https?:\/\//i.test(url) && !/[\u0000-\u0020\u007F]/.test(url)) {
    try {
      new URL(url);
      values.url = url;
    } catch {
      // not a URL: no prefill
    }
  }
  const line = title === undefined ? '' : oneLine(title.replace(DIRECTION_CONTROLS, ''));
  if (line !== '') values.title = Array.from(line).slice(0, MAX_TITLE).join('').trim();
  return values;
}

/**
 * A `javascript:` link that opens this form on `baseUrl` with the current page's address
 * and title. Browsers percent-decode a javascript: URL before running it, so `%` is escaped.
 */
export function bookmarkletHref(baseUrl: string): string {
  let base = baseUrl;
  try {
    base = new URL(baseUrl).href.replace(/\/+$/, '');
  } catch {
    // the settings only hold absolute URLs; keep it as it is
  }
  const code = `(function(){location.href=${JSON.stringify(`${base}${SUBMIT_PATH}?url=`)}+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title)})()`;
  return `javascript:${code.replace(/%/g, '%25')}`;
}

const STYLE = [
  'form.submit p{margin:0 0 1rem}',
  'form.submit label{display:block;font-weight:600}',
  'form.submit input,form.submit textarea,form.submit select{box-sizing:border-box;width:100%;font:inherit;padding:.35rem}',
  'form.submit [aria-invalid="true"]{border:2px solid #b00020}',
  '.hint{display:block;color:#666;font-size:.9rem}',
  '.field-error{display:block;color:#b00020;font-weight:600}',
  '.problem{border-left:4px solid #b00020;padding:.25rem 1rem;margin:1rem 0}',
  '.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}',
  '.bookmarklet{display:inline-block;padding:.2rem .6rem;border:1px solid #0645ad;border-radius:4px}',
].join('');

/** A field error as a person should read it: the proof-of-work ones mean the browser's check did not run or pass. */
function humanMessage(error: FieldError): string {
  if (error.code === 'pow_required') return 'This form needs JavaScript to send a link: your browser does a moment of work that keeps spam out. Turn JavaScript on and send it again.';
  if (error.code.startsWith('pow_')) return 'Your browser’s spam check did not pass in time. Send the form again.';
  // Every field of the form is one string; anything else (a field sent twice) was not this form.
  if (error.code === 'invalid_type') return 'This field arrived more than once. Send the form again.';
  return error.message;
}

const fieldOf = (path: string): Field | 'website' | undefined => (path in LABELS ? (path as Field | 'website') : undefined);

type Problem = { status: number; detail: string; errors: FieldError[] };

function problemOf(error: ApiError | undefined): Problem | undefined {
  if (!error) return undefined;
  const errors = Array.isArray(error.extensions.errors) ? (error.extensions.errors as FieldError[]) : [];
  return { status: error.status, detail: error.message, errors };
}

/** The box at the top of a page answering a failed post: what went wrong, each field's error linked to the field. */
function problemBox(problem: Problem): string[] {
  const heading =
    problem.status === 429 ? 'Not sent: too many links from here' : problem.status === 422 ? 'Not sent: please check the form' : 'Not sent: the form could not be read';
  const items = problem.errors.map((e) => {
    const field = fieldOf(e.path);
    const message = escapeHtml(oneLine(humanMessage(e)));
    return field && field !== 'website' ? `<li><a href="#f-${field}">${LABELS[field]}: ${message}</a></li>` : `<li>${message}</li>`;
  });
  const detail = problem.status === 422 && items.length > 0 ? [] : [`<p>${escapeHtml(oneLine(problem.detail))}</p>`];
  return ['<div class="problem" role="alert">', `<h2>${heading}</h2>`, ...detail, ...(items.length > 0 ? ['<ul>', ...items, '</ul>'] : []), '</div>'];
}

type FieldOptions = { value: string | undefined; errors: FieldError[]; hint?: string; control: (attrs: string) => string };

/** One labelled field with its hint and its errors, tied to the control for screen readers. */
function field(name: Field, options: FieldOptions): string {
  const id = `f-${name}`;
  const messages = options.errors.map((e) => escapeHtml(oneLine(humanMessage(e))));
  const described = [...(options.hint ? [`${id}-hint`] : []), ...(messages.length > 0 ? [`${id}-error`] : [])];
  const attrs = [`id="${id}"`, `name="${name}"`, ...(described.length > 0 ? [`aria-describedby="${described.join(' ')}"`] : []), ...(messages.length > 0 ? ['aria-invalid="true"'] : [])].join(' ');
  return [
    '<p>',
    `<label for="${id}">${LABELS[name]}</label>`,
    ...(options.hint ? [`<span class="hint" id="${id}-hint">${options.hint}</span>`] : []),
    ...(messages.length > 0 ? [`<span class="field-error" id="${id}-error">${messages.join(' ')}</span>`] : []),
    options.control(attrs),
    '</p>',
  ].join('');
}

const attrValue = (value: string | undefined) => escapeHtml(stripInvalidXmlChars(value ?? ''));

export type SubmitPageInput = { values: SubmitValues; powBits: number; error?: ApiError | undefined };

/** The submission form: prefilled, or refilled with a failed post's values and its errors. */
export function renderSubmitPage(newsletter: NewsletterSettings, input: SubmitPageInput): string {
  const { values, powBits } = input;
  const problem = problemOf(input.error);
  const errorsFor = (name: Field) => (problem?.errors ?? []).filter((e) => fieldOf(e.path) === name);
  const text = (name: Field, max: number, type = 'text', extra = '') => (attrs: string) =>
    `<input ${attrs} type="${type}" maxlength="${max}"${extra} value="${attrValue(values[name])}">`;
  const sections = newsletter.sections.map(
    (s) => `<option value="${attrValue(s.name)}"${values.section === s.name ? ' selected' : ''}>${escapeHtml(oneLine(s.name))}</option>`,
  );
  const name = oneLine(newsletter.name);
  const main = [
    '<h1>Submit a link</h1>',
    `<p>Read something the readers of ${escapeHtml(name)} should see? Send it to the editors: they read every link before it goes into an issue.</p>`,
    ...(problem ? problemBox(problem) : []),
    `<form class="submit" method="post" action="/v1/submissions"${powBits > 0 ? ` data-pow="${powBits}"` : ''}>`,
    field('url', { value: values.url, errors: errorsFor('url'), hint: 'Required: the page’s address, starting with https:// or http://', control: text('url', MAX_URL_LENGTH, 'url', ' required autocomplete="url"') }),
    field('title', { value: values.title, errors: errorsFor('title'), control: text('title', MAX_TITLE) }),
    field('note', {
      value: values.note,
      errors: errorsFor('note'),
      hint: 'Why it is worth reading (optional).',
      control: (attrs) => `<textarea ${attrs} rows="4" maxlength="${MAX_NOTE}">${attrValue(values.note)}</textarea>`,
    }),
    field('name', { value: values.name, errors: errorsFor('name'), hint: 'To credit you, if the link is used (optional).', control: text('name', 100, 'text', ' autocomplete="name"') }),
    field('email', { value: values.email, errors: errorsFor('email'), hint: 'Only the editors see it (optional).', control: text('email', 254, 'email', ' autocomplete="email"') }),
    field('section', {
      value: values.section,
      errors: errorsFor('section'),
      control: (attrs) => [`<select ${attrs}>`, `<option value="">No preference</option>`, ...sections, '</select>'].join(''),
    }),
    // The honeypot: off screen and out of the tab order for people; bots fill it in.
    `<p class="hp"><label for="f-website">${LABELS.website}</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" value=""></p>`,
    ...(powBits > 0
      ? [
          '<input type="hidden" name="pow_challenge" value=""><input type="hidden" name="pow_solution" value="">',
          '<noscript><p class="problem">This form needs JavaScript: your browser does a moment of work that keeps spam out. Turn JavaScript on to send a link.</p></noscript>',
        ]
      : []),
    '<p><button type="submit">Send the link</button> <span class="pow-status" role="status"></span></p>',
    '</form>',
    '<h2>From any page</h2>',
    `<p>Drag this link to your bookmarks bar, then click it on a page you want to send: it opens this form with that page filled in. <a class="bookmarklet" href="${escapeHtml(bookmarkletHref(newsletter.baseUrl))}">Submit to ${escapeHtml(name)}</a></p>`,
    ...(powBits > 0 ? [`<script src="${SUBMIT_SCRIPT_PATH}" defer></script>`] : []),
  ];
  return renderSitePage({
    title: `${problem ? 'Not sent: ' : ''}Submit a link — ${name}`,
    name,
    feeds: feedLinks(newsletter.baseUrl),
    links: SITE_LINKS,
    style: STYLE,
    main,
  });
}

/**
 * The fields a failed post sent, to refill the form with (the honeypot and proof of work are not
 * refilled). A URL comes back without its `user:password@`: links may not have one (that may be
 * why the post failed), and a password is not written into a page.
 */
export function postedValues(form: Record<string, unknown>): SubmitValues {
  const values: SubmitValues = {};
  for (const name of FIELDS) {
    const value = form[name];
    if (typeof value === 'string') values[name] = name === 'url' ? hideCredentials(value, '') : value;
  }
  return values;
}

/** The form page as a response: GET /submit's 200, or a failed post's 400, 422 or 429 (with its Retry-After). */
export async function submitPageResponse(c: Context<AppEnv>, status: ContentfulStatusCode, input: Omit<SubmitPageInput, 'powBits'>): Promise<Response> {
  const { db, config } = c.var.ctx;
  const powBits = config.submissionPowBits;
  const page = renderSubmitPage(await getNewsletter(db), { ...input, powBits });
  return c.html(page, status, {
    ...(input.error?.headers ?? {}),
    'Content-Security-Policy': powBits > 0 ? SUBMIT_POW_CSP : SUBMIT_CSP,
    ...(input.error ? { 'Cache-Control': 'no-store' } : {}),
  });
}
