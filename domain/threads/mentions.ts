import type { Executor } from "../../db/executor";
import type { ThreadAccess } from "./thread-access";

/**
 * @mentions in thread messages (decision 016). Only the thread's participants can be mentioned: the
 * OF's active staff, the dossier's examiner and the funder-side users who wrote in the thread. A
 * mention is the text "@" + a participant's display name; any other "@…" is plain text, so
 * naming someone who cannot see the thread notifies nobody (the notifications are written from the
 * message's event by domain/notifications/thread-notify.ts).
 */
export interface Participant {
  id: string;
  name: string;
  side: "of" | "funder";
}

export async function threadParticipants(
  db: Executor,
  access: Pick<ThreadAccess, "organisationId" | "examinerId" | "threadId">,
): Promise<Participant[]> {
  const staff = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.full_name", "users.email"])
    .where("memberships.organisation_id", "=", access.organisationId)
    .where("memberships.role", "in", ["of_admin", "of_member"])
    .where("users.disabled_at", "is", null)
    .execute();
  const funderIds = new Set<string>();
  if (access.examinerId) funderIds.add(access.examinerId);
  if (access.threadId) {
    const authors = await db
      .selectFrom("messages")
      .select("author_id")
      .distinct()
      .where("thread_id", "=", access.threadId)
      .where("author_id", "is not", null)
      .where((eb) => eb.or([eb("author_organisation_id", "is", null), eb("author_organisation_id", "<>", access.organisationId)]))
      .execute();
    for (const row of authors) funderIds.add(row.author_id!);
  }
  // Only users still in a funder organisation count (never another OF's staff by accident).
  const funders =
    funderIds.size === 0
      ? []
      : await db
          .selectFrom("users")
          .innerJoin("memberships", "memberships.user_id", "users.id")
          .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
          .select(["users.id", "users.full_name", "users.email"])
          .distinct()
          .where("users.id", "in", [...funderIds])
          .where("organisations.kind", "=", "funder")
          .where("users.disabled_at", "is", null)
          .execute();
  const byId = new Map<string, Participant>();
  for (const u of staff) byId.set(u.id, { id: u.id, name: u.full_name || u.email, side: "of" });
  for (const u of funders) if (!byId.has(u.id)) byId.set(u.id, { id: u.id, name: u.full_name || u.email, side: "funder" });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

/** The participants named as "@Name" in the body (case-insensitive, a whole name), the author excepted. */
export function mentionedParticipants(body: string, participants: readonly Participant[], authorId: string): Participant[] {
  const text = body.toLocaleLowerCase("fr");
  return participants.filter((p) => {
    if (p.id === authorId || !p.name) return false;
    const needle = `@${p.name.toLocaleLowerCase("fr")}`;
    let at = text.indexOf(needle);
    while (at !== -1) {
      const after = text.slice(at + needle.length);
      if (after === "" || !/^[\p{L}\p{N}_]/u.test(after)) return true;
      at = text.indexOf(needle, at + 1);
    }
    return false;
  });
}
