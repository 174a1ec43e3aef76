import fc from 'fast-check';
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../../src/enrichment/extract-metadata.js';
import { EMPTY_HEAD, HEAD_LIMITS, headForMetadata } from '../../src/enrichment/page-head.js';

type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; content?: Node };

/** What a real HTML parser makes of the rebuilt head: elements, deepest nesting, most attributes on one. */
function shape(html: string) {
  let elements = 0;
  let depth = 0;
  let attributes = 0;
  const walk = (node: Node, d: number): void => {
    if (node.attrs) {
      elements++;
      depth = Math.max(depth, d);
      attributes = Math.max(attributes, node.attrs.length);
    }
    for (const c of node.childNodes ?? []) walk(c, d + 1);
  };
  walk(parse(html) as unknown as Node, 0);
  return { elements, depth, attributes };
}

const names = (html: string) => [...html.matchAll(/<([a-z]+)/g)].map((m) => m[1]);

describe('headForMetadata', () => {
  it('keeps <title>, <meta>, <link> and JSON-LD scripts, and nothing else', () => {
    const head = headForMetadata(`<!doctype html><html lang="en"><head>
      <meta charset="utf-8"><title>T</title>
      <style>meta { color: red }</style>
      <script>var x = "<meta property='og:title' content='no'>";</script>
      <script type="application/ld+json">{"@type":"Article","headline":"H"}</script>
      <noscript><img src="/pixel.gif"></noscript>
      <link rel="icon" href="/f.ico"><base href="/">
    </head><body><h1>x</h1></body></html>`);
    expect(names(head)).toEqual(['html', 'head', 'meta', 'title', 'script', 'link']);
    expect(head).toContain('<script type="application/ld+json">{"@type":"Article","headline":"H"}</script>');
    expect(head).not.toContain("content='no'");
  });

  it('stops at <body> or </head>, and reads a page that has neither', () => {
    expect(headForMetadata('<title>a</title><body><meta name="author" content="x">')).toBe('<html><head><title>a</title></head></html>');
    expect(headForMetadata('<head><title>a</title></head><meta name="author" content="x">')).toBe('<html><head><title>a</title></head></html>');
    expect(headForMetadata('<title>a</title><meta property="og:type" content="video">')).toBe(
      '<html><head><title>a</title><meta property="og:type" content="video"></head></html>',
    );
    expect(headForMetadata('no markup at all')).toBe(EMPTY_HEAD);
  });

  it('skips comments the way the tokenizer ends them: "-->", "--!>", and "<!-->" at once', () => {
    expect(names(headForMetadata('<!-- <meta name="a" content="hidden"> --><title>t</title>'))).toEqual(['html', 'head', 'title']);
    expect(headForMetadata('<!-- x --!><meta name="author" content="seen">')).toContain('content="seen"');
    expect(headForMetadata('<!--><meta name="author" content="seen"> -->')).toContain('content="seen"');
  });

  it('keeps the values as the page wrote them, so they read the same', async () => {
    const m = await extractMetadata(
      `<meta property="og:title" content='Say "hi" &amp; bye'><meta property="og:description" content=unquoted&#33;>`,
      'https://example.org/',
    );
    expect(m.title).toBe('Say "hi" & bye');
    expect(m.description).toBe('unquoted!');
  });

  it('bounds what it keeps: elements, attributes of one element, attributes in all, characters', () => {
    const many = headForMetadata('<head>' + '<meta name="author" content="x">'.repeat(5000));
    expect(shape(many).elements).toBeLessThanOrEqual(HEAD_LIMITS.elements + 3); // + html, head, body

    const wide = headForMetadata(`<title>t</title><meta ${Array.from({ length: 50_000 }, (_, i) => `a${i}="x"`).join(' ')}>`);
    expect(shape(wide).attributes).toBe(HEAD_LIMITS.attributesPerElement);

    const tags = headForMetadata('<head>' + `<meta ${'a="x" '.repeat(16)}>`.repeat(900));
    expect(tags.match(/ a="x"/g)!.length).toBeLessThanOrEqual(HEAD_LIMITS.attributes);
    expect(tags.length).toBeLessThanOrEqual(HEAD_LIMITS.outputChars + EMPTY_HEAD.length);
  });

  it('skips a JSON-LD script too big to keep, and goes on reading', () => {
    const big = `<script type="application/ld+json">${JSON.stringify({ x: 'y'.repeat(HEAD_LIMITS.outputChars) })}</script>`;
    expect(headForMetadata(`<head>${big}<title>after</title>`)).toBe('<html><head><title>after</title></head></html>');
  });

  it('gives a parser a flat head within bounds, whatever the page (tokens that confuse scanners, in any order)', () => {
    const tokens = [
      '<', '>', '/', '"', "'", '=', ' ', '\n', '!', '-', '<!--', '-->', '--!>', '<!-->', '<?x', '<![CDATA[', ']]>',
      '<title>', '</title>', '<meta', '<meta name="a" content="b">', '<link rel="icon" href="/f">', 'a', 'b="',
      '<script>', '<script type="application/ld+json">', '</script>', '<style>', '</style>', '<textarea>', '</textarea>',
      '<div>', '<p>', '<svg>', '<template>', '<noscript>', '&quot;', '&', '<!--<script>',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 300 }), (parts) => {
        const s = shape(headForMetadata(parts.join('')));
        // html > head > element: nothing nests, however the page nested things.
        expect(s.depth).toBeLessThanOrEqual(3);
        expect(s.attributes).toBeLessThanOrEqual(HEAD_LIMITS.attributesPerElement);
        expect(s.elements).toBeLessThanOrEqual(HEAD_LIMITS.elements + 3);
      }),
      { numRuns: 500 },
    );
  });
});

describe('extractMetadata on pages built to make a parser slow', () => {
  // Each of these took the unbounded parser seconds to minutes; the test's timeout would fail them.
  it('reads the title of a 1 MiB page of nested <div>s', async () => {
    expect((await extractMetadata('<title>deep</title><body>' + '<div>'.repeat(200_000), 'https://example.org/')).title).toBe('deep');
    expect((await extractMetadata('<title>deep</title>' + '<div>'.repeat(200_000), 'https://example.org/')).title).toBe('deep');
  });

  it('reads a page whose <meta> has 50,000 attributes', async () => {
    const attributes = Array.from({ length: 50_000 }, (_, i) => `a${i}="x"`).join(' ');
    const m = await extractMetadata(`<title>attrs</title><meta property="og:description" content="d" ${attributes}>`, 'https://example.org/');
    expect(m).toMatchObject({ title: 'attrs', description: 'd' });
  });
});
