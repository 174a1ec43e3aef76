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
