/** At most this many tags on an asset, each this long at most (the request DTOs check it). */
export const MAX_ASSET_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Tags as kept and compared: trimmed, in lower case, without repeats, in the order given; empty ones dropped. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag.length > 0))];
}
