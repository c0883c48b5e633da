import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { canManageCnefopLabels, canManageFunders } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { hasForbiddenCharacters } from "../validation/fields";

/** The CNEFOP list of quality labels (circuit court): coordinators add, rename and (de)activate. */
export async function listCnefopLabels(db: Executor) {
  return db.selectFrom("cnefop_labels").select(["id", "name", "active"]).orderBy("name").execute();
}

function cleanName(name: string): string {
  const clean = name?.trim() ?? "";
  if (!clean) throw invalid({ name: ["errors.required"] });
  if (clean.length > 300) throw invalid({ name: ["errors.tooLong"] });
  if (hasForbiddenCharacters(clean)) throw invalid({ name: ["validation.text.controlCharacters"] });
  return clean;
}

export async function addCnefopLabel(db: Executor, actor: Actor, name: string): Promise<{ id: string }> {
  if (!canManageCnefopLabels(actor)) throw forbidden();
  const row = await db
    .insertInto("cnefop_labels")
    .values({ name: cleanName(name) })
    .onConflict((oc) => oc.column("name").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new DomainError("conflict", "cnefop.duplicate");
  return row;
}

export async function setCnefopLabelActive(db: Executor, actor: Actor, id: string, active: boolean): Promise<void> {
  if (!canManageCnefopLabels(actor)) throw forbidden();
  const row = await db.updateTable("cnefop_labels").set({ active }).where("id", "=", id).returning("id").executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
}

/** Read-only overview of every funder's users, for coordinators. */
export async function funderUsersOverview(db: Executor, actor: Actor) {
  if (!canManageFunders(actor)) throw forbidden();
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select([
      "organisations.id as funderId",
      "organisations.name as funderName",
      "users.id as userId",
      "users.full_name as fullName",
      "users.email",
      "memberships.role",
      "users.disabled_at as disabledAt",
      "users.created_at as createdAt",
    ])
    .where("organisations.kind", "=", "funder")
    .orderBy("organisations.name")
    .orderBy("users.full_name")
    .execute();
}
