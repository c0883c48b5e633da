import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";

/** A 32-byte random secret, base32-encoded for cookies and links. */
export function generateToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

/** What the database stores instead of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
