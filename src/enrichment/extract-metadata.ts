/**
 * Page metadata from fetched HTML, via open-graph-scraper (given only the
 * HTML: it never fetches anything here), which reads only the page's head as
 * rebuilt by headForMetadata (page-head.ts): flat and bounded, so that no page
 * makes the parse slow. The worker runs this in a thread (metadata-parser.ts).
 *
 * Each field falls back in this order: Open Graph, Twitter card, JSON-LD,
 * then plain HTML (<title>, <meta name=description>, <meta name=author>,
 * <link rel=icon>, dates in <meta>/<time>). Relative URLs are resolved
 * against the final URL; only http/https URLs are kept; text is stripped of
 * control characters, whitespace-collapsed and length-capped.
 */
import ogs from 'open-graph-scraper';
import { EMPTY_HEAD, headForMetadata } from './page-head.js';
// Types only: page-metadata.ts loads zod and its OpenAPI layer, which a parse thread
// (metadata-thread.ts) would otherwise load too, for nothing, every time one starts.
import type { PageImage, PageMetadata } from './page-metadata.js';

/** What the extractor finds: the kept metadata, plus og:type (lowercase), which only infers the kind. */
export type ExtractedMetadata = PageMetadata & { type: string | null };

export const LIMITS = { title: 300, description: 1000, other: 500, url: 2048 } as const;

type OgResult = Awaited<ReturnType<typeof ogs>>['result'];
type JsonNode = Record<string, unknown>;

// C0/C1 controls, zero-width and bidi formatting characters, BOM.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const WS_CONTROL_RE = /[\t\n\r]/g;

/** Strips control characters, collapses whitespace, caps length (in code points). Empty → null. */
export function cleanText(value: unknown, max: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return null;
  let s = value.replace(WS_CONTROL_RE, ' ').replace(CONTROL_RE, '').replace(/\s+/g, ' ').trim();
  if (s === '') return null;
  const cps = Array.from(s);
  if (cps.length > max) s = cps.slice(0, max - 1).join('').trimEnd() + '…';
  return s;
}

/** Resolves against `base`; keeps only http/https URLs of at most 2048 characters. */
export function resolvePageUrl(value: unknown, base: string): string | null {
  if (typeof value !== 'string') return null;
  const s = value.replace(CONTROL_RE, '').replace(/[\t\n\r]/g, '').trim();
  if (s === '') return null;
  let u: URL;
  try {
    u = new URL(s, base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.href.length > LIMITS.url) return null;
  return u.href;
}

function toDimension(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : null;
}

/** Parses a date into an ISO string; null when unparseable or implausible. */
export function cleanDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s === '' || s.length > 100) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < 1900 || y > 9999) return null;
  return d.toISOString();
}

function first<T>(...values: (T | null | undefined)[]): T | null {
  for (const v of values) if (v !== null && v !== undefined) return v;
  return null;
}

// ---------------------------------------------------------------- JSON-LD

const PRIMARY_TYPES = new Set([
  'article',
  'newsarticle',
  'blogposting',
  'techarticle',
  'scholarlyarticle',
  'report',
  'socialmediaposting',
  'discussionforumposting',
  'liveblogposting',
  'analysisnewsarticle',
  'reportagenewsarticle',
  'opinionnewsarticle',
  'videoobject',
  'podcastepisode',
  'podcastseries',
  'audioobject',
  'softwaresourcecode',
  'softwareapplication',
  'book',
  'creativework',
  'recipe',
  'howto',
  'course',
  'event',
  'product',
]);
const PAGE_TYPES = new Set(['webpage', 'itempage', 'aboutpage', 'profilepage', 'collectionpage', 'qapage', 'faqpage']);

function isNode(v: unknown): v is JsonNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nodeTypes(node: JsonNode): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
}

/** All JSON-LD nodes (top level, arrays, @graph), best candidates first. */
function jsonLdNodes(jsonLD: unknown): JsonNode[] {
  const out: JsonNode[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4 || out.length > 200) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
    } else if (isNode(v)) {
      out.push(v);
      if (v['@graph'] !== undefined) visit(v['@graph'], depth + 1);
    }
  };
  visit(jsonLD, 0);
  const rank = (n: JsonNode): number => {
    const types = nodeTypes(n);
    if (types.some((t) => PRIMARY_TYPES.has(t))) return 0;
    if (types.some((t) => PAGE_TYPES.has(t))) return 1;
    return 2;
  };
  return out
    .map((n, i) => ({ n, i, r: rank(n) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.n);
}

function isContentNode(n: JsonNode): boolean {
  const types = nodeTypes(n);
  return types.some((t) => PRIMARY_TYPES.has(t) || PAGE_TYPES.has(t));
}

/** A name from a string, `{ name }`, or an array of those. */
function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const names = v.map(nameOf).filter((x): x is string => x !== null && x.trim() !== '');
    return names.length ? names.join(', ') : null;
  }
  if (isNode(v) && typeof v.name === 'string') return v.name;
  return null;
}

function jsonLdImage(v: unknown): { url: unknown; width: unknown; height: unknown; alt: unknown } | null {
  if (typeof v === 'string') return { url: v, width: null, height: null, alt: null };
  if (Array.isArray(v)) {
    for (const x of v) {
      const img = jsonLdImage(x);
      if (img) return img;
    }
    return null;
  }
  if (isNode(v)) {
    const url = v.url ?? v.contentUrl ?? v['@id'];
    if (typeof url !== 'string') return null;
    return { url, width: v.width, height: v.height, alt: v.caption ?? v.name ?? v.description };
  }
  return null;
}

interface JsonLdFields {
  title: unknown;
  description: unknown;
  siteName: unknown;
  image: ReturnType<typeof jsonLdImage>;
  author: unknown;
  published: unknown;
  url: unknown;
}

function fromJsonLd(jsonLD: unknown): JsonLdFields {
  const nodes = jsonLdNodes(jsonLD);
  const content = nodes.filter(isContentNode);
  const pick = (list: JsonNode[], f: (n: JsonNode) => unknown): unknown => {
    for (const n of list) {
      const v = f(n);
      if (typeof v === 'string' ? v.trim() !== '' : v !== null && v !== undefined) return v;
    }
    return null;
  };
  const website = nodes.find((n) => nodeTypes(n).includes('website'));
  return {
    title: pick(content, (n) => (typeof n.headline === 'string' ? n.headline : n.name)) ?? pick(nodes, (n) => n.headline),
    description: pick(content, (n) => n.description),
    siteName:
      pick(content, (n) => nameOf(n.publisher)) ?? (website ? (typeof website.name === 'string' ? website.name : null) : null),
    image: (pick(content, (n) => jsonLdImage(n.image) ?? jsonLdImage(n.thumbnailUrl)) as JsonLdFields['image']) ?? null,
    author: pick(content, (n) => nameOf(n.author) ?? nameOf(n.creator)) ?? pick(nodes, (n) => nameOf(n.author)),
    published: pick(content, (n) => n.datePublished ?? n.uploadDate ?? n.dateCreated) ?? pick(nodes, (n) => n.datePublished),
    url: pick(content, (n) => n.url),
  };
}

// ---------------------------------------------------------------- main

const CUSTOM_TAGS = [
  { property: 'og:title', fieldName: 'ogTitleRaw', multiple: false },
  { property: 'og:description', fieldName: 'ogDescriptionRaw', multiple: false },
];

function nothingFound(): ExtractedMetadata {
  return { title: null, description: null, siteName: null, image: null, favicon: null, author: null, publishedAt: null, canonicalUrl: null, type: null };
}

async function runOgs(html: string): Promise<OgResult | null> {
  try {
    // Only `html`: ogs never fetches. Image fallback (any <img>) is off: only
    // declared images are used. Title/description fallbacks stay on and are
    // used last (the raw og: values are captured via customMetaTags).
    const { result } = await ogs({
      html,
      onlyGetOpenGraphInfo: ['image'],
      customMetaTags: CUSTOM_TAGS,
    });
    return result;
  } catch {
    return null;
  }
}

function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** A likely profile URL rather than a name (article:author is often one). */
function looksLikeUrl(v: string | null): boolean {
  return v !== null && /^(https?:)?\/\//i.test(v.trim());
}

export async function extractMetadata(html: string, finalUrl: string): Promise<ExtractedMetadata> {
  const head = headForMetadata(html);
  if (head === EMPTY_HEAD) return nothingFound();
  const og = await runOgs(head);
  if (!og) return nothingFound();

  const custom = og.customMetaTags ?? {};
  const ld = fromJsonLd(og.jsonLD);
  const other = LIMITS.other;

  // With og:title absent, ogs fills ogTitle from <title> (and similar).
  const ogTitle = nonEmpty(custom.ogTitleRaw);
  const plainTitle = ogTitle ? null : nonEmpty(og.ogTitle);
  const title = first(
    cleanText(ogTitle, LIMITS.title),
    cleanText(og.twitterTitle, LIMITS.title),
    cleanText(ld.title, LIMITS.title),
    cleanText(plainTitle, LIMITS.title),
    cleanText(og.dcTitle, LIMITS.title),
  );

  const ogDescription = nonEmpty(custom.ogDescriptionRaw);
  const plainDescription = ogDescription ? null : nonEmpty(og.ogDescription);
  const description = first(
    cleanText(ogDescription, LIMITS.description),
    cleanText(og.twitterDescription, LIMITS.description),
    cleanText(ld.description, LIMITS.description),
    cleanText(plainDescription, LIMITS.description),
    cleanText(og.dcDescription, LIMITS.description),
  );

  const siteName = first(cleanText(og.ogSiteName, other), cleanText(ld.siteName, other));

  const imageCandidates: { url?: unknown; width?: unknown; height?: unknown; alt?: unknown }[] = [
    ...(og.ogImage ?? []),
    ...(og.twitterImage ?? []),
    ...(ld.image ? [ld.image] : []),
  ];
  let image: PageImage | null = null;
  for (const c of imageCandidates) {
    const url = resolvePageUrl(c.url, finalUrl);
    if (!url) continue;
    image = { url, width: toDimension(c.width), height: toDimension(c.height), alt: cleanText(c.alt, other) };
    break;
  }

  const favicon = resolvePageUrl(og.favicon, finalUrl);

  const ogAuthor = [og.articleAuthor, og.ogArticleAuthor, og.bookAuthor]
    .map((v) => nonEmpty(v))
    .find((v) => v !== null && !looksLikeUrl(v));
  const author = first(
    cleanText(ogAuthor, other),
    cleanText(og.twitterCreator, other),
    cleanText(ld.author, other),
    cleanText(looksLikeUrl(nonEmpty(og.author)) ? null : og.author, other),
    cleanText(og.dcCreator, other),
  );

  const publishedAt = first(
    cleanDate(og.articlePublishedTime),
    cleanDate(og.ogArticlePublishedTime),
    cleanDate(og.articlePublishedDate),
    cleanDate(og.publishedTime),
    cleanDate(og.ogVideoReleaseDate),
    cleanDate(og.musicReleaseDate),
    cleanDate(typeof ld.published === 'string' ? ld.published : null),
    cleanDate(og.dcDateIssued),
    cleanDate(og.dcDateCreated),
    cleanDate(og.dcDate),
    cleanDate(og.releaseDate),
    cleanDate(og.ogDate),
  );

  // og:url, else <link rel=canonical> (ogs falls back to it), else twitter:url, else JSON-LD url.
  const canonicalUrl = first(resolvePageUrl(og.ogUrl, finalUrl), resolvePageUrl(og.twitterUrl, finalUrl), resolvePageUrl(ld.url, finalUrl));

  const type = cleanText(og.ogType, 100)?.toLowerCase() ?? null;

  return { title, description, siteName, image, favicon, author, publishedAt, canonicalUrl, type };
}
