import type { RawRecord } from './import-record.js';

/** A record as a parser emits it; the file's record numbers are given by `numbered`. */
export type ParsedRecord = Omit<RawRecord, 'record'>;

/** An incremental parser: text in as it arrives, records out through the callback it was made with. */
export type RecordParser = {
  write(text: string): void;
  /** The file is over: emits what is pending, or throws an ImportFileError if the file stops mid-way. */
  end(): void;
};

/** The file cannot be read on from here (a JSON bracket never closed, a CSV without a url column). */
export class ImportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Numbers the records a parser emits, from 1, in the order the file has them. */
export function numbered(emit: (record: RawRecord) => void): (record: ParsedRecord) => void {
  let record = 0;
  return (parsed) => emit({ ...parsed, record: ++record });
}

/**
 * Turns string positions into line numbers, for parsers that report positions (htmlparser2).
 * Positions must be asked for in increasing order; text already counted is let go.
 */
export class LineCounter {
  private pending: string[] = [];
  /** Position of the first character of pending[0]. */
  private base = 0;
  /** Characters of pending[0] already counted. */
  private offset = 0;
  private line = 1;

  push(text: string): void {
    this.pending.push(text);
  }

  lineAt(position: number): number {
    let todo = position - this.base - this.offset;
    while (todo > 0 && this.pending.length > 0) {
      const chunk = this.pending[0]!;
      const end = Math.min(chunk.length, this.offset + todo);
      for (let i = chunk.indexOf('\n', this.offset); i !== -1 && i < end; i = chunk.indexOf('\n', i + 1)) this.line++;
      todo -= end - this.offset;
      this.offset = end;
      if (this.offset === chunk.length) {
        this.base += chunk.length;
        this.offset = 0;
        this.pending.shift();
      }
    }
    return this.line;
  }
}
