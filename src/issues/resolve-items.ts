import type { Text, RenderItem, RenderSection } from './issue-model.js';

/** An item joined with its link: what resolution needs. */
export type ItemWithLink = {
  linkId: number;
  section: string;
  position: number;
  itemTitle: string | null;
  itemBlurb: string | null;
  itemMarkdown: string | null;
  url: string;
  canonicalKey: string;
  linkTitle: string | null;
  linkBlurb: string | null;
  creditName: string | null;
  creditUrl: string | null;
  source: 'editor' | 'submission' | 'import';
  status: 'pending' | 'approved' | 'rejected' | 'archived';
  metadataTitle: string | null;
  metadataDescription: string | null;
  enrichmentStatus: 'pending' | 'done' | 'failed';
  enrichmentError: string | null;
  possibleDuplicateOf: number | null;
};

export type ResolvedItem = {
  linkId: number;
  url: string;
  canonicalKey: string;
  title: Text;
  /** Where the title came from: the check warns when it fell back to the URL. */
  titleSource: 'item' | 'link' | 'page' | 'url';
  blurb: Text | null;
  credit: { name: Text; url: string | null } | null;
  markdown: string | null;
  override: { title: string | null; blurb: string | null; markdown: string | null };
  link: ItemWithLink;
};

/**
 * Title: item override → editor title → fetched title → URL. Blurb: item override → editor
 * blurb → fetched description. Item overrides are always the editor's; a link's own text is
 * trusted only when an editor added the link: text from a public submission is not, nor is an
 * imported bookmark's (its title is mostly the page's own, saved by a browser, and it is plain
 * text, never Markdown); fetched text never is.
 */
export function resolveItem(row: ItemWithLink): ResolvedItem {
  const linkTrusted = row.source === 'editor';
  let title: Text;
  let titleSource: ResolvedItem['titleSource'];
  if (row.itemTitle) [title, titleSource] = [{ value: row.itemTitle, trusted: true }, 'item'];
  else if (row.linkTitle) [title, titleSource] = [{ value: row.linkTitle, trusted: linkTrusted }, 'link'];
  else if (row.metadataTitle) [title, titleSource] = [{ value: row.metadataTitle, trusted: false }, 'page'];
  else [title, titleSource] = [{ value: row.url, trusted: false }, 'url'];

  let blurb: Text | null = null;
  if (row.itemBlurb) blurb = { value: row.itemBlurb, trusted: true };
  else if (row.linkBlurb) blurb = { value: row.linkBlurb, trusted: linkTrusted };
  else if (row.metadataDescription) blurb = { value: row.metadataDescription, trusted: false };

  return {
    linkId: row.linkId,
    url: row.url,
    canonicalKey: row.canonicalKey,
    title,
    titleSource,
    blurb,
    credit: row.creditName === null ? null : { name: { value: row.creditName, trusted: linkTrusted }, url: row.creditUrl },
    markdown: row.itemMarkdown,
    override: { title: row.itemTitle, blurb: row.itemBlurb, markdown: row.itemMarkdown },
    link: row,
  };
}

export function toRenderItem(item: ResolvedItem): RenderItem {
  if (item.markdown !== null) return { type: 'markdown', linkId: item.linkId, markdown: item.markdown };
  return { type: 'link', linkId: item.linkId, title: item.title, url: item.url, blurb: item.blurb, credit: item.credit };
}

export type ResolvedSection = { name: string; featured: boolean; items: ResolvedItem[] };

export function toRenderSections(sections: ResolvedSection[]): RenderSection[] {
  return sections.map((s) => ({ name: s.name, featured: s.featured, items: s.items.map(toRenderItem) }));
}

/** The API's JSON for one item (text values, trusted or not, as plain strings). */
export function toItemJson(item: ResolvedItem) {
  return {
    linkId: item.linkId,
    url: item.url,
    title: item.title.value,
    blurb: item.blurb?.value ?? null,
    credit: item.credit ? { name: item.credit.name.value, url: item.credit.url } : null,
    markdown: item.markdown,
    override: item.override,
  };
}
