import { jsonFormatOf, jsonRecordParser, LIST_KEYS } from './json-formats.js';
import { jsonElements } from './json-records.js';
import { raindropParser, urlListParser } from './line-formats.js';
import { linkletterParser } from './linkletter-format.js';
import { netscapeParser } from './netscape-parser.js';
import type { ParsedRecord, RecordParser } from './record-parser.js';

/**
 * The files POST /v1/imports reads; `?format=` names one of these. `linkletter` is our own JSON
 * export (a top-level object with a `linkletter` key first): a restore (restore-batch.ts).
 */
export const IMPORT_FORMATS = ['netscape', 'pinboard', 'raindrop', 'karakeep', 'linkding', 'urls', 'linkletter'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How much of the file the detector looks at. */
export const DETECT_BYTES = 64 * 1024;

export function createRecordParser(format: ImportFormat, emit: (record: ParsedRecord) => void): RecordParser {
  switch (format) {
    case 'netscape':
      return netscapeParser(emit);
    case 'raindrop':
      return raindropParser(emit);
    case 'urls':
      return urlListParser(emit);
    case 'linkletter':
      return linkletterParser(emit);
    default:
      return jsonRecordParser(format, emit);
  }
}

/**
 * The format of a file from its first DETECT_BYTES (decoded): HTML with a bookmark list is
 * Netscape; JSON is told apart by its first record's fields (or the key holding the list); a
 * first line of comma-separated names with a `url` column is Raindrop's CSV; a first line that
 * is a URL starts a list of URLs. Undefined when it is none of these.
 */
export function detectFormat(prefix: string): ImportFormat | undefined {
  const text = prefix.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) return /<!DOCTYPE\s+NETSCAPE-Bookmark-file|<DL[\s>]|<DT[\s>]/i.test(text) ? 'netscape' : undefined;
  if (text.startsWith('[') || text.startsWith('{')) return detectJson(text);
  const firstLine = text.split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))?.trim() ?? '';
  if (/^https?:\/\/\S/i.test(firstLine)) return 'urls';
  const names = firstLine.split(',').map((n) => n.trim().replace(/^"|"$/g, '').toLowerCase());
  if (names.length > 1 && (names.includes('url') || names.includes('link'))) return 'raindrop';
  return undefined;
}

function detectJson(text: string): ImportFormat | undefined {
  let first: Record<string, unknown> | undefined;
  const topKeys = new Set<string>();
  const scan = jsonElements({
    listKeys: LIST_KEYS,
    onTopKey: (key) => topKeys.add(key),
    onElement(element) {
      if (first || 'tooLarge' in element) return;
      try {
        const value: unknown = JSON.parse(element.text);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) first = value as Record<string, unknown>;
      } catch {
        // Not this one; the next may tell.
      }
    },
  });
  try {
    scan.write(text);
  } catch {
    // A broken file: the reader will say where; the detector only needs what came before.
  }
  return jsonFormatOf(first, topKeys);
}
