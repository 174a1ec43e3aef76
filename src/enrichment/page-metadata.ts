import { z } from '@hono/zod-openapi';

/**
 * What enrichment keeps of a fetched page: the one definition of the metadata's shape. The
 * extractor fills it, `storedMetadata` writes it (every key, in this order), the
 * `link_api_json` view copies it into a link's JSON with `fetchedAt` added, and the API's
 * `LinkMetadata` (links.schemas.ts) is this schema extended by `fetchedAt`.
 */
export const PageMetadataSchema = z.object({
  title: z.string().nullable(),
  description: z.string().nullable(),
  siteName: z.string().nullable(),
  image: z
    .object({ url: z.string(), width: z.number().nullable(), height: z.number().nullable(), alt: z.string().nullable() })
    .nullable(),
  favicon: z.string().nullable(),
  author: z.string().nullable(),
  /** ISO 8601 (`toISOString()`), or null. */
  publishedAt: z.string().nullable(),
  canonicalUrl: z.string().nullable(),
});

export type PageMetadata = z.output<typeof PageMetadataSchema>;
export type PageImage = NonNullable<PageMetadata['image']>;

const KEYS = Object.keys(PageMetadataSchema.shape) as (keyof PageMetadata)[];
const IMAGE_KEYS = Object.keys(PageMetadataSchema.shape.image.unwrap().shape) as (keyof PageImage)[];

const pick = <T extends object, K extends keyof T>(value: T, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, value[k]]));

/** The stored JSON text: exactly the schema's keys, in its order (extra fields, such as og:type, are left out). */
export function storedMetadata(m: PageMetadata): string {
  return JSON.stringify({ ...pick(m, KEYS), image: m.image && pick(m.image, IMAGE_KEYS) });
}

export function emptyMetadata(): PageMetadata {
  return Object.fromEntries(KEYS.map((k) => [k, null])) as PageMetadata;
}
