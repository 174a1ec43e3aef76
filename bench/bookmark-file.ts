/**
 * A Netscape bookmark file of N bookmarks as browsers write it, made up deterministically: nested
 * folders (up to three deep, some with browser-root markers), TAGS on some entries, ADD_DATE on
 * most, <DD> notes, entities in titles and notes, odd indentation and line ends, and some pages
 * saved twice in another spelling (http, www., a trailing slash, a tracking parameter). The
 * bench imports 100k of them; test/imports/generated.test.ts imports 10k and checks every tag
 * and date against `entries`.
 */

export type GeneratedEntry = { url: string; title: string; tags: string[]; folders: string[]; addDate: number | null; note: string | null };

/** A small PRNG (mulberry32), so that a size always gives the same file (and a seed the same soak run). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['sqlite', 'postgres', 'rust', 'go', 'design', 'css', 'caching', 'queues', 'testing', 'search', 'compilers', 'typography', 'maps', 'audio', 'security'];
const FOLDERS = ['Reading', 'Work & Projects', 'Dev Tools', 'Recipes', 'Later', 'Talks', 'Papers', 'Photography', 'Travel 2019'];
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The file, a part at a time (about 1 MB each), and every entry it holds, in order. */
export function* netscapeFile(count: number, seed = 7): Generator<string, GeneratedEntry[]> {
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const entries: GeneratedEntry[] = [];
  const saved: string[] = [];
  let out = '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<!-- This is an automatically generated file.\n     DO NOT EDIT! -->\n' +
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks Menu</H1>\n\n<DL><p>\n';
  const folders: string[] = [];
  const indent = () => '    '.repeat(folders.length + 1);
  for (let i = 0; i < count; i++) {
    // Now and then close a folder or open one (at most three deep).
    if (folders.length > 0 && rand() < 0.02) {
      folders.pop();
      out += `${indent()}</DL><p>\n`;
    }
    if (folders.length < 3 && rand() < 0.02) {
      const name = `${pick(FOLDERS)} ${Math.floor(rand() * 50)}`;
      out += `${indent()}<DT><H3 ADD_DATE="${1500000000 + i}" LAST_MODIFIED="${1600000000 + i}">${escape(name)}</H3>\n${indent()}<DL><p>\n`;
      folders.push(name);
    }
    let url: string;
    if (saved.length > 20 && rand() < 0.05) {
      // The same page again, spelt another way.
      const again = new URL(pick(saved));
      const spelling = Math.floor(rand() * 4);
      if (spelling === 0) again.protocol = 'http:';
      if (spelling === 1) again.hostname = `www.${again.hostname}`;
      if (spelling === 2) again.pathname += '/';
      if (spelling === 3) again.searchParams.set('utm_source', 'newsletter');
      url = again.toString();
    } else {
      url = `https://site${Math.floor(rand() * 2000)}.example/${pick(WORDS)}/${i}`;
      saved.push(url);
      if (saved.length > 5000) saved.splice(0, 1000);
    }
    const title = `${pick(WORDS)} & ${pick(WORDS)} <notes> #${i}`;
    const tags = rand() < 0.4 ? [pick(WORDS), pick(WORDS)] : [];
    const addDate = rand() < 0.9 ? 1262304000 + Math.floor(rand() * 500_000_000) : null;
    const note = rand() < 0.2 ? `Note for ${i}: "quoted" & <b>escaped</b>` : null;
    const attrs = `HREF="${escape(url)}"${addDate === null ? '' : ` ADD_DATE="${addDate}"`}${tags.length ? ` TAGS="${escape(tags.join(','))}"` : ''}`;
    const spaces = rand() < 0.1 ? '\t  ' : '';
    out += `${indent()}<DT><A ${attrs}>${spaces}${escape(title)}${spaces}</A>${rand() < 0.05 ? '\r' : ''}\n`;
    if (note !== null) out += `${indent()}<DD>${escape(note)}\n`;
    entries.push({ url, title, tags, folders: [...folders], addDate, note });
    if (out.length > 1_000_000) {
      yield out;
      out = '';
    }
  }
  while (folders.pop() !== undefined) out += `${indent()}</DL><p>\n`;
  yield `${out}</DL><p>\n`;
  return entries;
}

/** The whole file as one string, with its entries. */
export function netscapeFileText(count: number, seed?: number): { text: string; entries: GeneratedEntry[] } {
  const parts: string[] = [];
  const generator = netscapeFile(count, seed);
  for (;;) {
    const next = generator.next();
    if (next.done) return { text: parts.join(''), entries: next.value };
    parts.push(next.value);
  }
}
