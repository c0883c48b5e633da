/**
 * A stable colour per user (caret, avatar), from a small palette readable on white. Isomorphic: the
 * portal draws with it and the collab server writes it into each connection's awareness state.
 */
export const PALETTE = ["#000091", "#b34000", "#18753c", "#6a6af4", "#a94645", "#695240", "#009081", "#c3992a"];

export function colourFor(userId: string): { index: number; hex: string } {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const index = hash % PALETTE.length;
  return { index, hex: PALETTE[index]! };
}
