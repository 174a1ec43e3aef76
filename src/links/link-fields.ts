/**
 * The closed sets a link's fields take, declared once: the database's CHECK constraints, the
 * API's enums (links.schemas.ts) and the schema types (db/schema.ts) all follow these.
 */
export const LINK_KINDS = ['article', 'video', 'repo', 'podcast', 'paper', 'other'] as const;
export const LINK_STATUSES = ['pending', 'approved', 'rejected', 'archived'] as const;
export const LINK_SOURCES = ['editor', 'submission', 'import'] as const;
export const ENRICHMENT_STATUSES = ['pending', 'done', 'failed'] as const;

export type LinkKind = (typeof LINK_KINDS)[number];
export type LinkStatus = (typeof LINK_STATUSES)[number];
export type LinkSource = (typeof LINK_SOURCES)[number];
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];
