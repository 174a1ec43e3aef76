import { performance } from 'node:perf_hooks';

/** Where a command writes: process.stdout/stderr, or a test's stand-in. */
export type Output = { write(text: string): unknown; isTTY?: boolean | undefined };

const int = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/**
 * The progress of a long command on stderr (`cli -- import`, `cli -- export`): done/total, the
 * rate and the time left, redrawn in place on a terminal, a line `label: …` at most every two
 * seconds otherwise.
 */
export function progressPrinter(stderr: Output, label: string | (() => string)) {
  const name = typeof label === 'string' ? () => label : label;
  const started = performance.now();
  let lastLine = 0;
  const describe = (done: number, total: number) => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = done / Math.max(elapsed, 0.001);
    const left = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const counts = `${int(done)}/${int(total)}  ${Math.floor(share * 100)} %  ${int(Math.round(rate))}/s`;
    return { share, counts, text: `${counts}  ${duration(left)} left` };
  };
  return {
    update(done: number, total: number) {
      const { share, text } = describe(done, total);
      if (stderr.isTTY) {
        const width = 30;
        const filled = Math.round(share * width);
        stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\u001b[K`);
      } else if (performance.now() - lastLine >= 2_000) {
        lastLine = performance.now();
        stderr.write(`${name()}: ${text}\n`);
      }
    },
    /** The last figures: a line break after the bar on a terminal, a last line otherwise. */
    done(done: number, total: number) {
      if (stderr.isTTY) stderr.write('\n');
      else stderr.write(`${name()}: ${describe(done, total).counts}\n`);
    },
  };
}
