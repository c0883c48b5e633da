import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PALETTE, colourFor } from "../../collab/shared/user-colour";

/** WCAG 2 contrast ratio between two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("user colours", () => {
  it("are all readable with white (avatars' initials, replies on white): at least 4.5:1", () => {
    for (const colour of PALETTE) expect(contrast(colour, "#ffffff"), colour).toBeGreaterThanOrEqual(4.5);
  });

  it("are the avatars' backgrounds in the style sheet, colour for colour", () => {
    const css = readFileSync("app/styles/live.css", "utf8");
    for (const [index, colour] of PALETTE.entries()) {
      if (index === 0) continue; // the default background, var(--blue)
      expect(css).toMatch(new RegExp(`\\.live-avatar\\[data-colour="${index}"\\] \\{\\s*background: ${colour};`));
    }
  });

  it("is stable per user and spreads users over the palette", () => {
    expect(colourFor("alice").hex).toBe(colourFor("alice").hex);
    const used = new Set(Array.from({ length: 64 }, (_, i) => colourFor(`user-${i}`).index));
    expect(used.size).toBeGreaterThan(4);
  });
});
