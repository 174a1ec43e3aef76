import { isTrackingParam } from '../links/canonical-url.js';
import type { ResolvedSection } from './resolve-items.js';

export type Finding = { code: string; message: string; linkId?: number; section?: string };
export type CheckResult = { ok: boolean; errors: Finding[]; warnings: Finding[] };

export type CheckInput = {
  note: string | null;
  quote: { text: string; author: string | null; url: string | null } | null;
  sections: ResolvedSection[];
  /** Canonical key → number of the earlier published issue that carried it. */
  publishedKeys: Map<string, number>;
  /** Link id → number of the published issue it is in (for possibleDuplicateOf targets). */
  publishedLinks: Map<number, number>;
};

const URL_IN_TEXT = /https?:\/\/[^\s<>()[\]"'`]+/gi;

/** Tracking parameters in URLs an editor pasted into Markdown (the service cleans only link URLs). */
export function trackingParamsIn(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.matchAll(URL_IN_TEXT)) {
    try {
      for (const name of new URL(match[0]).searchParams.keys()) if (isTrackingParam(name)) found.add(name);
    } catch {
      // not a URL after all
    }
  }
  return [...found];
}

/**
 * The pre-publish check. Errors stop publishing; warnings stop it only with `strict=true`.
 */
export function checkIssue(input: CheckInput): CheckResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const itemCount = input.sections.reduce((n, s) => n + s.items.length, 0);
  if (itemCount === 0) errors.push({ code: 'empty_issue', message: 'The issue has no items.' });

  for (const section of input.sections) {
    if (section.items.length === 0 && itemCount > 0) {
      warnings.push({ code: 'empty_section', message: `Section “${section.name}” is empty and will be left out.`, section: section.name });
    }
    for (const item of section.items) {
      const at = { linkId: item.linkId, section: section.name };
      const { link } = item;
      if (link.status !== 'approved') {
        errors.push({ code: 'link_not_approved', message: `Link ${item.linkId} is ${link.status}, not approved.`, ...at });
      }
      if (item.markdown === null) {
        if (item.titleSource === 'url') {
          warnings.push({ code: 'title_is_url', message: `Link ${item.linkId} has no title; the bare URL will show.`, ...at });
        }
        if (item.blurb === null) warnings.push({ code: 'no_blurb', message: `Link ${item.linkId} has no blurb.`, ...at });
      }
      // A failed fetch matters only where the item would have shown fetched text: an editor who
      // wrote the title and blurb (or the whole line) is not held up by it.
      const fallsBack = item.markdown === null && (item.titleSource === 'url' || item.blurb === null);
      if (link.enrichmentStatus === 'failed' && fallsBack) {
        warnings.push({ code: 'enrichment_failed', message: `Fetching link ${item.linkId}’s page failed (${link.enrichmentError ?? 'unknown'}).`, ...at });
      }
      const earlier = input.publishedKeys.get(item.canonicalKey);
      if (earlier !== undefined) {
        warnings.push({ code: 'already_published', message: `Link ${item.linkId}’s page was already in issue ${earlier}.`, ...at });
      } else if (link.possibleDuplicateOf !== null && input.publishedLinks.has(link.possibleDuplicateOf)) {
        const number = input.publishedLinks.get(link.possibleDuplicateOf)!;
        warnings.push({
          code: 'already_published',
          message: `Link ${item.linkId} declares the page of link ${link.possibleDuplicateOf}, which was in issue ${number}.`,
          ...at,
        });
      }
      if (item.markdown !== null) {
        const params = trackingParamsIn(item.markdown);
        if (params.length > 0) {
          warnings.push({ code: 'tracking_params', message: `Link ${item.linkId}’s Markdown has tracking parameters: ${params.join(', ')}.`, ...at });
        }
      }
    }
  }
  if (input.note) {
    const params = trackingParamsIn(input.note);
    if (params.length > 0) warnings.push({ code: 'tracking_params', message: `The note has tracking parameters: ${params.join(', ')}.` });
  }
  if (input.quote && !input.quote.author) warnings.push({ code: 'quote_without_author', message: 'The quote has no author.' });
  return { ok: errors.length === 0, errors, warnings };
}
