/** Which text encoding a fetched page is in. */

function normaliseLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label.trim().replace(/^["']|["']$/g, '').trim();
  if (!l) return undefined;
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return undefined;
  }
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const re = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/gi;
  for (const m of head.matchAll(re)) {
    let enc = normaliseLabel(m[1]);
    // A <meta> cannot declare UTF-16 (the bytes so far were ASCII-compatible).
    if (enc === 'utf-16le' || enc === 'utf-16be') enc = 'utf-8';
    if (enc) return enc;
  }
  return undefined;
}

/**
 * Picks the encoding: BOM (as the HTML standard says), then the Content-Type
 * charset, then a <meta> in the first 4096 bytes, else UTF-8. Unknown labels
 * are skipped.
 */
export function detectCharset(contentType: string | undefined, bytes: Uint8Array): string {
  const fromHeader = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '')?.[2];
  return bomEncoding(bytes) ?? normaliseLabel(fromHeader) ?? metaCharset(bytes) ?? 'utf-8';
}
