import { jsonElements, type JsonElement } from './json-records.js';
import type { ParsedRecord, RecordParser } from './record-parser.js';

/**
 * The JSON exports, one element of the list per bookmark:
 *
 * - Pinboard (`/v1/posts/all?format=json`, the settings page's JSON backup): an array of
 *   `{ href, description (the title), extended (the note), tags ("space separated"), time (ISO) }`.
 * - Karakeep (Settings → Import / Export): `{ bookmarks: [{ createdAt (seconds), title, tags: [],
 *   content: { type: "link", url } | { type: "text", text }, note }], lists }`. Text notes are
 *   no links; their lists are not read (they come after the bookmarks in the file).
 * - linkding (`GET /api/bookmarks/`, or an array of its results): `{ url, title, description,
 *   notes, tag_names: [], date_added (ISO) }`.
 */
export type JsonFormat = 'pinboard' | 'karakeep' | 'linkding';

type Fields = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | string | undefined => (typeof value === 'number' || typeof value === 'string' ? value : undefined);

/** Tags given as a list, or as one string split on `separator`. */
function tagList(value: unknown, separator: RegExp): string[] {
  if (typeof value === 'string') return value.split(separator);
  if (Array.isArray(value)) return value.flatMap((t) => (typeof t === 'string' ? [t] : typeof t === 'object' && t && typeof (t as Fields).name === 'string' ? [(t as Fields).name as string] : []));
  return [];
}

/** Two texts of one bookmark as one note, in the order given, each once. */
function joined(...texts: (string | undefined)[]): string | undefined {
  const kept = [...new Set(texts.map((t) => t?.trim()).filter((t): t is string => !!t))];
  return kept.length > 0 ? kept.join('\n\n') : undefined;
}

const MAPPERS: Record<JsonFormat, (o: Fields) => Omit<ParsedRecord, 'line'>> = {
  pinboard: (o) => ({ url: str(o.href), title: str(o.description), note: str(o.extended), tags: tagList(o.tags, /\s+/), date: num(o.time) }),
  karakeep: (o) => {
    const content = (typeof o.content === 'object' && o.content ? o.content : {}) as Fields;
    if (content.type !== undefined && content.type !== 'link') {
      return { unreadable: `a Karakeep ${typeof content.type === 'string' ? content.type.slice(0, 20) : 'item'} bookmark, not a link` };
    }
    return { url: str(content.url) ?? str(o.url), title: str(o.title), note: str(o.note), tags: tagList(o.tags, /,/), date: num(o.createdAt) };
  },
  linkding: (o) => ({
    url: str(o.url),
    title: str(o.title),
    note: joined(str(o.description), str(o.notes)),
    tags: tagList(o.tag_names ?? o.tags, /[\s,]+/),
    date: num(o.date_added),
  }),
};

/** Keys under which a top-level object keeps its list of bookmarks. */
export const LIST_KEYS = ['bookmarks', 'results'] as const;

export function jsonRecordParser(format: JsonFormat, emit: (record: ParsedRecord) => void): RecordParser {
  const map = MAPPERS[format];
  return jsonElements({
    listKeys: LIST_KEYS,
    onElement(element: JsonElement) {
      if ('tooLarge' in element) return emit({ line: element.line, unreadable: 'the record is larger than 1 MiB' });
      let value: unknown;
      try {
        value = JSON.parse(element.text);
      } catch {
        return emit({ line: element.line, unreadable: 'the record is not valid JSON' });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return emit({ line: element.line, unreadable: 'the record is not a JSON object' });
      emit({ line: element.line, ...map(value as Fields) });
    },
  });
}

/** Which JSON export a parsed first record looks like (by the fields only that tool writes). */
export function jsonFormatOf(first: Fields | undefined, topKeys: ReadonlySet<string>): JsonFormat | 'linkletter' | undefined {
  if (topKeys.has('linkletter')) return 'linkletter';
  if (topKeys.has('bookmarks')) return 'karakeep';
  if (topKeys.has('results')) return 'linkding';
  if (!first) return undefined;
  if ('href' in first) return 'pinboard';
  if ('content' in first && 'createdAt' in first) return 'karakeep';
  if ('tag_names' in first || 'date_added' in first || 'url' in first) return 'linkding';
  return undefined;
}
