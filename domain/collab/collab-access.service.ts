import type { Executor } from "../../db/executor";
import { readSessionToken } from "../accounts/session-cookie";
import { validateSessionToken } from "../accounts/session.service";
import type { Actor } from "../permissions/actor";
import { collabDocumentAccess, type CollabDocumentKind } from "../permissions/collab-document.policy";

/** The websocket's user, from the same session cookie and the same validation as the portal. */
export async function authenticateCookie(db: Executor, cookieHeader: string | undefined): Promise<Actor | null> {
  const token = readSessionToken(cookieHeader);
  if (!token) return null;
  const session = await validateSessionToken(db, token);
  return session?.actor ?? null;
}

/** Access to a document whose subject must exist: a dossier, an evidence item, an OF. */
export async function collabAccessFor(
  db: Executor,
  actor: Actor,
  document: { kind: CollabDocumentKind; id: string },
): Promise<"write" | "read" | null> {
  const access = collabDocumentAccess(actor, document.kind);
  if (!access) return null;
  const exists =
    document.kind === "dossier"
      ? await db.selectFrom("dossiers").select("id").where("id", "=", document.id).executeTakeFirst()
      : document.kind === "evidence"
        ? await db.selectFrom("evidence").select("id").where("id", "=", document.id).executeTakeFirst()
        : await db
            .selectFrom("organisations")
            .select("id")
            .where("id", "=", document.id)
            .where("kind", "=", "of")
            .executeTakeFirst();
  return exists ? access : null;
}
