import type { ExportEntry } from './import-record.js';
import { jsonElements } from './json-records.js';
import { ImportFileError, type ParsedRecord, type RecordParser } from './record-parser.js';

/**
 * linkletter's own JSON export (src/exports/export-formats.ts): a version header first, then
 * the settings, the tags, the links and the issues, each of them one record. A file whose
 * header is missing, comes late or names a version this code does not know cannot be read
 * (the upload is a 422 naming it); a record that is not JSON is one unreadable record.
 */
export const READABLE_VERSIONS = [1];

/** An issue record holds what it published (four renders): far larger than a bookmark. */
const MAX_ENTRY = 64 * 1024 * 1024;

const KINDS: Record<string, ExportEntry['kind']> = {
  linkletter: 'header',
  newsletter: 'newsletter',
  moderation: 'moderation',
  tags: 'tag',
  links: 'link',
  issues: 'issue',
};

export function linkletterParser(emit: (record: ParsedRecord) => void): RecordParser {
  let seenHeader = false;
  const splitter = jsonElements({
    listKeys: ['tags', 'links', 'issues'],
    allLists: true,
    valueKeys: ['linkletter', 'newsletter', 'moderation'],
    maxElement: MAX_ENTRY,
    onTopKey(key) {
      if (!seenHeader && key !== 'linkletter') throw new ImportFileError(1, `a linkletter export begins with its "linkletter" header, not with "${key.slice(0, 40)}"`);
    },
    onElement(element, key) {
      const kind = KINDS[key];
      if (!kind) throw new ImportFileError(element.line, 'a linkletter export is one JSON object, not a list');
      if ('tooLarge' in element) return emit({ line: element.line, unreadable: `the ${kind} is larger than ${MAX_ENTRY / 1024 / 1024} MiB` });
      let value: unknown;
      try {
        value = JSON.parse(element.text);
      } catch {
        if (kind === 'header') throw new ImportFileError(element.line, 'the "linkletter" header is not valid JSON');
        return emit({ line: element.line, unreadable: `the ${kind} is not valid JSON` });
      }
      if (kind === 'header') {
        seenHeader = true;
        const version = (value as { version?: unknown } | null)?.version;
        if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) {
          throw new ImportFileError(element.line, `this is a version ${JSON.stringify(version)?.slice(0, 20) ?? 'without a number'} export; this linkletter reads version ${READABLE_VERSIONS.join(', ')}`);
        }
      }
      emit({ line: element.line, entry: { kind, value } });
    },
  });
  return {
    write: (text) => splitter.write(text),
    end() {
      splitter.end();
      if (!seenHeader) throw new ImportFileError(1, 'no "linkletter" header: not a linkletter export');
    },
  };
}
