/**
 * What the renderers (Markdown, HTML, JSON, feeds) take: an issue with every item already
 * resolved (title → editor's, fetched, or the URL; blurb → editor's or fetched). Renderers
 * are pure functions of these values; the same input renders to the same bytes.
 */

/**
 * A piece of text and whether it may be rendered as written. Editor-written text is
 * Markdown and passes through. Text that came from a fetched page or a public submission
 * (or the bare-URL fallback of a title) is untrusted: it is escaped so that it can never
 * open a link, an image or raw HTML.
 */
export type Text = { value: string; trusted: boolean };

export type Credit = { name: Text; url: string | null };

export type RenderItem =
  | {
      type: 'link';
      linkId: number;
      /** Already resolved: item override → editor title → fetched title → URL. */
      title: Text;
      /** The link's stored URL (http or https). */
      url: string;
      /** Already resolved: item override → editor blurb → fetched description; null = none. */
      blurb: Text | null;
      credit: Credit | null;
    }
  | {
      /** The item replaces its whole line with editor-written Markdown. */
      type: 'markdown';
      linkId: number;
      markdown: string;
    };

export type RenderSection = { name: string; featured: boolean; items: RenderItem[] };

export type RenderIssue = {
  number: number;
  /** YYYY-MM-DD */
  date: string;
  subject: string;
  /** Editor-written Markdown, or null. */
  note: string | null;
  quote: { text: string; author: string | null; url: string | null } | null;
  status: 'draft' | 'published';
  publishedAt: string | null;
  sections: RenderSection[];
};
