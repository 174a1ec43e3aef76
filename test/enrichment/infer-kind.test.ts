import { describe, expect, it } from 'vitest';
import { inferKind, type InferKindInput } from '../../src/enrichment/infer-kind.js';
import type { LinkKind } from '../../src/links/link-fields.js';

const html = 'text/html';

describe('inferKind', () => {
  const table: [string, InferKindInput, LinkKind][] = [
    // repo
    ['GitHub repository', { url: 'https://github.com/kysely-org/kysely', contentType: html, ogType: 'object' }, 'repo'],
    ['GitHub repository with trailing slash and www', { url: 'https://www.github.com/nodejs/undici/' }, 'repo'],
    ['GitHub repository tree page', { url: 'https://github.com/nodejs/undici/tree/main/lib' }, 'repo'],
    ['GitHub repository releases', { url: 'https://github.com/nodejs/undici/releases' }, 'repo'],
    ['GitHub user page is not a repo', { url: 'https://github.com/torvalds' }, 'article'],
    ['GitHub features page is not a repo', { url: 'https://github.com/features' }, 'article'],
    ['GitHub features/actions is not a repo', { url: 'https://github.com/features/actions' }, 'article'],
    ['GitHub topics is not a repo', { url: 'https://github.com/topics/sqlite' }, 'article'],
    ['GitHub issue is not the repo page', { url: 'https://github.com/nodejs/undici/issues/123' }, 'article'],
    ['GitHub home is not a repo', { url: 'https://github.com/' }, 'article'],
    ['not GitHub', { url: 'https://notgithub.com/a/b' }, 'article'],
    // video
    ['YouTube watch', { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }, 'video'],
    ['YouTube mobile watch', { url: 'https://m.youtube.com/watch?v=dQw4w9WgXcQ' }, 'video'],
    ['YouTube shorts', { url: 'https://youtube.com/shorts/abc123' }, 'video'],
    ['youtu.be short link', { url: 'https://youtu.be/dQw4w9WgXcQ' }, 'video'],
    ['YouTube channel is not a video', { url: 'https://www.youtube.com/@somechannel' }, 'article'],
    ['Vimeo', { url: 'https://vimeo.com/123456789' }, 'video'],
    ['Vimeo player', { url: 'https://player.vimeo.com/video/123456789' }, 'video'],
    ['og:type video.other', { url: 'https://example.org/talk', contentType: html, ogType: 'video.other' }, 'video'],
    ['og:type video', { url: 'https://example.org/talk', ogType: 'VIDEO' }, 'video'],
    ['video content type', { url: 'https://example.org/clip', contentType: 'video/mp4' }, 'video'],
    // paper
    ['arXiv abstract', { url: 'https://arxiv.org/abs/2401.00001' }, 'paper'],
    ['arXiv PDF', { url: 'https://arxiv.org/pdf/2401.00001v2' }, 'paper'],
    ['DOI link', { url: 'https://doi.org/10.1145/3318464.3389729' }, 'paper'],
    ['DOI redirected to publisher (finalUrl)', { url: 'https://doi.org/10.1/x', finalUrl: 'https://dl.acm.org/doi/10.1/x' }, 'paper'],
    ['.pdf path', { url: 'https://example.org/files/Paper.PDF' }, 'paper'],
    ['application/pdf', { url: 'https://example.org/download?id=3', contentType: 'application/pdf' }, 'paper'],
    // podcast
    ['Apple Podcasts', { url: 'https://podcasts.apple.com/us/podcast/x/id123' }, 'podcast'],
    ['Spotify episode', { url: 'https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk' }, 'podcast'],
    ['Spotify show', { url: 'https://open.spotify.com/show/2mTUnDkuKUkhiueKcVWoP0' }, 'podcast'],
    ['Spotify track is not a podcast', { url: 'https://open.spotify.com/track/abc' }, 'article'],
    ['Overcast', { url: 'https://overcast.fm/+AbCdEf' }, 'podcast'],
    ['Pocket Casts', { url: 'https://pca.st/episode/abc' }, 'podcast'],
    ['audio content type', { url: 'https://example.org/ep.mp3', contentType: 'audio/mpeg' }, 'podcast'],
    // article / other
    ['plain blog post', { url: 'https://example.org/2025/03/post', contentType: html, ogType: 'article' }, 'article'],
    ['page without metadata', { url: 'https://example.org/' }, 'article'],
    ['an image is other', { url: 'https://example.org/pic', contentType: 'image/png' }, 'other'],
    ['a zip file is other', { url: 'https://example.org/dl', contentType: 'application/zip' }, 'other'],
    ['invalid URL falls back to article', { url: 'not a url' }, 'article'],
  ];

  it.each(table)('%s', (_name, input, kind) => {
    expect(inferKind(input)).toBe(kind);
  });
});
