/**
 * An issue's Markdown read back into an issue: the inverse of renderMarkdown. Pure.
 *
 * The reading is checked by rendering it: an issue is accepted only when what was read renders
 * to the very bytes it was read from (with every text as the issue's own, so the newsletter's
 * settings play no part), and an item that does not follow the item pattern is kept as its own
 * Markdown. Anything else is a MarkdownFormatError naming the first line that cannot be so.
 *
 * Where the format is ambiguous the reading picks one of the readings that render the same:
 * - after `# subject`, a lone `**…**` paragraph is the greeting, the rest up to the first `---`
 *   between blank lines is the intro;
 * - after the rule, a paragraph start `**Quote of the day:**` (a blank line, `>` lines) is the
 *   quote, and a paragraph start `## Name` directly followed by a `- ` line is a section; free
 *   text before them is the note and the submission call (the last paragraph, or the
 *   newsletter's own submission call when the text ends with it), and after the sections the
 *   sign-off.
 */
import { MAX_SECTIONS, SectionName, type NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import { collapseNewlines, escapeMarkdownText } from './escape.js';
import type { RenderIssue, RenderItem, RenderSection } from './issue-model.js';
import { IsoDate, MAX_ITEMS } from './issues.schemas.js';
import { linkRenderItem, namedLink, readItem, unescapeMarkdown, type ItemLink } from './parse-item.js';
import { renderMarkdown } from './render-markdown.js';

export class MarkdownFormatError extends Error {
  constructor(
    /** 1-based. */
    readonly line: number,
    readonly expected: string,
  ) {
    super(`Line ${line}: ${expected}`);
  }
}

export type ParsedItem = {
  /** 1-based line of its `- `. */
  line: number;
  /** The item as its own Markdown (what follows `- `, further lines unindented). */
  markdown: string;
  /** The page it is about, as written; null when its Markdown names none. */
  url: string | null;
  /** Its title, blurb and credit when the line follows the item pattern. */
  link: ItemLink | null;
};

export type ParsedSection = { line: number; name: string; featured: boolean; items: ParsedItem[] };

export type ParsedIssue = {
  date: string;
  subject: string;
  /** The issue's own texts: '' where the block is left out. */
  greeting: string;
  intro: string;
  submissionCall: string;
  signoff: string;
  note: string | null;
  quote: { text: string; author: string | null; url: string | null } | null;
  sections: ParsedSection[];
};

/** Which of the free texts the newsletter usually has, to split free text where the editor did. */
export type ParseHints = Partial<Pick<NewsletterSettings, 'submissionCall' | 'signoff'>>;

const QUOTE_HEADING = '**Quote of the day:**';
const quoted = (line: string | undefined) => (line === undefined ? 'the end of the file' : line === '' ? 'a blank line' : `“${line}”`);

type Lines = readonly string[];
type Block = { kind: 'free' | 'quote' | 'section'; start: number; end: number };

function fail(line: number, expected: string): never {
  throw new MarkdownFormatError(line, expected);
}

function expectLine(lines: Lines, i: number, wanted: string, what: string): void {
  if (lines[i] !== wanted) fail(i + 1, `expected ${what}, found ${quoted(lines[i])}.`);
}

const isQuoteStart = (lines: Lines, i: number) => lines[i] === QUOTE_HEADING && lines[i + 1] === '' && (lines[i + 2] ?? '').startsWith('>');
const isSectionStart = (lines: Lines, i: number) => /^##(?: |$)/.test(lines[i]!) && (lines[i + 1] ?? '').startsWith('- ');

/** The blocks after the rule, from `start`: the quote, sections and paragraphs of free text; from `stop` on, free text only. */
function blocksFrom(lines: Lines, start: number, stop: number): Block[] {
  const blocks: Block[] = [];
  let i = start;
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
      continue;
    }
    if (i >= stop) {
      blocks.push({ kind: 'free', start: i, end: lines.length - 1 });
      break;
    }
    let end = i;
    let kind: Block['kind'] = 'free';
    if (isQuoteStart(lines, i)) {
      kind = 'quote';
      end = i + 2;
      while ((lines[end + 1] ?? '').startsWith('>')) end++;
    } else if (isSectionStart(lines, i)) {
      kind = 'section';
      end = sectionEnd(lines, i, stop);
    } else {
      while (end + 1 < lines.length && lines[end + 1] !== '') end++;
    }
    if (kind !== 'free' && end + 1 < lines.length && lines[end + 1] !== '') {
      fail(end + 2, `expected a blank line after the ${kind === 'quote' ? 'quote' : 'section'}, found ${quoted(lines[end + 1])}.`);
    }
    blocks.push({ kind, start: i, end });
    i = end + 1;
  }
  return blocks;
}

/** The last line of the section whose heading is at `start` (before `stop`): its items and their further lines. */
function sectionEnd(lines: Lines, start: number, stop: number): number {
  let end = start + 1;
  for (;;) {
    const next = end + 1 < stop ? lines[end + 1] : undefined;
    if (next === undefined) return end;
    if (next.startsWith('- ') || next.startsWith('  ')) {
      end++;
      continue;
    }
    if (next === '') {
      // Blank lines inside an item are followed by more of it, indented.
      let k = end + 1;
      while (lines[k] === '') k++;
      if (k < stop && (lines[k] ?? '').startsWith('  ')) {
        end = k;
        continue;
      }
      return end;
    }
    fail(end + 2, `expected an item line (“- …”), a further line of an item (indented two spaces) or a blank line, found ${quoted(next)}.`);
  }
}

const text = (lines: Lines, start: number, end: number) => lines.slice(start, end + 1).join('\n');

/** Where free text may split into two blocks that each render as written: a blank line between a line without trailing space and a non-blank one. */
function splitPoints(lines: Lines, start: number, end: number): number[] {
  const points: number[] = [];
  for (let i = start + 1; i < end; i++) {
    const before = lines[i - 1]!;
    if (lines[i] === '' && before !== '' && before === before.trimEnd() && lines[i + 1]!.trim() !== '') points.push(i);
  }
  return points;
}

/** Editor text as the renderer writes a block of it (see block() in render-markdown.ts). */
const asBlock = (s: string) => s.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd();

/**
 * Where free text (lines `start`…`end`) splits into two blocks: at the blank line before
 * `usual` when it ends with it, else before its last paragraph. `end + 1` puts it all in the
 * first block (as when the newsletter has no such text), `start - 1` all in the second.
 */
function splitLine(lines: Lines, start: number, end: number, usual: string | undefined): number {
  if (start > end) return end + 1;
  const wanted = usual === undefined ? undefined : asBlock(usual);
  if (wanted === '') return end + 1;
  if (text(lines, start, end) === wanted) return start - 1;
  const points = splitPoints(lines, start, end);
  return points.find((p) => text(lines, p + 1, end) === wanted) ?? points.at(-1) ?? start - 1;
}

function readQuote(lines: Lines, block: Block): NonNullable<ParsedIssue['quote']> {
  const quoteLines = lines.slice(block.start + 2, block.end + 1);
  let author: string | null = null;
  let url: string | null = null;
  const last = /^> — <small>(.+)<\/small>$/.exec(quoteLines.at(-1)!);
  if (last && quoteLines.length > 1 && quoteLines.at(-2)!.endsWith('  ')) {
    ({ name: author, url } = namedLink(last[1]!));
    quoteLines.pop();
    quoteLines[quoteLines.length - 1] = quoteLines.at(-1)!.slice(0, -2);
  }
  const body = quoteLines.map((line, i) => {
    if (line === '>') return '';
    if (!line.startsWith('> ')) fail(block.start + 3 + i, `expected “> ” and a line of the quote, found ${quoted(line)}.`);
    return line.slice(2);
  });
  return { text: body.join('\n'), author, url };
}

function readSection(lines: Lines, block: Block): ParsedSection {
  const heading = lines[block.start]!.slice(3);
  const name = unescapeMarkdown(heading);
  const valid = SectionName.safeParse(name);
  if (name === '' || escapeMarkdownText(name) !== heading || !valid.success) {
    const why = valid.success ? '' : ` (${valid.error.issues[0]?.message ?? 'not a section name'})`;
    const wanted = name.trim() === '' ? '“## Name”' : `“## ${escapeMarkdownText(name)}”`;
    fail(block.start + 1, `expected a section heading ${wanted}, its name plain text with punctuation backslash-escaped${why}, found ${quoted(lines[block.start])}.`);
  }
  const starts: number[] = [];
  for (let i = block.start + 1; i <= block.end; i++) if (lines[i]!.startsWith('- ')) starts.push(i);
  const read = starts.map((start, k) => {
    const end = (starts[k + 1] ?? block.end + 1) - 1;
    const item = readItem(text(lines, start, end).slice(2));
    if (!item) fail(start + 1, 'expected an item as linkletter writes it: “- ” and its text, without leading spaces, further lines indented two spaces.');
    return { line: start + 1, item };
  });
  // Featured where every item that follows the pattern has a bold title (and one does).
  const featured = read.some((r) => r.item.featured) && read.every((r) => r.item.featured || !r.item.plain);
  const items = read.map(({ line, item }) => ({ line, markdown: item.markdown, url: item.url, link: featured ? item.featured : item.plain }));
  return { line: block.start + 1, name, featured, items };
}

/** The first line where `actual` differs from what the renderer wrote for the reading. */
export function firstDifference(expected: string, actual: string): MarkdownFormatError | null {
  if (expected === actual) return null;
  const want = expected.split('\n');
  const have = actual.split('\n');
  let i = 0;
  while (want[i] === have[i]) i++;
  return new MarkdownFormatError(i + 1, `expected ${quoted(want[i])} here, as linkletter writes this issue, found ${quoted(have[i])}.`);
}

function header(lines: Lines): { date: string; subject: string } {
  expectLine(lines, 0, '---', 'front matter: “---”, “title: YYYY-MM-DD”, “---”');
  const date = /^title: (.*)$/.exec(lines[1] ?? '')?.[1];
  if (date === undefined || !IsoDate.safeParse(date).success) fail(2, `expected “title: YYYY-MM-DD” with the issue’s date, found ${quoted(lines[1])}.`);
  expectLine(lines, 2, '---', 'the end of the front matter, “---”');
  expectLine(lines, 3, '', 'a blank line after the front matter');
  const subject = /^# (.+)$/.exec(lines[4] ?? '')?.[1];
  if (subject === undefined || collapseNewlines(subject) !== subject || subject.length > 300) {
    fail(5, `expected the subject, “# Subject” (at most 300 characters, no spaces around it), found ${quoted(lines[4])}.`);
  }
  expectLine(lines, 5, '', 'a blank line after the subject');
  return { date, subject };
}

/** A file's bytes as UTF-8 text, a byte order mark kept (it is a byte of the file); a MarkdownFormatError where they are not UTF-8. */
export function decodeIssueFile(bytes: Uint8Array | ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    throw new MarkdownFormatError(lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length, 'expected text in UTF-8.');
  }
}

/** The issue the Markdown describes; throws a MarkdownFormatError naming the line when it is not in the format. */
export function parseIssueMarkdown(markdown: string, hints: ParseHints = {}): ParsedIssue {
  const cr = markdown.indexOf('\r');
  if (cr >= 0) fail(markdown.slice(0, cr).split('\n').length, 'expected lines ending in “\\n” alone, found “\\r”.');
  const all = markdown.split('\n');
  if (!markdown.endsWith('\n')) fail(all.length, 'expected a line break at the end of the file.');
  if (markdown.endsWith('\n\n') || markdown === '\n') fail(all.length - 1, 'expected text, not a blank line, at the end of the file.');
  const lines = all.slice(0, -1);
  const { date, subject } = header(lines);

  let i = 6;
  let greeting = '';
  const bold = /^\*\*(.+)\*\*$/.exec(lines[i] ?? '')?.[1];
  if (bold !== undefined && lines[i + 1] === '' && collapseNewlines(bold) === bold) {
    greeting = bold;
    i += 2;
  }
  let rule = i;
  while (rule < lines.length && !(lines[rule] === '---' && lines[rule - 1] === '' && (lines[rule + 1] ?? '') === '')) rule++;
  if (rule === lines.length) fail(i + 1, 'expected the rule, “---” between blank lines, after the greeting and the intro.');
  const intro = rule > i ? text(lines, i, rule - 2) : '';

  const read = (signoffFrom: number): ParsedIssue => {
    const issue = { date, subject, greeting, intro, ...readAfterRule(lines, rule + 2, signoffFrom, hints) };
    const difference = firstDifference(renderParsed(issue), markdown);
    if (difference) throw difference;
    return issue;
  };
  try {
    return read(lines.length);
  } catch (err) {
    if (!(err instanceof MarkdownFormatError)) throw err;
    // A sign-off that starts indented reads as more of the last item before it: try it as the
    // sign-off from each blank line of that section followed by an indented line, latest first.
    const headed = (k: number) => lines[k - 1] === '' && isSectionStart(lines, k);
    let heading = err.line - 1;
    while (heading > rule && !headed(heading)) heading--;
    let next = err.line;
    while (next < lines.length && !headed(next)) next++;
    for (let b = next - 1, tries = 0; b > heading && tries < 100; b--) {
      if (lines[b] !== '' || lines[b - 1] === '' || !lines[b + 1]!.startsWith('  ')) continue;
      tries++;
      try {
        return read(b + 1);
      } catch {
        // not this one either
      }
    }
    throw err;
  }
}

type AfterRule = Omit<ParsedIssue, 'date' | 'subject' | 'greeting' | 'intro'>;

/** Note, submission call, quote, sections and sign-off: the blocks from `start`, free text only from `signoffFrom`. */
function readAfterRule(lines: Lines, start: number, signoffFrom: number, hints: ParseHints): AfterRule {
  const blocks = blocksFrom(lines, start, signoffFrom);
  const quoteAt = blocks.findIndex((b) => b.kind === 'quote');
  const firstSection = blocks.findIndex((b) => b.kind === 'section');
  const lastSection = blocks.findLastIndex((b) => b.kind === 'section');
  // The quote and the sections, together in that order, with free text before and after them.
  const middleStart = quoteAt >= 0 ? quoteAt : firstSection;
  const middleEnd = lastSection >= 0 ? lastSection : quoteAt;
  blocks.forEach((b, k) => {
    if (b.kind === 'quote' && k !== quoteAt) fail(b.start + 1, 'expected one quote of the day, not a second.');
    if (b.kind === 'quote' && firstSection >= 0 && k > firstSection) fail(b.start + 1, 'expected the quote of the day before the sections.');
    if (b.kind === 'free' && k > middleStart && k < middleEnd) fail(b.start + 1, `expected a section (“## Name” and its items) here, found ${quoted(lines[b.start])}.`);
  });
  const sections = blocks.filter((b) => b.kind === 'section').map((b) => readSection(lines, b));
  const before = middleStart >= 0 ? blocks.slice(0, middleStart) : blocks;
  const after = middleEnd >= 0 ? blocks.slice(middleEnd + 1) : [];

  const preStart = before[0]?.start ?? 0;
  let preEnd = before.at(-1)?.end ?? -1;
  let signoff = after.length > 0 ? text(lines, after[0]!.start, after.at(-1)!.end) : '';
  if (middleStart < 0) {
    // Free text only: it ends with the sign-off.
    const at = splitLine(lines, preStart, preEnd, hints.signoff);
    signoff = text(lines, at + 1, preEnd);
    preEnd = at - 1;
  }
  const at = splitLine(lines, preStart, preEnd, hints.submissionCall);
  const note = text(lines, preStart, at - 1);
  const submissionCall = text(lines, at + 1, preEnd);

  const names = new Map<string, number>();
  for (const s of sections) {
    const earlier = names.get(s.name);
    if (earlier !== undefined) fail(s.line, `expected each section once; “${s.name}” is already the section of line ${earlier}.`);
    names.set(s.name, s.line);
  }
  if (sections.length > MAX_SECTIONS) fail(sections[MAX_SECTIONS]!.line, `expected at most ${MAX_SECTIONS} sections.`);
  const items = sections.flatMap((s) => s.items);
  if (items.length > MAX_ITEMS) fail(items[MAX_ITEMS]!.line, `expected at most ${MAX_ITEMS} items.`);
  const quote = quoteAt >= 0 ? readQuote(lines, blocks[quoteAt]!) : null;
  return { submissionCall, signoff, note: note === '' ? null : note, quote, sections };
}

function renderItem(item: ParsedItem): RenderItem {
  return item.link && item.url !== null ? linkRenderItem(item.url, item.link) : { type: 'markdown', linkId: 0, markdown: item.markdown };
}

/** The reading rendered as the issue's own texts and items with the links as read: what an import stores. */
export function renderParsed(issue: ParsedIssue): string {
  const sections: RenderSection[] = issue.sections.map((s) => ({ name: s.name, featured: s.featured, items: s.items.map(renderItem) }));
  const model: RenderIssue = { number: 0, date: issue.date, subject: issue.subject, note: issue.note, quote: issue.quote, status: 'draft', publishedAt: null, sections };
  const texts = { greeting: issue.greeting, intro: issue.intro, submissionCall: issue.submissionCall, signoff: issue.signoff };
  return renderMarkdown(model, { name: '', baseUrl: '', sections: [], ...texts });
}
