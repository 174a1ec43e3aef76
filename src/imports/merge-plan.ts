import type { Candidate } from './import-record.js';

/**
 * What an import knows of a page it meets: the link that has it (or, in a dry run, what the
 * run would have made of it so far). Titles and blurbs matter only as "set or not".
 */
export type PageState = {
  /** Null in a dry run for a page only the run itself would have created. */
  linkId: number | null;
  hasTitle: boolean;
  hasBlurb: boolean;
  /**
   * Whether an empty title or blurb may be filled from the file: not on a link an editor added
   * (its text is rendered as the editor's Markdown, and a bookmark's title is a page's plain
   * text), only on imported and submitted ones.
   */
  fillable: boolean;
  tags: Set<string>;
  createdAt: string;
};

export type Plan =
  | { outcome: 'created' }
  | { outcome: 'skipped' }
  | { outcome: 'merged'; title: string | null; blurb: string | null; addTags: string[]; createdAt: string | null };

/**
 * The merge rules, in one place for the real import and the dry run: a new page is created; a
 * known one gains the record's tags, a title or blurb only where it has none and is not an
 * editor's link (an editor's text is never replaced), and the record's date when it is earlier. A record that changes
 * nothing is skipped, so importing the same file twice creates and changes nothing.
 */
export function planRecord(current: PageState | undefined, record: Candidate): Plan {
  if (!current) return { outcome: 'created' };
  const title = current.fillable && !current.hasTitle && record.title !== null ? record.title : null;
  const blurb = current.fillable && !current.hasBlurb && record.blurb !== null ? record.blurb : null;
  const addTags = record.tags.filter((tag) => !current.tags.has(tag));
  const createdAt = record.createdAt !== null && record.createdAt < current.createdAt ? record.createdAt : null;
  if (title === null && blurb === null && addTags.length === 0 && createdAt === null) return { outcome: 'skipped' };
  return { outcome: 'merged', title, blurb, addTags, createdAt };
}

/** The state after a plan is carried out (a created page: `linkId` is the new link's, or null in a dry run). */
export function stateAfter(current: PageState | undefined, plan: Plan, record: Candidate, now: string, linkId: number | null): PageState | undefined {
  if (plan.outcome === 'created') {
    return { linkId, hasTitle: record.title !== null, hasBlurb: record.blurb !== null, fillable: true, tags: new Set(record.tags), createdAt: record.createdAt ?? now };
  }
  if (plan.outcome === 'skipped' || !current) return current;
  return {
    linkId: current.linkId,
    hasTitle: current.hasTitle || plan.title !== null,
    hasBlurb: current.hasBlurb || plan.blurb !== null,
    fillable: current.fillable,
    tags: new Set([...current.tags, ...plan.addTags]),
    createdAt: plan.createdAt ?? current.createdAt,
  };
}
