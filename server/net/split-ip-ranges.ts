/** Addresses and ranges typed as text, separated by commas, spaces or new lines (no node:net: forms use it too). */
export function splitIpRanges(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
