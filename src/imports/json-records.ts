import { ImportFileError, type RecordParser } from './record-parser.js';

/**
 * Splits a JSON file into the elements of its list of records without holding the file: the
 * list is the top-level array, or the array under one of `listKeys` in a top-level object
 * (`{"bookmarks": […]}`, `{"results": […]}`). Each element's text is handed on whole (up to
 * MAX_ELEMENT characters; a larger one is reported, not kept) with the line it starts on, to be
 * parsed by JSON.parse on its own; everything else in the file is only scanned.
 *
 * The scan follows strings and brackets, which is enough to find where each element ends; an
 * element that is not valid JSON inside fails on its own, as one unreadable record. A file
 * whose structure breaks (a bracket never closed, a stray one) cannot be read on: an
 * ImportFileError names the line.
 *
 * linkletter's own export is one object with several lists and a few values besides
 * (`allLists`, `valueKeys`): each element says which key it came under.
 */
export const MAX_ELEMENT = 1024 * 1024;
const MAX_DEPTH = 64;

export type JsonElement = { text: string; line: number } | { tooLarge: true; line: number };

export type JsonSplitOptions = {
  listKeys: readonly string[];
  /** `key`: the top-level key the element is under ('' for a top-level array). */
  onElement(element: JsonElement, key: string): void;
  /** Read every list under `listKeys`, not only the first. */
  allLists?: boolean;
  /** Top-level keys whose values are handed on whole too, as one element each. */
  valueKeys?: readonly string[];
  /** The largest element kept (default MAX_ELEMENT). */
  maxElement?: number;
  /** Every key of the top-level object with its value's first character, as the scan meets them (detection uses it). */
  onTopKey?(key: string, firstChar: string): void;
};

export function jsonElements(options: JsonSplitOptions): RecordParser {
  const { listKeys, onElement } = options;
  const valueKeys = options.valueKeys ?? [];
  const maxElement = options.maxElement ?? MAX_ELEMENT;
  let line = 1;
  let inString = false;
  let escaped = false;
  const stack: string[] = []; // the open brackets
  /** Depth of the record list's elements; -1 until the list is found. */
  let listDepth = -1;
  let listDone = false;
  /** The key of the list being read, or of the top-level value being captured. */
  let listKey = '';
  /** A top-level value is being captured (its element is at depth 1). */
  let valueCapture = false;
  let top: 'none' | 'array' | 'object' | 'done' = 'none';
  // The top-level object's keys: collected while at depth 1.
  let key: string[] | null = null;
  let lastKey: string | null = null;
  let awaitingValue = false;
  // The element being captured.
  let parts: string[] | null = null;
  let size = 0;
  let tooLarge = false;
  let elementLine = 0;
  let primitive = false;

  const fail = (message: string): never => {
    throw new ImportFileError(line, message);
  };
  const startElement = (isPrimitive: boolean) => {
    parts = [];
    size = 0;
    tooLarge = false;
    elementLine = line;
    primitive = isPrimitive;
  };
  const finishElement = (text: string, from: number, to: number) => {
    capture(text, from, to);
    onElement(tooLarge ? { tooLarge: true, line: elementLine } : { text: parts!.join(''), line: elementLine }, listKey);
    parts = null;
    valueCapture = false;
  };
  const capture = (text: string, from: number, to: number) => {
    if (!parts || to <= from) return;
    size += to - from;
    if (size > maxElement) {
      tooLarge = true;
      parts.length = 0;
    } else if (!tooLarge) parts.push(text.slice(from, to));
  };

  function write(text: string): void {
    // Where the element being captured starts in this chunk (0 when it began in an earlier one).
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === 92 /* \ */) escaped = true;
        else if (ch === 34 /* " */) {
          inString = false;
          if (key) {
            lastKey = key.join('');
            key = null;
          }
        } else if (key && key.length < 256) key.push(text[i]!);
        continue;
      }
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 0xfeff) continue;
      const depth = stack.length;
      if (top === 'done') fail('there is more after the end of the JSON');
      if (awaitingValue && depth === 1) {
        awaitingValue = false;
        options.onTopKey?.(lastKey ?? '', text[i]!);
        if (ch === 91 /* [ */ && (!listDone || options.allLists) && listDepth === -1 && listKeys.includes(lastKey ?? '')) {
          listDepth = 2;
          listKey = lastKey ?? '';
        } else if (valueKeys.includes(lastKey ?? '')) {
          listKey = lastKey ?? '';
          valueCapture = true;
          startElement(ch !== 123 && ch !== 91);
          from = i;
        }
      }
      // An element of the list starts here.
      if (listDepth !== -1 && depth === listDepth && !parts && ch !== 44 /* , */ && ch !== 93 /* ] */) {
        startElement(ch !== 123 && ch !== 91);
        from = i;
      }
      switch (ch) {
        case 34: // "
          if (depth === 0) fail('this is not JSON: it should start with [ or {');
          inString = true;
          if (top === 'object' && depth === 1 && !awaitingValue && lastKey === null) key = [];
          break;
        case 123: // {
        case 91: // [
          if (depth === 0) {
            if (top !== 'none') fail('there is more after the end of the JSON');
            top = ch === 91 ? 'array' : 'object';
            if (ch === 91) listDepth = 1;
          }
          if (depth >= MAX_DEPTH) fail(`brackets nested more than ${MAX_DEPTH} deep`);
          stack.push(ch === 123 ? '}' : ']');
          break;
        case 125: // }
        case 93: // ]
          if (parts && primitive && (valueCapture ? depth === 1 : depth === listDepth)) finishElement(text, from, i);
          if (stack.pop() !== text[i]) fail(`"${text[i]}" closes nothing that is open here`);
          if (parts && stack.length === (valueCapture ? 1 : listDepth)) finishElement(text, from, i + 1);
          if (listDepth !== -1 && stack.length === listDepth - 1) {
            listDepth = -1;
            listDone = true;
          }
          if (stack.length === 0) top = 'done';
          break;
        case 58: // :
          if (top === 'object' && depth === 1) awaitingValue = true;
          break;
        case 44: // ,
          if (parts && primitive && (valueCapture ? depth === 1 : depth === listDepth)) finishElement(text, from, i);
          if (top === 'object' && depth === 1) lastKey = null;
          break;
        default:
          if (depth === 0) fail('this is not JSON: it should start with [ or {');
      }
    }
    capture(text, from, text.length);
  }

  return {
    write,
    end() {
      if (inString) fail('a string is never closed');
      if (stack.length > 0) fail(`the JSON ends with ${stack.length} bracket${stack.length > 1 ? 's' : ''} still open`);
      if (top === 'none') fail('the file is empty');
      if (!listDone && top === 'object') fail(`no list of bookmarks: expected an array, or an object with ${listKeys.map((k) => `"${k}"`).join(' or ')}`);
    },
  };
}
