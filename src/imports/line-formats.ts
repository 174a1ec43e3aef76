import { ImportFileError, type ParsedRecord, type RecordParser } from './record-parser.js';

/** A row or line longer than this is reported as one unreadable record, not kept. */
const MAX_ROW = 1024 * 1024;

/**
 * CSV (RFC 4180: fields in double quotes may hold commas, newlines and doubled quotes), one
 * row at a time. `onRow` gets the fields and the line the row starts on; blank rows are skipped.
 */
function csvRows(onRow: (fields: string[] | null, line: number) => void): RecordParser {
  let line = 1;
  let rowLine = 1;
  let fields: string[] = [];
  let field: string[] = [];
  let size = 0;
  let quoted = false;
  /** Inside quotes, a quote was just read: the field ends, or it was the first of `""`. */
  let quoteSeen = false;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field.join(''));
    field = [];
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    const blank = fields.every((f) => f.trim() === '');
    if (!blank) onRow(size > MAX_ROW ? null : fields, rowLine);
    fields = [];
    size = 0;
  };
  const push = (ch: string) => {
    if (++size <= MAX_ROW) field.push(ch);
  };

  return {
    write(text) {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (quoted) {
          if (quoteSeen) {
            quoteSeen = false;
            if (ch === '"') {
              push('"');
              continue;
            }
            quoted = false; // the closing quote; this character is read below
          } else {
            if (ch === '"') quoteSeen = true;
            else {
              if (ch === '\n') line++;
              push(ch);
            }
            continue;
          }
        }
        if (ch === ',') endField();
        else if (ch === '\n') {
          endRow();
          line++;
          rowLine = line;
        } else if (ch === '\r' || ch === '\uFEFF') continue;
        else if (ch === '"' && !fieldStarted) {
          quoted = true;
          fieldStarted = true;
        } else {
          if (fields.length === 0 && field.length === 0 && !fieldStarted) rowLine = line;
          fieldStarted = true;
          push(ch);
        }
      }
    },
    end() {
      if (quoted && !quoteSeen) throw new ImportFileError(rowLine, 'a quoted field is never closed');
      if (fields.length > 0 || field.length > 0 || fieldStarted) endRow();
    },
  };
}

/**
 * Raindrop.io's CSV export (`id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite`),
 * read by the header's names, so any column order (and Raindrop's own import layout,
 * `url,folder,title,note,tags,created`) works. `folder` is a path (`a/b`); each part is a tag but
 * Raindrop's "Unsorted". `tags` are comma-separated; `created` is ISO-8601 or Unix seconds.
 */
export function raindropParser(emit: (record: ParsedRecord) => void): RecordParser {
  let columns: Map<string, number> | null = null;
  return csvRows((fields, line) => {
    if (!columns) {
      columns = new Map((fields ?? []).map((name, i) => [name.trim().toLowerCase(), i]));
      if (!columns.has('url') && !columns.has('link')) throw new ImportFileError(line, 'the CSV has no "url" column in its first row');
      return;
    }
    if (!fields) return emit({ line, unreadable: 'the row is larger than 1 MiB' });
    const get = (name: string) => {
      const i = columns!.get(name);
      return i === undefined ? undefined : fields[i];
    };
    const folder = (get('folder') ?? '').split('/').filter((part) => part.trim() !== '' && part.trim().toLowerCase() !== 'unsorted');
    const note = get('note')?.trim() || get('excerpt');
    emit({ line, url: get('url') ?? get('link'), title: get('title'), note, tags: [...(get('tags') ?? '').split(','), ...folder], date: get('created') });
  });
}

/**
 * A plain list, one URL a line. Blank lines and lines starting with `#` are skipped; what
 * follows the URL on its line (after a space or tab) is its title.
 */
export function urlListParser(emit: (record: ParsedRecord) => void): RecordParser {
  let line = 1;
  let parts: string[] = [];
  let size = 0;
  const endLine = () => {
    const text = parts.join('').replace(/^\uFEFF/, '').trim();
    if (size > MAX_ROW) emit({ line, unreadable: 'the line is longer than 1 MiB' });
    else if (text !== '' && !text.startsWith('#')) {
      const space = text.search(/\s/);
      emit(space === -1 ? { line, url: text } : { line, url: text.slice(0, space), title: text.slice(space + 1) });
    }
    parts = [];
    size = 0;
  };
  return {
    write(text) {
      let from = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
        if ((size += nl - from) <= MAX_ROW) parts.push(text.slice(from, nl));
        endLine();
        line++;
        from = nl + 1;
      }
      if ((size += text.length - from) <= MAX_ROW) parts.push(text.slice(from));
    },
    end() {
      endLine();
    },
  };
}
