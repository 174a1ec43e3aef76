import { cleanUrl, hideCredentials } from '../links/canonical-url.js';
import { MAX_TAG_LENGTH, normalizeTagName, tagNameProblem } from '../tags/tag-name.js';
import type { RestoredLink } from './restore-entries.js';

/**
 * One bookmark as a parser read it from a file, before anything is checked: what every format
 * comes down to. `record` counts the file's records from 1 (resuming skips by it), `line` is
 * where the record starts.
 */
export type RawRecord = {
  record: number;
  line: number;
  url?: string | undefined;
  title?: string | undefined;
  note?: string | undefined;
  tags?: string[] | undefined;
  /** Seconds since the epoch (a number) or an ISO-8601 date (a string), as the file gives it. */
  date?: number | string | undefined;
  /** Set when the record could not be read at all (a JSON element that is not an object…). */
  unreadable?: string | undefined;
  /** A record of linkletter's own export (restore-entries.ts): its kind and its parsed JSON. */
  entry?: ExportEntry | undefined;
};

/** One thing a linkletter export holds: its header, the settings, or one tag, link or issue. */
export type ExportEntry = { kind: 'header' | 'newsletter' | 'moderation' | 'tag' | 'link' | 'issue'; value: unknown };

/** A record that can become (or merge into) a link: cleaned, normalised, checked. */
export type Candidate = {
  record: number;
  line: number;
  url: string;
  canonicalKey: string;
  title: string | null;
  blurb: string | null;
  tags: string[];
  /** ISO-8601; null when the file gives no usable date. */
  createdAt: string | null;
  /** A link of linkletter's own export: everything it had, for a new link made from it. */
  restored?: RestoredLink | undefined;
};

export type ImportProblem = { record: number; line: number; message: string; url?: string };

export const MAX_TITLE_LENGTH = 300;
export const MAX_BLURB_LENGTH = 4000;
/** More tags than this on one record is a sign of a broken file, not of a careful editor. */
export const MAX_RECORD_TAGS = 100;

/** Dates before this are taken for a broken clock (0, 1904, …) rather than a bookmark's age. */
const EARLIEST = Date.UTC(1990, 0, 1);
const DAY_MS = 86_400_000;

// C0/C1 controls (but tab and newline), and the characters that reorder text on screen.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A one-line text: controls dropped, every run of whitespace one space, trimmed; null when empty. */
export function importedLine(text: string | undefined, max: number): { value: string | null; cut: boolean } {
  if (text === undefined) return { value: null, cut: false };
  return cut(text.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim(), max);
}

/** A note: lines kept (at most one blank line between importedParagraphs), spaces within them collapsed. */
export function importedParagraphs(text: string | undefined, max: number): { value: string | null; cut: boolean } {
  if (text === undefined) return { value: null, cut: false };
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00A0]+/g, ' ').trim());
  return cut(lines.join('\n').replace(/\n{3,}/g, '\n\n').trim(), max);
}

function cut(text: string, max: number): { value: string | null; cut: boolean } {
  if (text === '') return { value: null, cut: false };
  if (text.length <= max) return { value: text, cut: false };
  // Never between the two halves of a surrogate pair.
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
  return { value: `${text.slice(0, end).trimEnd()}…`, cut: true };
}

/**
 * A folder or tag name from another tool, as one of our tags: normalised as the API does, then
 * made to fit the pattern rather than dropped (`Dev Tools & Stuff` → `dev-tools-stuff`,
 * `linkding:archived` → `linkding-archived`). Null when nothing of it is left.
 */
export function importedTagName(raw: string): string | null {
  const name = normalizeTagName(raw);
  if (tagNameProblem(name) === null) return name;
  const fitted = name
    .replace(/[^\p{L}\p{N}\p{M}._+#-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, MAX_TAG_LENGTH)
    .replace(/[-.]+$/, '');
  return tagNameProblem(fitted) === null ? fitted : null;
}

/** A date from a file: seconds, milliseconds or microseconds since the epoch, or ISO-8601. */
export function importedDate(value: number | string | undefined, now: Date): { iso: string | null; problem?: string } {
  if (value === undefined || value === '' || value === 0 || value === '0') return { iso: null };
  let ms: number;
  if (typeof value === 'number' || /^\s*\d+(\.\d+)?\s*$/.test(value)) {
    const n = Number(value);
    // Seconds until the year 5138; then milliseconds, then microseconds (Firefox's PRTime).
    ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n / 1000;
  } else {
    ms = Date.parse(value);
  }
  if (!Number.isFinite(ms)) return { iso: null, problem: `the date "${String(value).slice(0, 40)}" is not one; the link is dated today` };
  if (ms < EARLIEST || ms > now.getTime() + DAY_MS) {
    return { iso: null, problem: `the date ${new Date(ms).toISOString().slice(0, 10)} is out of range; the link is dated today` };
  }
  return { iso: new Date(Math.trunc(ms)).toISOString() };
}

export type Prepared = { candidate: Candidate; problems: ImportProblem[] } | { candidate: null; problems: ImportProblem[] };

/** Checks and cleans one record: a candidate (maybe with notes on what was changed), or why it cannot be one. */
export function prepareRecord(raw: RawRecord, now: Date): Prepared {
  const at = { record: raw.record, line: raw.line };
  const refuse = (message: string, url?: string): Prepared => ({
    candidate: null,
    problems: [{ ...at, message, ...(url === undefined ? {} : { url: url.slice(0, 200) }) }],
  });
  if (raw.unreadable) return refuse(raw.unreadable);
  const given = raw.url?.trim();
  if (!given) return refuse('no URL');
  const cleaned = cleanUrl(given);
  // The report shows the URL it refused, but not a password in it.
  if (!cleaned.ok) return refuse(cleaned.problem.message, hideCredentials(given));

  const problems: ImportProblem[] = [];
  const note = (message: string) => problems.push({ ...at, message, url: cleaned.value.url.slice(0, 200) });
  const title = importedLine(raw.title, MAX_TITLE_LENGTH);
  if (title.cut) note(`the title was cut to ${MAX_TITLE_LENGTH} characters`);
  const blurb = importedParagraphs(raw.note, MAX_BLURB_LENGTH);
  if (blurb.cut) note(`the note was cut to ${MAX_BLURB_LENGTH} characters`);
  const date = importedDate(raw.date, now);
  if (date.problem) note(date.problem);

  const tags = new Set<string>();
  for (const rawTag of raw.tags ?? []) {
    if (rawTag.trim() === '') continue;
    const name = importedTagName(rawTag);
    if (name === null) note(`the tag "${rawTag.slice(0, 40)}" has nothing a tag can hold; it was left out`);
    else tags.add(name);
  }
  if (tags.size > MAX_RECORD_TAGS) note(`${tags.size} tags; the first ${MAX_RECORD_TAGS} were kept`);

  return {
    candidate: {
      ...at,
      url: cleaned.value.url,
      canonicalKey: cleaned.value.canonicalKey,
      title: title.value,
      blurb: blurb.value,
      tags: [...tags].slice(0, MAX_RECORD_TAGS),
      createdAt: date.iso,
    },
    problems,
  };
}
