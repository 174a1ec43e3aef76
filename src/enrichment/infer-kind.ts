/**
 * Infers a link's kind from its URL(s), response media type and og:type.
 * Pure. Used only when the editor gave no kind.
 */
import type { LinkKind } from '../links/link-fields.js';

export interface InferKindInput {
  url: string;
  finalUrl?: string | null;
  /** Media type of the response (`text/html`, `application/pdf`, …), if known. */
  contentType?: string | null;
  ogType?: string | null;
}

/** First path segments on github.com that are not user or organisation names. */
const GITHUB_RESERVED = new Set([
  'about', 'account', 'apps', 'blog', 'booths', 'codespaces', 'collections', 'contact', 'customer-stories',
  'dashboard', 'enterprise', 'events', 'explore', 'features', 'gist', 'github-copilot', 'issues', 'join',
  'login', 'logout', 'marketplace', 'new', 'notifications', 'orgs', 'organizations', 'pricing', 'pulls',
  'readme', 'resources', 'search', 'security', 'settings', 'site', 'solutions', 'sponsors', 'team', 'topics',
  'trending', 'users', 'watching', 'stars', 'discussions', 'codesearch', 'premium-support', 'mobile', 'why-github',
]);
/** Sub-pages of a repository that still show the repository (code, releases, docs). */
const GITHUB_REPO_SUBPAGES = new Set(['tree', 'blob', 'releases', 'tags', 'wiki', 'commits', 'branches']);

const PODCAST_HOSTS = ['podcasts.apple.com', 'overcast.fm', 'pca.st', 'pocketcasts.com', 'castbox.fm', 'podcasts.google.com'];

function parse(u: string | null | undefined): URL | null {
  if (!u) return null;
  try {
    return new URL(u);
  } catch {
    return null;
  }
}

function hostOf(u: URL): string {
  return u.hostname.toLowerCase().replace(/\.$/, '').replace(/^(www|m)\./, '');
}

function hostIs(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function segments(u: URL): string[] {
  return u.pathname.split('/').filter((s) => s !== '');
}

function isRepo(u: URL): boolean {
  if (hostOf(u) !== 'github.com') return false;
  const [owner, repo, sub] = segments(u);
  if (!owner || !repo) return false;
  if (GITHUB_RESERVED.has(owner.toLowerCase())) return false;
  if (!/^[A-Za-z0-9-]+$/.test(owner) || !/^[A-Za-z0-9._-]+$/.test(repo)) return false;
  return sub === undefined || GITHUB_REPO_SUBPAGES.has(sub);
}

function isVideo(u: URL): boolean {
  const host = hostOf(u);
  const segs = segments(u);
  if (hostIs(host, 'youtube.com') || host === 'youtube-nocookie.com') {
    if (segs[0] === 'watch') return u.searchParams.has('v');
    return ['shorts', 'live', 'embed', 'v'].includes(segs[0] ?? '') && segs.length >= 2;
  }
  if (host === 'youtu.be') return segs.length >= 1;
  if (host === 'vimeo.com') return segs.some((s) => /^\d+$/.test(s));
  if (host === 'player.vimeo.com') return segs[0] === 'video' && segs.length >= 2;
  return false;
}

function isPaper(u: URL): boolean {
  const host = hostOf(u);
  const segs = segments(u);
  if (host === 'arxiv.org' || host === 'export.arxiv.org') return ['abs', 'pdf', 'html'].includes(segs[0] ?? '') && segs.length >= 2;
  if (host === 'doi.org' || host === 'dx.doi.org') return segs.length >= 1;
  return u.pathname.toLowerCase().endsWith('.pdf');
}

function isPodcast(u: URL): boolean {
  const host = hostOf(u);
  if (PODCAST_HOSTS.some((h) => hostIs(host, h))) return true;
  if (host === 'open.spotify.com') {
    const segs = segments(u);
    // open.spotify.com/episode/…, /show/…, also with a locale prefix (/intl-de/episode/…)
    const i = segs[0]?.startsWith('intl-') ? 1 : 0;
    return segs[i] === 'episode' || segs[i] === 'show';
  }
  return false;
}

export function inferKind(input: InferKindInput): LinkKind {
  const urls = [parse(input.url), parse(input.finalUrl)].filter((u): u is URL => u !== null);
  const ct = (input.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const ogType = (input.ogType ?? '').trim().toLowerCase();

  if (urls.some(isRepo)) return 'repo';
  if (urls.some(isVideo) || ogType === 'video' || ogType.startsWith('video.') || ct.startsWith('video/')) return 'video';
  if (urls.some(isPaper) || ct === 'application/pdf') return 'paper';
  if (urls.some(isPodcast) || ct.startsWith('audio/') || ogType.includes('podcast')) return 'podcast';
  // A response we know is not a page (an image, an archive, …).
  if (ct !== '' && ct !== 'text/html' && ct !== 'application/xhtml+xml' && !ct.startsWith('text/')) return 'other';
  return 'article';
}
