import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { planArchive } from '../../src/issues/import-archive.js';
import { DESIGN_MARKDOWN } from '../helpers/design-example.js';
import { cli, tempDirPerTest } from '../helpers/processes.js';

/** `npm run --silent cli -- import-issues DIR`, run as a user would, on a database file of its own. */

const dir = tempDirPerTest();
const issue = (date: string, subject: string, slug: string) => `---\ntitle: ${date}\n---\n\n# ${subject}\n\n---\n\n## Links\n- [${slug}](https://example.org/${slug}) - About ${slug}.\n`;

function archive(files: Record<string, string>, name = 'archive'): string {
  const folder = path.join(dir(), name);
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

const rendered = (db: string) => {
  const handle = openDatabase(db);
  try {
    return handle.sqlite.prepare('SELECT number, status, published_at, rendered_markdown FROM issues ORDER BY number').all() as { number: number; status: string; published_at: string | null; rendered_markdown: string | null }[];
  } finally {
    handle.sqlite.close();
  }
};

const bytes = (text: string) => new TextEncoder().encode(text);
const hints = { submissionCall: '', signoff: '' };

describe('planArchive', () => {
  it('orders files by date, then by name, numbered from the start', () => {
    const { plan } = planArchive(
      [
        { name: 'b.md', bytes: bytes(issue('2024-01-05', 'B', 'b')) },
        { name: 'z.md', bytes: bytes(issue('2023-12-29', 'Z', 'z')) },
        { name: 'a.md', bytes: bytes(issue('2024-01-05', 'A', 'a')) },
      ],
      hints,
      5,
    );
    expect(plan.map((p) => [p.file.name, p.number])).toEqual([
      ['z.md', 5],
      ['a.md', 6],
      ['b.md', 7],
    ]);
  });

  it('names every file and line it cannot take, a page in two files too', () => {
    const { problems } = planArchive(
      [
        { name: 'one.md', bytes: bytes(issue('2024-01-05', 'One', 'same')) },
        { name: 'two.md', bytes: bytes(issue('2024-01-12', 'Two', 'same')) },
        { name: 'bad.md', bytes: bytes('# No front matter\n') },
      ],
      hints,
      1,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'bad.md:1: expected front matter: “---”, “title: YYYY-MM-DD”, “---”, found “# No front matter”.',
      'two.md:10: expected each page in one issue only; this is the page of one.md:10.',
    ]);
  });
});

describe('import-issues', () => {
  it('imports a folder in date order, numbered 1, 2, 3, each rendering back to its file, and prints a line per file', () => {
    const files = { 'design.md': DESIGN_MARKDOWN, '2024-06.md': issue('2024-06-07', 'June', 'june'), '2024-05.md': issue('2024-05-03', 'May', 'may'), 'notes.txt': 'not an issue' };
    const db = path.join(dir(), 'cli.db');
    const res = cli(db, ['import-issues', archive(files)]);
    expect([res.status, res.stderr]).toEqual([0, 'imported 3 issues, numbers 1–3\n']);
    expect(res.stdout).toBe(
      '2024-05.md\t1\t2024-05-03\tpublished\t1 item\tMay\n2024-06.md\t2\t2024-06-07\tpublished\t1 item\tJune\ndesign.md\t3\t2025-03-07\tpublished\t3 items\tVacuuming the warehouse\n',
    );
    expect(rendered(db)).toEqual([
      { number: 1, status: 'published', published_at: '2024-05-03T00:00:00.000Z', rendered_markdown: files['2024-05.md'] },
      { number: 2, status: 'published', published_at: '2024-06-07T00:00:00.000Z', rendered_markdown: files['2024-06.md'] },
      { number: 3, status: 'published', published_at: '2025-03-07T00:00:00.000Z', rendered_markdown: DESIGN_MARKDOWN },
    ]);
  }, 30_000);

  it('numbers from --start and keeps drafts with --draft', () => {
    const db = path.join(dir(), 'cli.db');
    const res = cli(db, ['import-issues', archive({ 'a.md': issue('2024-05-03', 'May', 'may') }), '--start', '40', '--draft']);
    expect([res.status, res.stdout, res.stderr]).toEqual([0, 'a.md\t40\t2024-05-03\tdraft\t1 item\tMay\n', 'imported 1 issue, number 40\n']);
    expect(rendered(db)).toEqual([{ number: 40, status: 'draft', published_at: null, rendered_markdown: null }]);
  }, 30_000);

  it('imports nothing when a file cannot come in: exit 1, a line per problem naming the file and line', () => {
    const db = path.join(dir(), 'cli.db');
    const res = cli(db, ['import-issues', archive({ 'a.md': issue('2024-05-03', 'May', 'may'), 'b.md': issue('2024-05-10', 'Later', 'later').replace('# Later', 'Later') })]);
    expect([res.status, res.stdout]).toEqual([1, '']);
    expect(res.stderr).toBe('linkletter: b.md:5: expected the subject, “# Subject” (at most 300 characters, no spaces around it), found “Later”.\nnothing was imported\n');
    expect(rendered(db)).toEqual([]);

    expect(cli(db, ['import-issues', archive({ 'c.md': issue('2024-06-07', 'June', 'june') }, 'june'), '--start', '2']).status).toBe(0);
    // Found while importing: a number taken (and the file before it is undone), a page already in an issue.
    const taken = cli(db, ['import-issues', archive({ 'd.md': issue('2024-05-03', 'May', 'may'), 'e.md': issue('2024-05-10', 'Later', 'later') }, 'taken')]);
    expect([taken.status, taken.stderr]).toEqual([1, 'linkletter: e.md: Issue 2 exists already.\nnothing was imported\n']);
    const again = cli(db, ['import-issues', archive({ 'f.md': issue('2024-07-05', 'July', 'june') }, 'again'), '--start', '5']);
    expect([again.status, again.stderr]).toEqual([1, 'linkletter: f.md:10: https://example.org/june is already in issue 2 (link 1); a page goes into one issue only.\nnothing was imported\n']);
    expect(rendered(db).map((r) => r.number)).toEqual([2]);
  }, 60_000);
});
