import type { Generated } from 'kysely';
import type { Role } from '../auth/roles.js';
import type { ImportFormat } from '../imports/import-formats.js';
import type { EnrichmentStatus, LinkKind, LinkSource, LinkStatus } from '../links/link-fields.js';

// What the better-sqlite3 driver returns: timestamps are ISO-8601 strings, booleans 0/1.


export interface SettingsTable {
  key: string;
  value: string;
}

export interface TokensTable {
  id: Generated<number>;
  name: string;
  role: Role;
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Submissions a submitter token may make a day; null = no quota. */
  daily_quota: number | null;
}

export interface IssuesTable {
  id: Generated<number>;
  number: number;
  date: string;
  subject: string;
  note: string | null;
  quote_text: string | null;
  quote_author: string | null;
  quote_url: string | null;
  status: Generated<'draft' | 'published'>;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  rendered_markdown: string | null;
  rendered_html: string | null;
  rendered_fragment: string | null;
  rendered_json: string | null;
  /** The issue's own texts; null = the newsletter's. */
  greeting: string | null;
  intro: string | null;
  submission_call: string | null;
  signoff: string | null;
}

export interface NewsletterTable {
  id: number;
  name: string;
  greeting: string;
  intro: string;
  submission_call: string;
  signoff: string;
  base_url: string;
  /** JSON: [{ name, featured }] */
  sections: string;
  updated_at: string;
}

export interface IssueSectionsTable {
  issue_id: number;
  position: number;
  name: string;
  featured: 0 | 1;
}

export interface LinksTable {
  id: Generated<number>;
  url: string;
  canonical_key: string;
  title: string | null;
  blurb: string | null;
  credit_name: string | null;
  credit_url: string | null;
  kind: LinkKind | null;
  section: string | null;
  status: LinkStatus;
  source: LinkSource;
  submitter: string | null;
  /** JSON text of the fetched page metadata. */
  metadata: string | null;
  enrichment_status: Generated<EnrichmentStatus>;
  enrichment_attempts: Generated<number>;
  enrichment_error: string | null;
  fetched_at: string | null;
  created_at: string;
  updated_at: string;
  inferred_kind: LinkKind | null;
  /** Generated: coalesce(kind, inferred_kind). Never written. */
  effective_kind: Generated<LinkKind | null>;
  possible_duplicate_of: number | null;
  /** Why an editor set the status (approved, rejected, archived); shown to the submitter when public. */
  status_reason: string | null;
  status_reason_public: Generated<0 | 1>;
}

/** One time someone sent a link (migration 2026-12-02T02-00-00-submissions). */
export interface SubmissionsTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the receipt; the receipt itself is only given to the submitter. */
  receipt_hash: string;
  /** Null once the link is deleted. */
  link_id: number | null;
  /** The URL as submitted (cleaned). */
  url: string;
  name: string | null;
  email: string | null;
  note: string | null;
  section: string | null;
  /** The submitter token that sent it, if any. */
  token_name: string | null;
  /** Kept out silently (honeypot, blocked domain): never a link; its receipt stays pending. */
  dropped: Generated<0 | 1>;
  created_at: string;
}

/** When each accepted submission arrived, per rate-limit key (a client address or a token). */
export interface SubmissionHitsTable {
  client: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface PowUsedTable {
  nonce: string;
  /** Milliseconds since the epoch. */
  expires_at: number;
}

/** The one row each write transaction sets first, read by the history triggers. */
export interface WriteActorTable {
  id: number;
  name: string | null;
  at: string | null;
}

/** A link's history, written by triggers. Read-only for the application. */
export interface LinkEventsTable {
  id: Generated<number>;
  link_id: number;
  at: string;
  actor: string | null;
  type: string;
  /** JSON object. */
  detail: string;
}

export interface EnrichmentJobsTable {
  id: Generated<number>;
  link_id: number;
  url: string;
  attempts: Generated<number>;
  run_at: string;
  locked_until: string | null;
  created_at: string;
  /** 1: a link added one by one; 0: an imported one, fetched after every 1 (migration 2026-12-02T03-00-00-imports). */
  priority: Generated<0 | 1>;
}

/** One uploaded bookmark file and how far its import has come (migration 2026-12-02T03-00-00-imports). */
export interface ImportsTable {
  id: Generated<number>;
  status: 'queued' | 'running' | 'done' | 'failed';
  format: ImportFormat;
  /** JSON: { status: 'approved' | 'pending', dryRun: boolean } */
  options: string;
  created_by: string | null;
  /** The staged file's name in the imports folder; null once the import is over. */
  file: string | null;
  bytes: number;
  total: number;
  /** Records done, committed with the links they made. */
  processed: Generated<number>;
  created: Generated<number>;
  merged: Generated<number>;
  skipped: Generated<number>;
  invalid: Generated<number>;
  /** JSON array of the first 100 problems. */
  problems: Generated<string>;
  problem_count: Generated<number>;
  error: string | null;
  claim: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** What a dry run would have made of each page it met (migration 2026-12-02T03-00-00-imports). */
export interface ImportDryLinksTable {
  import_id: number;
  canonical_key: string;
  has_title: 0 | 1;
  has_blurb: 0 | 1;
  /** Whether the import may fill an empty title or blurb (not on an editor's link). */
  fillable: 0 | 1;
  /** JSON array of tag names. */
  tags: string;
  created_at: string;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  /** Links carrying the tag; kept by triggers on link_tags. */
  link_count: Generated<number>;
}

export interface LinkTagsTable {
  tag_id: number;
  link_id: number;
}

export interface IssueItemsTable {
  link_id: number;
  issue_id: number;
  section: string;
  position: number;
  title: string | null;
  blurb: string | null;
  markdown: string | null;
}

/**
 * Each link's API JSON (LinkSchema) as text, kept by triggers from the `link_api_json` view
 * (migration 2026-11-25T02-00-00-link-json). Read-only for the application.
 */
export interface LinkJsonTable {
  link_id: number;
  json: string;
}

export interface IssuePreviewsTable {
  issue_id: number;
  /** SHA-256 (hex) of the preview token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface Database {
  settings: SettingsTable;
  submissions: SubmissionsTable;
  submission_hits: SubmissionHitsTable;
  pow_used: PowUsedTable;
  write_actor: WriteActorTable;
  link_events: LinkEventsTable;
  tokens: TokensTable;
  issues: IssuesTable;
  links: LinksTable;
  tags: TagsTable;
  link_tags: LinkTagsTable;
  issue_items: IssueItemsTable;
  enrichment_jobs: EnrichmentJobsTable;
  imports: ImportsTable;
  import_dry_links: ImportDryLinksTable;
  newsletter: NewsletterTable;
  issue_sections: IssueSectionsTable;
  link_json: LinkJsonTable;
  issue_previews: IssuePreviewsTable;
}
