/**
 * What of a page the metadata parser is given: its head, rebuilt flat and bounded.
 *
 * The parser (open-graph-scraper → cheerio) is quadratic in nesting depth and in the
 * attributes of one element, so a hostile page could keep it busy for minutes. Cutting the
 * page at `</head>` and counting tags would not be enough: a scanner and a parser that
 * disagree on where a comment, a `<title>` or a quoted value ends (`<!-->`, `--!>`,
 * `<title><a b="</title>…`) let a page hide markup from the count that the parser then sees.
 * So the parser never sees the page: this linear scan picks out the elements metadata comes
 * from (`<title>`, `<meta>`, `<link>`, JSON-LD `<script>`) and writes them anew, flat, with
 * at most HEAD_LIMITS of each. The parser's input is then exactly what was counted, whatever
 * the page looked like. Reading stops at `<body` or `</head>`, so body fallbacks (an `<h1>`,
 * `<time>`) and JSON-LD placed in the body are not used.
 *
 * The bounds cut, they never refuse: a page is read up to where it becomes too big, and what
 * was found before counts. So no page fails as "too complex"; the parse deadline (see
 * worker.ts) is the only failure left, and it is the backstop for whatever this misses.
 */

export const HEAD_LIMITS = {
  /** Characters read looking for the head (the fetcher keeps at most 1 MiB anyway). The scan is linear. */
  scanChars: 1024 * 1024,
  /** Characters of markup handed to the parser. */
  outputChars: 64 * 1024,
  /** Elements handed to the parser. */
  elements: 1000,
  /** Attributes kept of one element (a <meta> needs two or three). */
  attributesPerElement: 16,
  /** Attributes handed to the parser in all. */
  attributes: 4000,
} as const;

/** The head of a page with no element worth parsing. */
export const EMPTY_HEAD = '<html><head></head></html>';

const KEPT = new Set(['title', 'meta', 'link', 'script']);
/** Elements whose content is text up to their end tag (no markup inside). */
const TEXT_CONTENT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'noembed', 'noframes', 'iframe']);
const SAFE_ATTRIBUTE = /^[a-z_:][-a-z0-9_:.]*$/;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;

/** Lowercases A–Z only, so every index still points at the same character. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * Next occurrence of `needle` at or after `from`, for a scan that only moves forward: an
 * answer is reused until the scan passes it, and "none" is final, so every search together
 * reads the text once (a thousand `<!---->` must not each search to the end for `--!>`).
 */
function finder(hay: string, needle: string): (from: number) => number {
  let at = -2;
  return (from) => {
    if (at !== -1 && at < from) at = hay.indexOf(needle, from);
    return at;
  };
}

type Tag = { name: string; attributes: [string, string][]; end: number };

/** Rebuilds the metadata-bearing part of `html`'s head; see the module comment. */
export function headForMetadata(html: string): string {
  const src = html.length > HEAD_LIMITS.scanChars ? html.slice(0, HEAD_LIMITS.scanChars) : html;
  const lower = asciiLower(src);
  const n = src.length;
  const nextLt = finder(src, '<');
  const nextGt = finder(src, '>');
  const nextCommentEnd = finder(src, '-->');
  const nextBangCommentEnd = finder(src, '--!>');
  const quotes = { [0x22]: finder(src, '"'), [0x27]: finder(src, "'") } as Record<number, (from: number) => number>;
  const endTags = new Map<string, (from: number) => number>();

  const out: string[] = [];
  let outChars = 0;
  let elements = 0;
  let attributes = 0;

  function readTag(at: number): Tag {
    let j = at;
    while (j < n && !isSpace(src.charCodeAt(j)) && src.charCodeAt(j) !== SLASH && src.charCodeAt(j) !== GT) j++;
    const tag: Tag = { name: lower.slice(at, j), attributes: [], end: n };
    for (;;) {
      while (j < n && (isSpace(src.charCodeAt(j)) || src.charCodeAt(j) === SLASH)) j++;
      if (j >= n) return tag;
      if (src.charCodeAt(j) === GT) break;
      // A name may start with '=' (the tokenizer's rule); it runs to a space, '/', '>' or '='.
      const nameAt = j++;
      while (j < n && !isSpace(src.charCodeAt(j)) && src.charCodeAt(j) !== SLASH && src.charCodeAt(j) !== GT && src.charCodeAt(j) !== EQ) j++;
      const nameEnd = j;
      while (j < n && isSpace(src.charCodeAt(j))) j++;
      let valueAt = j;
      let valueEnd = j;
      if (src.charCodeAt(j) === EQ) {
        j++;
        while (j < n && isSpace(src.charCodeAt(j))) j++;
        const q = src.charCodeAt(j);
        const closeQuote = quotes[q];
        if (closeQuote) {
          const close = closeQuote(j + 1);
          valueAt = j + 1;
          valueEnd = close === -1 ? n : close;
          j = close === -1 ? n : close + 1;
        } else {
          valueAt = j;
          while (j < n && !isSpace(src.charCodeAt(j)) && src.charCodeAt(j) !== GT) j++;
          valueEnd = j;
        }
      }
      // Only the first few are copied: a tag with 50,000 attributes costs one pass, no more.
      if (tag.attributes.length < HEAD_LIMITS.attributesPerElement) {
        tag.attributes.push([lower.slice(nameAt, nameEnd), src.slice(valueAt, valueEnd)]);
      }
    }
    tag.end = j + 1;
    return tag;
  }

  /** Writes one element; false when the bounds are reached and reading should stop. */
  function keep(tag: Tag, text: string | undefined): boolean {
    if (elements >= HEAD_LIMITS.elements || attributes >= HEAD_LIMITS.attributes) return false;
    let attrs = tag.attributes.filter(([name]) => SAFE_ATTRIBUTE.test(name));
    if (tag.name === 'script') {
      const type = attrs.find(([name]) => name === 'type')?.[1].trim().toLowerCase();
      if (type !== 'application/ld+json') return true;
      attrs = [['type', 'application/ld+json']];
    }
    attrs = attrs.slice(0, HEAD_LIMITS.attributes - attributes);
    // The value is the page's own text (entities still encoded), so in double quotes it reads
    // the same once '"' is written as &quot;.
    let markup = `<${tag.name}${attrs.map(([k, v]) => ` ${k}="${v.replaceAll('"', '&quot;')}"`).join('')}>`;
    if (text !== undefined) {
      // The text holds no end tag of its own (it stops at the first). In a script, "<!--" could
      // start the tokenizer's escaped states and swallow what follows; in JSON it can only be
      // inside a string, where \u003C is the same character.
      markup += `${tag.name === 'script' ? text.replaceAll('<!--', '\\u003C!--') : text}</${tag.name}>`;
    }
    if (outChars + markup.length > HEAD_LIMITS.outputChars) return true; // too big on its own: skipped
    out.push(markup);
    outChars += markup.length;
    elements++;
    attributes += attrs.length;
    return true;
  }

  let i = 0;
  while (i < n) {
    const lt = nextLt(i);
    if (lt === -1) break;
    if (src.startsWith('<!--', lt)) {
      // Search from the second '-' so that "<!-->" and "<!--->" close at once, as they do.
      const plain = nextCommentEnd(lt + 2);
      const bang = nextBangCommentEnd(lt + 2);
      if (plain === -1 && bang === -1) break;
      i = plain !== -1 && (bang === -1 || plain < bang) ? plain + 3 : bang + 4;
      continue;
    }
    const c = src.charCodeAt(lt + 1);
    if (c === 0x21 || c === 0x3f) {
      // <!DOCTYPE …>, <![CDATA[ … ]]>, <?xml …?>: up to the next '>'.
      const end = nextGt(lt + 2);
      if (end === -1) break;
      i = end + 1;
      continue;
    }
    const closing = c === SLASH;
    const nameAt = closing ? lt + 2 : lt + 1;
    if (!isLetter(src.charCodeAt(nameAt))) {
      i = lt + 1; // a '<' in text
      continue;
    }
    const tag = readTag(nameAt);
    i = tag.end;
    if (closing) {
      if (tag.name === 'head') break;
      continue;
    }
    if (tag.name === 'body') break;
    let text: string | undefined;
    if (TEXT_CONTENT.has(tag.name)) {
      let endTag = endTags.get(tag.name);
      if (!endTag) endTags.set(tag.name, (endTag = finder(lower, `</${tag.name}`)));
      const close = endTag(i);
      text = src.slice(i, close === -1 ? n : close);
      i = close === -1 ? n : close; // the end tag is read next, as a closing tag
    }
    if (KEPT.has(tag.name) && !keep(tag, text)) break;
  }
  return out.length === 0 ? EMPTY_HEAD : `<html><head>${out.join('')}</head></html>`;
}
