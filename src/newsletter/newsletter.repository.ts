import type { Reader, Trx } from '../db/database.js';
import type { NewsletterSettings } from './newsletter.schemas.js';

export async function getNewsletter(db: Reader): Promise<NewsletterSettings> {
  const row = await db.selectFrom('newsletter').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return {
    name: row.name,
    greeting: row.greeting,
    intro: row.intro,
    submissionCall: row.submission_call,
    signoff: row.signoff,
    baseUrl: row.base_url,
    sections: JSON.parse(row.sections) as NewsletterSettings['sections'],
  };
}

export async function putNewsletter(trx: Trx, settings: NewsletterSettings, now: Date): Promise<void> {
  await trx
    .updateTable('newsletter')
    .set({
      name: settings.name,
      greeting: settings.greeting,
      intro: settings.intro,
      submission_call: settings.submissionCall,
      signoff: settings.signoff,
      base_url: settings.baseUrl,
      sections: JSON.stringify(settings.sections),
      updated_at: now.toISOString(),
    })
    .where('id', '=', 1)
    .execute();
}

/** The newsletter's section that `wanted` names (ignoring case), in the newsletter's spelling, if any. */
export async function knownSection(db: Reader, wanted: string | undefined): Promise<string | undefined> {
  if (wanted === undefined) return undefined;
  const key = wanted.toLowerCase();
  return (await getNewsletter(db)).sections.find((s) => s.name.toLowerCase() === key)?.name;
}
