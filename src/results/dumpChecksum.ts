/**
 * The integrity check of a dump (format version 2): a 64-bit digest over the header's fields and
 * the JSON text of every element, in file order. It is computed from the parsed values
 * (`JSON.stringify` of each), so it does not depend on layout: a dump re-indented by a JSON tool
 * still checks, while any change of content — a flipped byte in a key, an id, a number — does
 * not. It guards against damage (a bad disk, a truncated copy patched up, a hand edit), not
 * against someone who recomputes it on purpose.
 *
 * Pure TypeScript, so the browser inspector checks dumps the same way.
 */

/** Two independently seeded 32-bit multiply-xorshift lanes, fed one UTF-16 code unit at a time. */
export class DumpChecksum {
  private h1 = 0x9e3779b9;
  private h2 = 0x85ebca6b;
  private length = 0;

  /** Adds a piece of text; pieces are separated, so `["ab", "c"]` and `["a", "bc"]` differ. */
  update(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    // The separator: a code unit JSON text never holds unescaped.
    this.h1 = Math.imul(h1 ^ 0x0a, 2654435761);
    this.h2 = Math.imul(h2 ^ 0x0a, 1597334677);
    this.length += text.length + 1;
  }

  /** The digest so far, as 16 hex digits. */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    h1 ^= this.length;
    h2 ^= Math.floor(this.length / 0x100000000);
    return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
  }
}

/**
 * The header fields the checksum covers, in this order (the sections follow). The fields added
 * since version 2 (`stopReason`, `stopDetail`, then `warnings`) are appended only when present, so
 * the checksum of a dump written before them is unchanged.
 */
export function headerChecksumText(header: {
  format: unknown;
  version: unknown;
  createdBy: unknown;
  scenario: unknown;
  complete: unknown;
  stopReason?: unknown;
  stopDetail?: unknown;
  warnings?: unknown;
  stats: unknown;
  counts: unknown;
}): string {
  const fields = [header.format, header.version, header.createdBy, header.scenario ?? {}, header.complete, header.stats ?? null, header.counts];
  if (header.stopReason !== undefined || header.stopDetail !== undefined) fields.push(header.stopReason ?? null, header.stopDetail ?? null);
  if (header.warnings !== undefined) fields.push(header.warnings);
  return JSON.stringify(fields);
}
