/**
 * Random issues for the round-trip properties of the Markdown import: random titles, blurbs,
 * credits, item Markdown and block texts, with punctuation, backslashes, emphasis markers,
 * brackets, unicode and line breaks.
 */
import fc from 'fast-check';
import { collapseWhitespace } from '../../src/issues/escape.js';
import type { Credit, RenderIssue, RenderItem, RenderSection, Text } from '../../src/issues/issue-model.js';
import type { NewsletterSettings } from '../../src/newsletter/newsletter.schemas.js';

const INLINE = [...'aZ09 .,;:-!?\'"()[]{}<>*_`~\\/&#|@=+%^$', 'é', '漢', '🙂', '—', ' - ', '**', '](', '<small>', '&amp;', '\\*'];
const BLOCK = [...INLINE, '\n', '\n\n', '\n  ', '\n- ', '\n> ', '\n```\n', '\t', '  \n'];

const inline = (maxLength: number) => fc.array(fc.constantFrom(...INLINE), { maxLength }).map((parts) => parts.join(''));
const multiline = (maxLength: number) => fc.array(fc.constantFrom(...BLOCK), { maxLength }).map((parts) => parts.join(''));

/**
 * Free editor text (intro, note, …). Leaves out what the import reads as the quote or as a
 * section when it starts a paragraph after the rule (README: "Importing past issues").
 */
const freeText = multiline(30).filter((s) => !/(^|\n)##( [^\n]*)?\n- /.test(s) && !s.includes('**Quote of the day:**'));

const text = (maxLength: number, lines: boolean): fc.Arbitrary<Text> =>
  fc.record({ value: lines ? multiline(maxLength) : inline(maxLength), trusted: fc.boolean() });

/** URLs as stored (and, with `stored: false`, as only the renderer would meet them: spaces, `<`, unbalanced parentheses). */
export const randomUrl = (stored = true) =>
  fc
    .array(fc.constantFrom(...'abz09-._~/()&;=?#%', ...(stored ? [] : [' ', '<', '>', '\\', '('])), { maxLength: 16 })
    .map((parts) => `https://example.org/${parts.join('')}`);

const credit = (stored: boolean): fc.Arbitrary<Credit | null> =>
  fc.option(fc.record({ name: text(12, true), url: fc.option(fc.oneof(randomUrl(stored), fc.constant('mailto:someone@example.org'))) }), { freq: 2 });

const item = (stored: boolean): fc.Arbitrary<RenderItem> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ type: fc.constant('link' as const), linkId: fc.constant(0), title: text(16, true), url: randomUrl(stored), blurb: fc.option(text(30, true)), credit: credit(stored) }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('markdown' as const), linkId: fc.constant(0), markdown: multiline(30) }) },
  );

/** Section names: one line, unique once their whitespace is collapsed (the renderer collapses it). */
const sectionNames = fc.uniqueArray(inline(12).filter((s) => collapseWhitespace(s) !== '' && s.trim().length <= 100), {
  maxLength: 4,
  selector: (s) => collapseWhitespace(s),
});

export type RandomIssue = { issue: RenderIssue; newsletter: NewsletterSettings };

/** A random issue and newsletter, every item with a link id and a page of its own; `stored: false` allows URLs no link stores. */
export function randomIssue(stored = true): fc.Arbitrary<RandomIssue> {
  const sections = sectionNames.chain((names) =>
    fc.tuple(...names.map((name) => fc.record({ name: fc.constant(name), featured: fc.boolean(), items: fc.array(item(stored), { maxLength: 4 }) }))),
  );
  return fc
    .record({
      subject: inline(20).filter((s) => s.trim() !== ''),
      note: fc.option(freeText),
      quote: fc.option(fc.record({ text: freeText, author: fc.option(inline(10)), url: fc.option(randomUrl(true)) })),
      sections,
      greeting: inline(12),
      intro: freeText,
      submissionCall: freeText,
      signoff: freeText,
    })
    .map((r) => {
      let id = 0;
      // Each item about a page of its own (an issue holds a page once), named in its Markdown too.
      const own = (item: RenderItem, linkId: number): RenderItem =>
        item.type === 'link'
          ? { ...item, linkId, url: item.url.replace('https://example.org/', `https://example.org/${linkId}/`) }
          : { ...item, linkId, markdown: `${item.markdown} [more](https://example.org/${linkId}/more)` };
      const numbered: RenderSection[] = r.sections.map((s) => ({ ...s, items: s.items.map((i) => own(i, ++id)) }));
      return {
        issue: { number: 1, date: '2025-03-07', subject: r.subject, note: r.note, quote: r.quote, status: 'draft', publishedAt: null, sections: numbered },
        newsletter: { name: 'N', baseUrl: 'https://news.example.org', sections: [], greeting: r.greeting, intro: r.intro, submissionCall: r.submissionCall, signoff: r.signoff },
      };
    });
}
