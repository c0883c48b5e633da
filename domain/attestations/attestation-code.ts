import { randomBytes } from "node:crypto";

/**
 * Verification codes of attestations: 16 characters of Crockford base32 (80 random bits, so a code
 * cannot be guessed), stored without separators and printed in groups of four for reading aloud
 * ("7KQ2-M9XD-3HTV-0PRA"). Typing is forgiving: case, spaces and dashes do not matter, and the
 * letters Crockford excludes are read as the digits they look like (O → 0, I and L → 1).
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 16;
const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/;

export function generateAttestationCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  // 256 is a multiple of 32: taking each byte modulo 32 keeps the characters uniform.
  return Array.from(bytes, (b) => ALPHABET[b % 32]).join("");
}

/** The stored form of a typed code, or null when it cannot be one. */
export function normaliseAttestationCode(raw: string): string | null {
  if (raw.length > 64) return null;
  const compact = raw.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return CODE_PATTERN.test(compact) ? compact : null;
}

/** "7KQ2M9XD3HTV0PRA" → "7KQ2-M9XD-3HTV-0PRA". */
export function formatAttestationCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}
