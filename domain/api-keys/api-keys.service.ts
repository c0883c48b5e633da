import { randomBytes } from "node:crypto";
import type { Executor } from "../../db/executor";
import type { ApiKeyScope } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canManageApiKeys } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { hashToken } from "../accounts/tokens";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * Per-funder API keys: shown once at creation, stored as a SHA-256 hash (a key is 32 random
 * bytes, so a fast hash is enough), scoped read or read-write, revocable. Only the funder's
 * admins manage them, and every query is scoped by the funder id.
 */

export const SCOPES: readonly ApiKeyScope[] = ["read", "read-write"];

export async function createApiKey(
  db: Executor,
  actor: Actor,
  input: { funderId: string; name: string; scope: string },
): Promise<{ id: string; key: string; prefix: string }> {
  if (!canManageApiKeys(actor, input.funderId)) throw forbidden();
  const name = input.name?.trim() ?? "";
  if (!name) throw invalid({ name: ["errors.required"] });
  if (name.length > 100) throw invalid({ name: ["errors.tooLong"] });
  if (hasForbiddenCharacters(name)) throw invalid({ name: ["validation.text.controlCharacters"] });
  if (!SCOPES.includes(input.scope as ApiKeyScope)) throw invalid({ scope: ["errors.validation"] });
  const prefix = randomBytes(4).toString("hex");
  const key = `dd_${prefix}_${randomBytes(32).toString("base64url")}`;
  const row = await db
    .insertInto("api_keys")
    .values({
      funder_id: input.funderId,
      name,
      prefix,
      key_hash: hashToken(key),
      scope: input.scope as ApiKeyScope,
      created_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, key, prefix };
}

export async function listApiKeys(db: Executor, actor: Actor, funderId: string) {
  if (!canManageApiKeys(actor, funderId)) throw forbidden();
  return db
    .selectFrom("api_keys")
    .select(["id", "name", "prefix", "scope", "created_at as createdAt", "last_used_at as lastUsedAt", "revoked_at as revokedAt"])
    .where("funder_id", "=", funderId)
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeApiKey(db: Executor, actor: Actor, funderId: string, keyId: string): Promise<void> {
  if (!canManageApiKeys(actor, funderId)) throw forbidden();
  const row = await db
    .updateTable("api_keys")
    .set({ revoked_at: new Date() })
    .where("id", "=", keyId)
    .where("funder_id", "=", funderId)
    .where("revoked_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
}

export interface ApiPrincipal {
  keyId: string;
  funderId: string;
  scope: ApiKeyScope;
}

/** The key's principal if it is valid, not revoked and its funder exists and is not revoked (deactivated); null otherwise. */
export async function authenticateApiKey(db: Executor, rawKey: string | null | undefined): Promise<ApiPrincipal | null> {
  if (!rawKey || !/^dd_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/.test(rawKey)) return null;
  const row = await db
    .selectFrom("api_keys")
    .innerJoin("organisations", "organisations.id", "api_keys.funder_id")
    .select(["api_keys.id", "api_keys.funder_id", "api_keys.scope", "api_keys.last_used_at"])
    .where("api_keys.key_hash", "=", hashToken(rawKey))
    .where("api_keys.revoked_at", "is", null)
    .where("organisations.kind", "=", "funder")
    .where("organisations.deactivated_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  // Last use recorded at most once a minute per key.
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.updateTable("api_keys").set({ last_used_at: new Date() }).where("id", "=", row.id).execute();
  }
  return { keyId: row.id, funderId: row.funder_id, scope: row.scope };
}
