/**
 * A parse-thread module for tests (passed as `threadModule`): a page titled "spin" never
 * finishes parsing, as a parser bug or an unforeseen page shape might; every other page is
 * parsed for real. Before it spins it says so on SPIN_CHANNEL, so a test knows the parse is
 * under way without sleeping.
 */
import { BroadcastChannel } from 'node:worker_threads';
import parseInThread, { type ParseTask } from '../../src/enrichment/metadata-thread.js';

export const SPIN_CHANNEL = 'linkletter-test-spinning-parse';
export const SPINNING_THREAD = new URL('./spinning-thread.ts', import.meta.url);

export default function spinOrParse(task: ParseTask): ReturnType<typeof parseInThread> {
  if (task.html.includes('<title>spin</title>')) {
    new BroadcastChannel(SPIN_CHANNEL).postMessage('spinning');
    for (;;) {
      // Busy for good: only terminating the thread ends this.
    }
  }
  return parseInThread(task);
}
