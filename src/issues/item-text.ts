/**
 * The text of an item line after its `- ` marker, shared by both renderers so that the HTML
 * is parsed from the very Markdown the `.md` carries (render-html.ts fills the title and
 * credit in afterwards). One line unless the editor's blurb spans lines; then the blurb's
 * lines continue the list item (indented to its content column), and the credit follows on
 * a line of its own, so that a fenced code block in a blurb stays a code block.
 */
import MarkdownIt from 'markdown-it';
import { collapseNewlines, listItemBody, spansLines } from './escape.js';

const parser = new MarkdownIt({ html: false, linkify: false });

/** Whether Markdown opens with a paragraph (not with a fence, list, heading, quote, …). */
function opensWithParagraph(markdown: string): boolean {
  return parser.parse(markdown, {})[0]?.type === 'paragraph_open';
}

/**
 * `head` is the rendered title (a link); `blurb` is '' or Markdown (editor-written, or already
 * escaped to one line); `credit` is '' or `— <small>…</small>`.
 */
export function linkItemText(head: string, blurb: string, credit: string): string {
  if (!spansLines(blurb)) {
    const oneLine = collapseNewlines(blurb);
    return `${head}${oneLine === '' ? '' : ` - ${oneLine}`}${credit === '' ? '' : ` ${credit}`}`;
  }
  const body = listItemBody(blurb);
  // A blurb that opens with a block (```, a list, …) starts on the next line, where it can.
  const text = opensWithParagraph(body) ? `${head} - ${body}` : `${head} -\n  ${body}`;
  return credit === '' ? text : `${text}\n  ${credit}`;
}
