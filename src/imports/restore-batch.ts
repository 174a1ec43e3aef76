import { performance } from 'node:perf_hooks';
import type { Trx } from '../db/database.js';
import { putNewsletter } from '../newsletter/newsletter.repository.js';
import { putReasons, putRules } from '../submissions/moderation.js';
import { ensureTags } from '../tags/tags.repository.js';
import { applyBatch, type BatchOptions, type BatchResult, type ImportCounts, type QueuedRecord } from './import-batch.js';
import type { ImportProblem, RawRecord } from './import-record.js';
import { prepareEntry, type RestoreEntry } from './restore-entries.js';
import { databaseIsEmpty, insertRestoredIssue, issueNumberTaken, linksForItems, relinkedJson, saveRestoreMode, type RestoreMode } from './restore.repository.js';

/**
 * A restore: linkletter's own export imported like any file (the same job, batches, resume and
 * report), record by record in the file's order: header, settings, tags, links, issues.
 *
 * How it goes is decided once, at the header, and kept with the import:
 * - `exact`, into a database with no link and no issue: links keep their ids (unless one
 *   written meanwhile took it), settings and moderation rules are the export's, and every
 *   issue comes back with its number, items and what it published.
 * - `merge`, into one that has links or issues: links merge by canonical key as every import
 *   merges (a link that is new comes in whole, with a new id); this database's settings are
 *   kept; an issue comes back only when its number is free here (otherwise it is a problem),
 *   without the items whose links are in another issue here (each a problem).
 *
 * Links go through the bookmark import's batch (applyBatch), so merging and dry runs are the
 * same code; each record counts as `created` (something new: a link, a tag, an issue),
 * `merged` (something existing changed: a link, the settings), `skipped` (nothing changed; the
 * header too) or `invalid`.
 */
export type RestoreQueued = QueuedRecord & { restore?: RestoreEntry };

export function queueEntry(record: RawRecord): RestoreQueued {
  return { record, ...prepareEntry(record) };
}

export type RestoreResult = BatchResult & { mode: RestoreMode | undefined };

export async function applyRestoreBatch(trx: Trx, queue: readonly RestoreQueued[], options: BatchOptions & { mode: RestoreMode | undefined }): Promise<RestoreResult> {
  const counts: ImportCounts = { created: 0, merged: 0, skipped: 0, invalid: 0 };
  const problems: ImportProblem[] = [];
  let { mode } = options;
  let consumed = 0;
  let linksCreated = 0;

  while (consumed < queue.length && (consumed === 0 || performance.now() <= options.deadline)) {
    const next = queue[consumed]!;
    if (!next.restore) {
      // A run of links (or records that could not be read): the bookmark import's batch.
      let end = consumed;
      while (end < queue.length && !queue[end]!.restore) end++;
      const result = await applyBatch(trx, queue.slice(consumed, end), { ...options, restore: { keepIds: mode === 'exact' } });
      for (const key of ['created', 'merged', 'skipped', 'invalid'] as const) counts[key] += result.counts[key];
      problems.push(...result.problems);
      linksCreated += result.linksCreated;
      consumed += result.consumed;
      continue;
    }
    consumed++;
    const at = { record: next.record.record, line: next.record.line };
    const note = (message: string) => problems.push({ ...at, message });
    const entry = next.restore;
    switch (entry.kind) {
      case 'header':
        if (mode === undefined) {
          mode = (await databaseIsEmpty(trx)) ? 'exact' : 'merge';
          await saveRestoreMode(trx, options.importId, mode);
        }
        counts.skipped++;
        break;
      case 'newsletter':
      case 'moderation':
        if (mode !== 'exact') {
          note(`the ${entry.kind === 'newsletter' ? 'newsletter’s settings' : 'moderation rules and reasons'} of this database were kept (it was not empty)`);
          counts.skipped++;
          break;
        }
        if (!options.dryRun && entry.kind === 'newsletter') await putNewsletter(trx, entry.settings, options.now);
        if (!options.dryRun && entry.kind === 'moderation') {
          await putRules(trx, entry.settings.rules);
          await putReasons(trx, entry.settings.reasons);
        }
        counts.merged++;
        break;
      case 'tag': {
        // ensureTags answers existing names too: compare what exists before.
        const existed = await trx.selectFrom('tags').select('id').where('name', '=', entry.name).executeTakeFirst();
        if (!existed && !options.dryRun) await ensureTags(trx, [entry.name]);
        counts[existed ? 'skipped' : 'created']++;
        break;
      }
      case 'issue':
        counts[(await restoreIssue(trx, entry.issue, options.dryRun, note)) ? 'created' : 'skipped']++;
        break;
    }
  }
  return { consumed, counts, problems, linksCreated, mode };
}

/** Restores one issue, if its number is free; false (with a problem) when it is not. */
async function restoreIssue(trx: Trx, issue: Extract<RestoreEntry, { kind: 'issue' }>['issue'], dryRun: boolean, note: (message: string) => void): Promise<boolean> {
  if (await issueNumberTaken(trx, issue.number)) {
    note(`issue ${issue.number} was not restored: this database has an issue ${issue.number} already`);
    return false;
  }
  if (dryRun) return true;
  const links = await linksForItems(trx, issue.items.map((i) => i.canonicalKey));
  const placed = new Set<number>();
  const items = issue.items.flatMap((item) => {
    const link = links.get(item.canonicalKey);
    const problem = !link ? 'is not here' : link.inIssue ? 'is in another issue here' : placed.has(link.id) ? 'is in this issue twice' : null;
    if (problem || !link) {
      note(`issue ${issue.number}: the item ${item.canonicalKey.slice(0, 200)} was left out: its link ${problem}`);
      return [];
    }
    placed.add(link.id);
    return [{ linkId: link.id, section: item.section, title: item.title, blurb: item.blurb, markdown: item.markdown }];
  });
  const ids = new Map([...links].map(([key, link]) => [key, link.id]));
  await insertRestoredIssue(trx, issue, items, issue.published ? relinkedJson(issue.published.json, ids) : null);
  return true;
}
