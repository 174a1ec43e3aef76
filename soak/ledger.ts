import { createHash } from 'node:crypto';
import type SQLite from 'better-sqlite3';

/**
 * What the server acknowledged, and what each acknowledged write should have left in the
 * database.
 *
 * Writes come from loops, each sending one write at a time and owning what it writes (its
 * links, its tag names, its issue, its imports, its submissions), so that a loop's
 * acknowledged writes add up to one expected state, its `model`. A write whose outcome is not
 * known (the connection died under it: the kill) leaves two possible states, the model with
 * and without it; the database must match one of them. After a check, the one it matched
 * becomes the model, so the next round's checks hold every earlier round's writes to it too.
 */

export type LinkModel = { url: string; title: string | null; tags: string[]; issue: number | null };
export type Model = {
  links: Record<number, LinkModel>;
  issues: Record<number, { section: string }>;
  /** Import id → the URLs of its file (each becomes a link once the import is done). */
  imports: Record<number, string[]>;
  /** Receipt → the URL submitted. */
  submissions: Record<string, string>;
};

export type Group = {
  name: string;
  model: Model;
  /** The model if the write in doubt went through (undefined: no write in doubt, or one that constrains nothing). */
  ifApplied?: Model | undefined;
  /** Acknowledged writes in this group. */
  acknowledged: number;
};

export const emptyModel = (): Model => ({ links: {}, issues: {}, imports: {}, submissions: {} });
export const cloneModel = (m: Model): Model => structuredClone(m);

export type LedgerCheck = {
  /** Acknowledged writes whose effect is not in the database, not reported before (0 is the only good answer). */
  lost: number;
  /** What differs, for a report. */
  mismatches: string[];
  /** Imports not done yet (queued or running). */
  unfinishedImports: number;
};

export class Ledger {
  readonly groups: Group[] = [];
  /** Answers no write of the workload should get (a 409 it did not cause, a 5xx). */
  readonly unexpected: string[] = [];
  /** Differences reported by earlier checks: a write lost is counted once, not at every check after. */
  readonly #reported = new Set<string>();

  group(name: string): Group {
    const group: Group = { name, model: emptyModel(), acknowledged: 0 };
    this.groups.push(group);
    return group;
  }

  get acknowledged(): number {
    return this.groups.reduce((sum, g) => sum + g.acknowledged, 0);
  }

  /** Every acknowledged link id (for readers to ask for). */
  linkIds(): number[] {
    return this.groups.flatMap((g) => Object.keys(g.model.links).map(Number));
  }

  /**
   * Compares the database with every group's model (or the model with its write in doubt),
   * and settles each write in doubt to what the database holds.
   */
  check(sqlite: SQLite.Database): LedgerCheck {
    const read = reader(sqlite);
    let lost = 0;
    let unfinishedImports = 0;
    const mismatches: string[] = [];
    for (const group of this.groups) {
      const candidates = group.ifApplied ? [group.model, group.ifApplied] : [group.model];
      const results = candidates.map((m) => compare(m, read));
      const best = results.reduce((a, b) => (b.differences.length < a.differences.length ? b : a));
      const chosen = candidates[results.indexOf(best)]!;
      const fresh = best.differences.filter((d) => !this.#reported.has(`${group.name}: ${d}`));
      for (const d of fresh) this.#reported.add(`${group.name}: ${d}`);
      lost += fresh.length;
      mismatches.push(...fresh.slice(0, 5).map((d) => `${group.name}: ${d}`));
      unfinishedImports += best.unfinishedImports;
      group.model = chosen;
      group.ifApplied = undefined;
    }
    return { lost, mismatches, unfinishedImports };
  }
}

type Reader = ReturnType<typeof reader>;

function reader(sqlite: SQLite.Database) {
  const link = sqlite.prepare('SELECT url, title FROM links WHERE id = ?');
  const tags = sqlite.prepare('SELECT t.name FROM link_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.link_id = ? ORDER BY t.name').pluck();
  const issueOf = sqlite.prepare('SELECT i.number FROM issue_items ii JOIN issues i ON i.id = ii.issue_id WHERE ii.link_id = ?').pluck();
  const issue = sqlite.prepare('SELECT count(*) FROM issues WHERE number = ?').pluck();
  const imp = sqlite.prepare('SELECT status FROM imports WHERE id = ?').pluck();
  const linkByUrl = sqlite.prepare('SELECT count(*) FROM links WHERE url = ?').pluck();
  const submission = sqlite.prepare('SELECT s.url AS url, l.url AS linkUrl FROM submissions s LEFT JOIN links l ON l.id = s.link_id WHERE s.receipt_hash = ?');
  return {
    link: (id: number) => link.get(id) as { url: string; title: string | null } | undefined,
    tags: (id: number) => tags.all(id) as string[],
    issueOf: (id: number) => (issueOf.get(id) as number | undefined) ?? null,
    issueExists: (n: number) => (issue.get(n) as number) > 0,
    importStatus: (id: number) => imp.get(id) as string | undefined,
    linkWithUrl: (url: string) => (linkByUrl.get(url) as number) > 0,
    submission: (receipt: string) =>
      submission.get(createHash('sha256').update(receipt).digest('hex')) as { url: string; linkUrl: string | null } | undefined,
  };
}

function compare(model: Model, read: Reader): { differences: string[]; unfinishedImports: number } {
  const differences: string[] = [];
  let unfinishedImports = 0;
  for (const [key, expected] of Object.entries(model.links)) {
    const id = Number(key);
    const row = read.link(id);
    if (!row) {
      differences.push(`link ${id} (${expected.url}) is missing`);
      continue;
    }
    if (row.url !== expected.url) differences.push(`link ${id}: url ${row.url}, expected ${expected.url}`);
    if (row.title !== expected.title) differences.push(`link ${id}: title ${JSON.stringify(row.title)}, expected ${JSON.stringify(expected.title)}`);
    const tags = read.tags(id).join(',');
    if (tags !== [...expected.tags].sort().join(',')) differences.push(`link ${id}: tags [${tags}], expected [${[...expected.tags].sort()}]`);
    const issue = read.issueOf(id);
    if (issue !== expected.issue) differences.push(`link ${id}: in issue ${issue}, expected ${expected.issue}`);
  }
  for (const n of Object.keys(model.issues)) if (!read.issueExists(Number(n))) differences.push(`issue ${n} is missing`);
  for (const [key, urls] of Object.entries(model.imports)) {
    const status = read.importStatus(Number(key));
    if (status === undefined || status === 'failed') {
      differences.push(`import ${key} is ${status ?? 'missing'}`);
    } else if (status === 'done') {
      const missing = urls.filter((url) => !read.linkWithUrl(url));
      if (missing.length > 0) differences.push(`import ${key} is done, but ${missing.length} of its links are missing (${missing[0]})`);
    } else {
      unfinishedImports++;
    }
  }
  for (const [receipt, url] of Object.entries(model.submissions)) {
    const row = read.submission(receipt);
    if (!row) differences.push(`submission of ${url} is missing`);
    else if (row.linkUrl !== url) differences.push(`submission of ${url}: its link is ${row.linkUrl ?? 'missing'}`);
  }
  return { differences, unfinishedImports };
}
