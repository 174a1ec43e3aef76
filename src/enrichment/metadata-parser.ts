/**
 * Metadata extraction off the event loop: a small pool of worker threads (piscina), each
 * running extractMetadata on one page at a time.
 *
 * The head is bounded before parsing (page-head.ts), but parsing is still CPU work that a
 * request must never wait behind, and a parser bug or a shape nobody thought of must not
 * hang the server. So the parse runs in a thread, and when its signal aborts (the job's
 * deadline, or shutdown) piscina terminates that thread: a runaway parse is stopped, not
 * waited for, and a fresh thread takes its place. Threads start on first use (or `warm()`);
 * one then stays, so that pages do not wait for a thread to boot (about a second of CPU:
 * tsx and the parser load in each), and others leave after idleTimeoutMs unused. `close()`
 * stops them all and must be called on shutdown (the enrichment worker does, for the parser
 * it creates).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { ExtractedMetadata } from './extract-metadata.js';
import type { ParseTask } from './metadata-thread.js';
import { HEAD_LIMITS } from './page-head.js';

export type ParseMetadata = (html: string, finalUrl: string, opts: { signal: AbortSignal }) => Promise<ExtractedMetadata>;

/** A ParseMetadata that owns threads; call `close()` on shutdown. */
export type MetadataParser = ParseMetadata & {
  /** Starts a thread and loads the parser in it, so that the next page does not wait for that. */
  warm(): Promise<void>;
  close(): Promise<void>;
};

export type MetadataParserOptions = {
  /** Parses at once (one per thread). Default 1; the worker passes its concurrency. */
  maxThreads?: number;
  /** How long an unused thread beyond the first waits for the next page. Default 30 s. */
  idleTimeoutMs?: number;
  /** Heap of one thread, in MB: a page that needs more fails instead of growing the process. Default 64. */
  maxHeapMb?: number;
  /** The module the threads run (default metadata-thread); tests swap in one that never finishes. */
  threadModule?: URL;
};

/** The characters of a page sent to a thread: what page-head.ts reads at most. */
const MAX_SENT_CHARS = HEAD_LIMITS.scanChars;

/**
 * Node 20 will not load a .ts module in a worker thread by itself, and a thread does not
 * inherit the loader hooks of the process (`--import tsx` in `npm start`, vitest's in tests),
 * so a thread running our source gets tsx explicitly, by path, whatever the working directory.
 * Compiled JavaScript would need nothing.
 */
function threadExecArgv(module: URL): string[] {
  if (!module.pathname.endsWith('.ts')) return [];
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href];
}

export function createMetadataParser(options: MetadataParserOptions = {}): MetadataParser {
  // Our own extension: metadata-thread.ts from source, .js once compiled.
  const threadModule = options.threadModule ?? new URL(`./metadata-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  let pool: Piscina | undefined;
  let closed = false;

  // Made on first use: an app that never parses a page starts no thread.
  const getPool = (): Piscina =>
    (pool ??= new Piscina({
      filename: threadModule.href,
      minThreads: 1,
      maxThreads: Math.max(1, options.maxThreads ?? 1),
      idleTimeout: options.idleTimeoutMs ?? 30_000,
      execArgv: threadExecArgv(threadModule),
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 64 },
      // Parse threads yield the CPU to the thread that answers requests.
      niceIncrement: 10,
      // Nothing to learn from run-time histograms here; they cost a little per task.
      recordTiming: false,
    }));

  const parse: ParseMetadata = async (html, finalUrl, { signal }) => {
    if (closed) throw new Error('metadata parser is closed');
    signal.throwIfAborted();
    const task: ParseTask = { html: html.length > MAX_SENT_CHARS ? html.slice(0, MAX_SENT_CHARS) : html, finalUrl };
    return (await getPool().run(task, { signal })) as ExtractedMetadata;
  };

  return Object.assign(parse, {
    async warm() {
      // An empty page: the thread loads the parser's modules, and has nothing to parse.
      await parse('', 'https://example.org/', { signal: AbortSignal.timeout(60_000) });
    },
    async close() {
      closed = true;
      // destroy(), not close(): a parse still running is not worth waiting for at shutdown.
      await pool?.destroy();
    },
  });
}
