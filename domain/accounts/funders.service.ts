import type { Executor } from "../../db/executor";
import { insertFunderOrganisation, listFundersWithMemberCounts, organisationNameTaken } from "../organisations/organisations.queries";
import { countPendingInvitationsByOrganisation } from "./invitations.queries";
import { forbidden, invalid } from "../errors";
import type { Actor } from "../permissions/actor";
import { canManageFunders } from "../permissions/policy";
import { funderSchema, parseInput, type FunderInput } from "./accounts.schema";
import { clock } from "./deps";

/** The coordination registers a funder (an organisation of kind 'funder'); then invites its staff. */
export async function createFunder(db: Executor, actor: Actor, input: FunderInput): Promise<{ id: string; name: string }> {
  if (!canManageFunders(actor)) throw forbidden();
  const { name, region } = parseInput(funderSchema, input);
  if (await organisationNameTaken(db, "funder", name)) throw invalid({ name: ["funders.name.taken"] });
  const id = await insertFunderOrganisation(db, { name, region: region ? region : null });
  return { id, name };
}

export interface FunderSummary {
  id: string;
  name: string;
  region: string | null;
  memberCount: number;
  pendingInvitations: number;
}

/** Every funder with its member and pending-invitation counts, by name (coordination only). */
export async function listFunders(db: Executor, actor: Actor, options: { now?: () => Date } = {}): Promise<FunderSummary[]> {
  if (!canManageFunders(actor)) throw forbidden();
  const funders = await listFundersWithMemberCounts(db);
  const pending = await countPendingInvitationsByOrganisation(db, clock(options));
  return funders.map((f) => ({ ...f, pendingInvitations: pending.get(f.id) ?? 0 }));
}
