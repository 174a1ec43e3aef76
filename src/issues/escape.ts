/**
 * Escaping helpers shared by the issue renderers (Markdown, HTML). Pure functions.
 */

/** Whitespace (including Unicode line/paragraph separators) and C0/C1 control characters. */
const WHITESPACE_OR_CONTROL_RUN = /[\s\u0000-\u001f\u007f-\u009f]+/g;

/** Line breaks, with the horizontal whitespace around them. */
const NEWLINE_RUN = /[ \t]*(?:\r\n|[\r\n\u2028\u2029])[\s]*/g;

/** Every ASCII punctuation character (CommonMark's backslash-escapable set). */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * Collapses every run of whitespace and control characters (newlines, tabs, NUL, …) to one
 * space and trims. Used for untrusted text, which must stay on one line.
 */
export function collapseWhitespace(s: string): string {
  return s.replace(WHITESPACE_OR_CONTROL_RUN, ' ').trim();
}

/**
 * Collapses every line break (and the spaces around it) to one space and trims. Used for
 * trusted text that has to fit on one line (item lines, headings, the greeting).
 */
export function collapseNewlines(s: string): string {
  return s.replace(NEWLINE_RUN, ' ').trim();
}

/**
 * Untrusted text → inert Markdown: whitespace/control characters collapsed to one space,
 * trimmed, and every ASCII punctuation character backslash-escaped, so that the result can
 * never open a link, an image, an autolink, an entity, emphasis or raw HTML.
 */
export function escapeMarkdownText(s: string): string {
  return collapseWhitespace(s).replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/** HTML text and attribute escaping: `& < > " '`. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** Whether a stored URL may become a link: only `http://` and `https://` (case-insensitive). */
export function isHttpUrl(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\/[^\s\u0000-\u001f\u007f]/i.test(url);
}

function percentEncodeChar(c: string): string {
  return Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** Whether the parentheses in `s` form balanced pairs (and nest no deeper than markdown-it follows). */
function parenthesesBalanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') {
      depth += 1;
      if (depth > 32) return false;
    } else if (c === ')') {
      depth -= 1;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}

/**
 * A stored URL as a Markdown link destination (the part inside `(...)`): emitted as stored,
 * except for what would break or change the destination — whitespace and control characters,
 * `<` and `>` are percent-encoded, parentheses too when they are unbalanced; a backslash is
 * doubled and an `&` that would start an entity reference is backslash-escaped (Markdown
 * unescapes both back to the stored characters).
 */
export function markdownLinkDestination(url: string): string {
  const encodeParens = !parenthesesBalanced(url);
  let out = '';
  const chars = Array.from(url);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (/[\s\u0000-\u001f\u007f<>]/.test(c) || (encodeParens && (c === '(' || c === ')'))) out += percentEncodeChar(c);
    else if (c === '\\') out += '\\\\';
    else if (c === '&' && /^&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/.test(chars.slice(i, i + 40).join(''))) {
      out += '\\&';
    } else out += c;
  }
  return out;
}

/**
 * Editor Markdown that may span lines, as the content of a `- ` list item: line endings
 * normalised to `\n`, leading blank lines and surrounding whitespace removed, and every
 * line after the first indented by two spaces (the item's content column), so that
 * paragraphs, fenced code and nested lists stay inside the item. Blank lines stay blank.
 * Empty when the text is blank.
 */
export function listItemBody(markdown: string): string {
  const lines = markdown
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd()
    .split('\n');
  lines[0] = (lines[0] ?? '').trimStart();
  return lines.map((line, i) => (i === 0 ? line : line.trim() === '' ? '' : `  ${line}`)).join('\n');
}

/** Whether editor Markdown spans more than one line once its surrounding blank lines are removed. */
export function spansLines(markdown: string): boolean {
  return /[\r\n\u2028\u2029]/.test(markdown.trim());
}
