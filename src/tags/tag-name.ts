import { z } from '@hono/zod-openapi';

/** Tags are normalised names: lowercase, trimmed, runs of spaces to a single `-`. */
export const MAX_TAG_LENGTH = 64;
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}._+#-]*$/u;

export function normalizeTagName(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase().replace(/\s+/g, '-');
}

/** Returns why a normalised name is not a tag, or null when it is one. */
export function tagNameProblem(name: string): string | null {
  if (name.length === 0) return 'A tag cannot be empty.';
  if (name.length > MAX_TAG_LENGTH) return `A tag is at most ${MAX_TAG_LENGTH} characters.`;
  if (!TAG_PATTERN.test(name)) return 'A tag starts with a letter or digit and holds only letters, digits and . _ + # -.';
  return null;
}

/** A tag name as the API takes it: normalised, then checked. */
const MAX_RAW_TAG_LENGTH = MAX_TAG_LENGTH * 2;

export const TagName = z
  .string()
  .max(MAX_RAW_TAG_LENGTH)
  .transform((raw, ctx) => {
    const name = normalizeTagName(raw);
    const problem = tagNameProblem(name);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return name;
  })
  // The transform hides the raw limits from the generator; the document states them.
  .openapi({ type: 'string', minLength: 1, maxLength: MAX_RAW_TAG_LENGTH, example: 'sqlite', description: 'Normalised: lowercase, trimmed, spaces to `-`.' });
