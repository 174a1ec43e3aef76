import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, Invalid } from '../http/problem.js';
import type { RawRecord } from './import-record.js';
import { createRecordParser, detectFormat, DETECT_BYTES, IMPORT_FORMATS, type ImportFormat } from './import-formats.js';
import { ImportFileError, numbered, type RecordParser } from './record-parser.js';

/**
 * An uploaded file on its way in: written to the imports folder as it arrives (never held
 * whole), its format told from its first bytes, and read through once by the format's parser
 * as it comes, so that a file the parser cannot read is refused at once (422, naming the
 * line) and the import knows how many records it has. The runner reads it again from disk.
 */
export type StagedFile = { name: string; bytes: number; format: ImportFormat; total: number };

export class ImportTooLarge extends ApiError {
  constructor(limit: number) {
    super(413, 'payload-too-large', 'Payload too large', `Import files are limited to ${limit} bytes (IMPORT_MAX_BYTES).`);
  }
}

const unreadable = (message: string, code: string) => new Invalid(message, [{ path: 'body', message, code }]);

export async function stageFile(
  body: AsyncIterable<Uint8Array>,
  options: { dir: string; maxBytes: number; format?: ImportFormat | undefined },
): Promise<StagedFile> {
  await mkdir(options.dir, { recursive: true });
  const name = `${randomUUID()}.upload`;
  const file = path.join(options.dir, name);
  const handle = await open(file, 'wx');
  let kept = false;
  try {
    let bytes = 0;
    let total = 0;
    let format = options.format;
    let parser: RecordParser | undefined;
    let prefix = '';
    const decoder = new TextDecoder('utf-8');
    const startParser = () => {
      if (!format) {
        const detected = detectFormat(prefix);
        if (detected === undefined) {
          throw unreadable(`The file's format could not be told from its first bytes; name it with ?format= (the CLI's --format): one of ${IMPORT_FORMATS.join(', ')}.`, 'unknown_format');
        }
        format = detected;
      }
      parser = createRecordParser(format, numbered(() => total++));
      parser.write(prefix);
      prefix = '';
    };
    for await (const chunk of body) {
      bytes += chunk.byteLength;
      if (bytes > options.maxBytes) throw new ImportTooLarge(options.maxBytes);
      await handle.write(chunk);
      const text = decoder.decode(chunk, { stream: true });
      if (parser) parser.write(text);
      else if ((prefix += text).length >= DETECT_BYTES) startParser();
    }
    prefix += decoder.decode();
    if (!parser) {
      if (bytes === 0) throw unreadable('The file is empty.', 'empty_file');
      startParser();
    } else if (prefix) parser.write(prefix);
    parser!.end();
    await handle.sync();
    kept = true;
    return { name, bytes, format: format!, total };
  } catch (err) {
    if (err instanceof ImportFileError) throw unreadable(`The file cannot be read: ${err.message}.`, 'unreadable_file');
    throw err;
  } finally {
    await handle.close();
    if (!kept) await unlink(file).catch(() => {});
  }
}

/** Reads a staged file's records again, in order, a chunk at a time. */
export async function* readStagedRecords(file: string, format: ImportFormat): AsyncGenerator<RawRecord> {
  const pending: RawRecord[] = [];
  const parser = createRecordParser(format, numbered((record) => pending.push(record)));
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.decode(chunk, { stream: true }));
      yield* pending.splice(0);
    }
    parser.write(decoder.decode());
    parser.end();
    yield* pending.splice(0);
  } finally {
    stream.destroy();
  }
}
