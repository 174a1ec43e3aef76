/**
 * The code a parse thread runs (see metadata-parser.ts): piscina imports this module in each
 * thread and calls its default export once per page. It opens nothing of its own, so a
 * thread that is terminated mid-parse leaves nothing behind.
 */
import { extractMetadata, type ExtractedMetadata } from './extract-metadata.js';

export type ParseTask = { html: string; finalUrl: string };

export default function parseInThread(task: ParseTask): Promise<ExtractedMetadata> {
  return extractMetadata(task.html, task.finalUrl);
}
