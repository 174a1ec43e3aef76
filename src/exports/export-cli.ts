import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { progressPrinter, type Output } from '../cli-progress.js';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { exportText, type ExportFormat } from './export-formats.js';
import { openExportReader } from './export-reader.js';

/**
 * `cli -- export --format F [--out FILE]`: what GET /v1/export streams, written by this process
 * from a snapshot of the database (a server may go on serving and writing meanwhile), to FILE
 * or to stdout. FILE is written under a temporary name and renamed once complete, so it is
 * never half an export. Progress (links done/total, rate, time left) goes to stderr.
 */
export type ExportCommand = { format: ExportFormat; out?: string | undefined; databasePath: string };

type Sink = Pick<Writable, 'write' | 'once' | 'off' | 'on'> & Output;

async function write(sink: Sink, text: string): Promise<void> {
  if (sink.write(text)) return;
  await once(sink as Writable, 'drain');
}

export async function runExportCommand(db: Db, command: ExportCommand, out: { stdout: Sink; stderr: Output }): Promise<number> {
  const { stderr } = out;
  const started = performance.now();
  const progress = progressPrinter(stderr, 'export');
  const temporary = command.out === undefined ? undefined : `${command.out}.${process.pid}.tmp`;
  const file = temporary === undefined ? undefined : createWriteStream(temporary, { flags: 'wx' });
  const sink: Sink = file ?? out.stdout;
  const reader = openExportReader(db, command.databasePath);
  let links = 0;
  let bytes = 0;
  // A write error (a full disk, a closed pipe) ends the export at the next chunk.
  let failed: Error | undefined;
  const onError = (err: Error) => (failed ??= err);
  sink.on('error', onError);
  try {
    const chunks = exportText(command.format, reader, {
      now: systemClock.now(),
      onLinks(done, total) {
        links = done;
        progress.update(done, total);
      },
    });
    for await (const chunk of chunks) {
      if (failed) throw failed;
      bytes += Buffer.byteLength(chunk);
      await write(sink, chunk);
    }
    if (file) {
      file.end();
      await once(file, 'close');
      if (failed) throw failed;
      await rename(temporary!, command.out!);
    }
    progress.done(links, links);
    const seconds = (performance.now() - started) / 1000;
    const where = command.out ?? 'stdout';
    stderr.write(`exported ${links.toLocaleString('en-US')} links as ${command.format} to ${where}: ${bytes.toLocaleString('en-US')} bytes in ${seconds.toFixed(1)} s\n`);
    return 0;
  } catch (err) {
    if (file) {
      file.destroy();
      await unlink(temporary!).catch(() => {});
    }
    throw new Error(`export: ${(err as Error).message}`);
  } finally {
    sink.off('error', onError);
    reader.close();
  }
}
