import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * Debian's headless Chromium, for the tests that use the site in a real browser. .ci/run
 * installs it; where it is missing those tests are skipped, with one line saying why.
 */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Says once per test file that its browser tests are skipped; true when they can run. */
export function chromiumOrSkip(what: string): boolean {
  if (!CHROMIUM) console.log(`${what} skipped: no chromium (install Debian’s chromium package to run them)`);
  return CHROMIUM !== undefined;
}

/** A headless Chromium with its profile in `dir`, quiet on the network beyond what a test asks for. */
export function launchChromium(dir: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM!,
    headless: true,
    userDataDir: path.join(dir, 'profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
