/**
 * A stable colour per user (caret, avatar), from a small palette readable on white and under white
 * text (every colour at least 4.5:1 both ways: avatars carry white initials, replies are written in
 * their author's colour; tests/unit/user-colour.test.ts). Isomorphic: the portal draws with it and the
 * collab server writes it into each connection's awareness state. app/styles/live.css repeats it
 * for the avatars (`.live-avatar[data-colour]`).
 */
export const PALETTE = ["#000091", "#b34000", "#18753c", "#5555d6", "#a94645", "#695240", "#00695f", "#7d5f00"];

export function colourFor(userId: string): { index: number; hex: string } {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const index = hash % PALETTE.length;
  return { index, hex: PALETTE[index]! };
}
