import { describe, expect, it } from "vitest";
import { ROLES, ROLE_ORGANISATION_KIND, type Actor, type OrganisationKind, type Role } from "../../domain/permissions/actor";
import {
  canActAsExpert,
  canActAsFunderSide,
  canAssign,
  canBeAskedForOpinion,
  canCloseAlert,
  canControl,
  canCoordinate,
  canDecide,
  canDeList,
  canEditDelayRules,
  canEditDossier,
  canEditOfProfile,
  canExportOrganisationData,
  canStartCarriedOverDossier,
  canExamine,
  canInvite,
  canManageApiKeys,
  canManageCatalogue,
  canUseFunderLabels,
  canStartBulkAction,
  canFollowBulkJob,
  canManageCnefopLabels,
  canManageCoExaminers,
  canManageExpertRequests,
  canManageFunders,
  canManageReferentiels,
  canManageTeam,
  canManageWebhooks,
  canReadExpertOpinions,
  canReopenDossier,
  canResolveThread,
  canRunControlCampaigns,
  canViewOrganisation,
} from "../../domain/permissions/policy";
import { liveSideOf, type LiveSide } from "../../domain/permissions/actor-side";

/**
 * Every role × every policy function, against expectations written out by hand.
 * Each actor belongs to the "A" organisation of its role's kind; "B" organisations are someone else's.
 */
const ORGS = {
  ofA: { id: "00000000-0000-4000-8000-00000000000a", kind: "of" },
  ofB: { id: "00000000-0000-4000-8000-00000000000b", kind: "of" },
  funderA: { id: "00000000-0000-4000-8000-0000000000fa", kind: "funder" },
  funderB: { id: "00000000-0000-4000-8000-0000000000fb", kind: "funder" },
  coordination: { id: "00000000-0000-4000-8000-0000000000cc", kind: "coordination" },
} as const satisfies Record<string, { id: string; kind: OrganisationKind }>;
type OrgName = keyof typeof ORGS;
const ORG_NAMES = Object.keys(ORGS) as OrgName[];

const HOME: Record<OrganisationKind, OrgName> = { of: "ofA", funder: "funderA", coordination: "coordination" };

function actorWith(role: Role): Actor {
  const org = ORGS[HOME[ROLE_ORGANISATION_KIND[role]]];
  return {
    userId: `user-${role}`,
    email: `${role}@exemple.fr`,
    fullName: role,
    memberships: [{ organisationId: org.id, organisationKind: org.kind, organisationName: role, role }],
  };
}
const nobody: Actor = { userId: "nobody", email: "nobody@exemple.fr", fullName: "", memberships: [] };

const FUNDER_SIDE: Role[] = ["funder_reviewer", "funder_admin", "coordinator"];

describe.each(ROLES)("role %s", (role) => {
  const actor = actorWith(role);

  it("canActAsFunderSide", () => {
    expect(canActAsFunderSide(actor)).toBe(FUNDER_SIDE.includes(role));
  });

  it("canExamine: funder staff only (not the coordination, not OFs)", () => {
    expect(canExamine(actor)).toBe(role === "funder_reviewer" || role === "funder_admin");
  });

  it("canDecide: the dossier's examiner and their co-examiners, funder staff only", () => {
    const examiner = role === "funder_reviewer" || role === "funder_admin";
    expect(canDecide(actor, { examinerId: actor.userId, coExaminerIds: [] })).toBe(examiner);
    expect(canDecide(actor, { examinerId: "someone-else", coExaminerIds: [actor.userId] })).toBe(examiner);
    // Someone else's dossier (another funder's examiner, or nobody's yet): nobody else decides.
    expect(canDecide(actor, { examinerId: "someone-else", coExaminerIds: ["another-one"] })).toBe(false);
    expect(canDecide(actor, { examinerId: null, coExaminerIds: [] })).toBe(false);
  });

  it("canManageCoExaminers: the examiner only (not a co-examiner, not an admin)", () => {
    const examiner = role === "funder_reviewer" || role === "funder_admin";
    expect(canManageCoExaminers(actor, { examinerId: actor.userId })).toBe(examiner);
    expect(canManageCoExaminers(actor, { examinerId: "someone-else" })).toBe(false);
    expect(canManageCoExaminers(actor, { examinerId: null })).toBe(false);
  });

  it("expert opinions: the deciders ask (and the one who asked keeps their request), the funder side reads, funders and outsiders are asked", () => {
    const funderStaff = role === "funder_reviewer" || role === "funder_admin";
    expect(canManageExpertRequests(actor, { examinerId: actor.userId, coExaminerIds: [] })).toBe(funderStaff);
    expect(canManageExpertRequests(actor, { examinerId: "someone-else", coExaminerIds: [actor.userId] })).toBe(funderStaff);
    expect(canManageExpertRequests(actor, { examinerId: "someone-else", coExaminerIds: [] })).toBe(false);
    expect(canManageExpertRequests(actor, { examinerId: "someone-else", coExaminerIds: [] }, { requestedBy: actor.userId })).toBe(
      funderStaff,
    );
    expect(canManageExpertRequests(actor, { examinerId: "someone-else", coExaminerIds: [] }, { requestedBy: "another-one" })).toBe(false);
    expect(canReadExpertOpinions(actor)).toBe(FUNDER_SIDE.includes(role));
    expect(canBeAskedForOpinion(actor)).toBe(funderStaff);
  });

  it("canActAsExpert: the request's own expert, while it is not withdrawn, whatever their role", () => {
    for (const status of ["open", "answered"] as const) {
      expect(canActAsExpert(actor, { expertUserId: actor.userId, status })).toBe(true);
      expect(canActAsExpert(actor, { expertUserId: "someone-else", status })).toBe(false);
    }
    expect(canActAsExpert(actor, { expertUserId: actor.userId, status: "withdrawn" })).toBe(false);
  });

  it("canDeList: a funder admin only", () => {
    expect(canDeList(actor)).toBe(role === "funder_admin");
  });

  it("canManageFunders and canManageReferentiels: coordinators only", () => {
    expect(canManageFunders(actor)).toBe(role === "coordinator");
    expect(canManageReferentiels(actor)).toBe(role === "coordinator");
  });

  it("canAssign: a funder admin or a coordinator", () => {
    expect(canAssign(actor)).toBe(role === "funder_admin" || role === "coordinator");
  });

  it("canControl: funder staff and coordinators", () => {
    expect(canControl(actor)).toBe(FUNDER_SIDE.includes(role));
  });

  it("canCloseAlert: the coordination any alert, funder staff those their own funder raised", () => {
    const ownFunder = role === "funder_reviewer" || role === "funder_admin";
    expect(canCloseAlert(actor, { raised_by_organisation_id: ORGS.funderA.id })).toBe(ownFunder || role === "coordinator");
    expect(canCloseAlert(actor, { raised_by_organisation_id: ORGS.funderB.id })).toBe(role === "coordinator");
    expect(canCloseAlert(actor, { raised_by_organisation_id: null })).toBe(role === "coordinator");
  });

  it("canManageCatalogue: the funder's own staff only", () => {
    expect(canManageCatalogue(actor, ORGS.funderA.id)).toBe(role === "funder_reviewer" || role === "funder_admin");
    expect(canManageCatalogue(actor, ORGS.funderB.id)).toBe(false);
  });

  it("canUseFunderLabels: the funder's own staff only", () => {
    expect(canUseFunderLabels(actor, ORGS.funderA.id)).toBe(role === "funder_reviewer" || role === "funder_admin");
    expect(canUseFunderLabels(actor, ORGS.funderB.id)).toBe(false);
    expect(canUseFunderLabels(actor, ORGS.ofA.id)).toBe(false);
  });

  it("canStartBulkAction: whoever may do the action on one row", () => {
    expect(canStartBulkAction(actor, "assign")).toBe(role === "funder_admin" || role === "coordinator");
    expect(canStartBulkAction(actor, "take")).toBe(role === "funder_reviewer" || role === "funder_admin");
    expect(canStartBulkAction(actor, "label")).toBe(role === "funder_reviewer" || role === "funder_admin");
  });

  it("canFollowBulkJob: the one who started the job, whatever the role", () => {
    expect(canFollowBulkJob(actor, { requestedBy: actor.userId })).toBe(true);
    expect(canFollowBulkJob(actor, { requestedBy: "someone-else" })).toBe(false);
  });

  it("canManageApiKeys and canManageWebhooks: the funder's own admins only", () => {
    expect(canManageApiKeys(actor, ORGS.funderA.id)).toBe(role === "funder_admin");
    expect(canManageWebhooks(actor, ORGS.funderA.id)).toBe(role === "funder_admin");
    expect(canManageApiKeys(actor, ORGS.funderB.id)).toBe(false);
    expect(canManageWebhooks(actor, ORGS.funderB.id)).toBe(false);
  });

  it("canManageCnefopLabels, canCoordinate, canEditDelayRules and canRunControlCampaigns: coordinators only", () => {
    expect(canManageCnefopLabels(actor)).toBe(role === "coordinator");
    expect(canCoordinate(actor)).toBe(role === "coordinator");
    expect(canEditDelayRules(actor)).toBe(role === "coordinator");
    expect(canRunControlCampaigns(actor)).toBe(role === "coordinator");
  });

  it("canResolveThread: funder staff, or the OF's own admin (not its members, not the coordination)", () => {
    const funderStaff = role === "funder_reviewer" || role === "funder_admin";
    expect(canResolveThread(actor, ORGS.ofA.id)).toBe(funderStaff || role === "of_admin");
    expect(canResolveThread(actor, ORGS.ofB.id)).toBe(funderStaff);
  });

  it("canExportOrganisationData: the OF's own admin only", () => {
    expect(canExportOrganisationData(actor, ORGS.ofA.id)).toBe(role === "of_admin");
    expect(canExportOrganisationData(actor, ORGS.ofB.id)).toBe(false);
  });

  it("canStartCarriedOverDossier: the OF's own admin only", () => {
    expect(canStartCarriedOverDossier(actor, ORGS.ofA.id)).toBe(role === "of_admin");
    expect(canStartCarriedOverDossier(actor, ORGS.ofB.id)).toBe(false);
  });

  it("canEditOfProfile: the OF's own admin only", () => {
    expect(canEditOfProfile(actor, ORGS.ofA.id)).toBe(role === "of_admin");
    expect(canEditOfProfile(actor, ORGS.ofB.id)).toBe(false);
  });

  it("canEditDossier: the OF's own admin and members only", () => {
    expect(canEditDossier(actor, ORGS.ofA.id)).toBe(role === "of_admin" || role === "of_member");
    expect(canEditDossier(actor, ORGS.ofB.id)).toBe(false);
  });

  it("canReopenDossier: the OF's own admin, or a coordinator (decision record 037)", () => {
    expect(canReopenDossier(actor, ORGS.ofA.id)).toBe(role === "of_admin" || role === "coordinator");
    expect(canReopenDossier(actor, ORGS.ofB.id)).toBe(role === "coordinator");
  });

  it("canManageTeam: an OF's or a funder's own admin, coordinators any funder and the coordination", () => {
    const expected: Record<Role, OrgName[]> = {
      of_admin: ["ofA"],
      of_member: [],
      funder_reviewer: [],
      funder_admin: ["funderA"],
      coordinator: ["funderA", "funderB", "coordination"],
    };
    expect(ORG_NAMES.filter((name) => canManageTeam(actor, ORGS[name]))).toEqual(expected[role]);
    for (const name of ORG_NAMES) expect(canManageTeam(nobody, ORGS[name])).toBe(false);
  });

  it("liveSideOf: the label others see in the live layer (funder staff, the coordination, an OF)", () => {
    const expected: Record<Role, LiveSide> = {
      of_admin: "of",
      of_member: "of",
      funder_reviewer: "funder",
      funder_admin: "funder",
      coordinator: "coordinator",
    };
    expect(liveSideOf(actor)).toBe(expected[role]);
  });

  it("canViewOrganisation", () => {
    const expected: Record<Role, OrgName[]> = {
      of_admin: ["ofA"],
      of_member: ["ofA"],
      funder_reviewer: ["ofA", "ofB", "funderA"],
      funder_admin: ["ofA", "ofB", "funderA"],
      coordinator: ORG_NAMES,
    };
    const visible = ORG_NAMES.filter((name) => canViewOrganisation(actor, ORGS[name]));
    expect(visible).toEqual(expected[role]);
  });

  it("canInvite over every organisation × every role", () => {
    const expected: Record<Role, string[]> = {
      of_admin: ["ofA/of_admin", "ofA/of_member"],
      of_member: [],
      funder_reviewer: [],
      funder_admin: ["funderA/funder_reviewer", "funderA/funder_admin"],
      coordinator: [
        "funderA/funder_reviewer",
        "funderA/funder_admin",
        "funderB/funder_reviewer",
        "funderB/funder_admin",
        "coordination/coordinator",
      ],
    };
    const allowed = ORG_NAMES.flatMap((name) =>
      ROLES.filter((target) => canInvite(actor, { organisationId: ORGS[name].id, organisationKind: ORGS[name].kind, role: target })).map(
        (target) => `${name}/${target}`,
      ),
    );
    expect(allowed).toEqual(expected[role]);
  });
});

describe("an actor without membership", () => {
  it("may do nothing", () => {
    expect(canActAsFunderSide(nobody)).toBe(false);
    expect(canExamine(nobody)).toBe(false);
    expect(canManageFunders(nobody)).toBe(false);
    expect(canManageReferentiels(nobody)).toBe(false);
    expect(canDecide(nobody, { examinerId: nobody.userId, coExaminerIds: [nobody.userId] })).toBe(false);
    expect(canManageCoExaminers(nobody, { examinerId: nobody.userId })).toBe(false);
    expect(canDeList(nobody)).toBe(false);
    expect(canAssign(nobody)).toBe(false);
    for (const action of ["assign", "take", "label"] as const) expect(canStartBulkAction(nobody, action)).toBe(false);
    expect(canFollowBulkJob(nobody, { requestedBy: "someone-else" })).toBe(false);
    expect(canControl(nobody)).toBe(false);
    expect(canCloseAlert(nobody, { raised_by_organisation_id: null })).toBe(false);
    expect(canManageCnefopLabels(nobody)).toBe(false);
    expect(canCoordinate(nobody)).toBe(false);
    expect(canRunControlCampaigns(nobody)).toBe(false);
    expect(liveSideOf(nobody)).toBe("of");
    expect(canReadExpertOpinions(nobody)).toBe(false);
    expect(canManageExpertRequests(nobody, { examinerId: nobody.userId, coExaminerIds: [] }, { requestedBy: nobody.userId })).toBe(false);
    for (const name of ORG_NAMES) {
      expect(canCloseAlert(nobody, { raised_by_organisation_id: ORGS[name].id })).toBe(false);
      expect(canManageCatalogue(nobody, ORGS[name].id)).toBe(false);
      expect(canUseFunderLabels(nobody, ORGS[name].id)).toBe(false);
      expect(canManageApiKeys(nobody, ORGS[name].id)).toBe(false);
      expect(canManageWebhooks(nobody, ORGS[name].id)).toBe(false);
      expect(canResolveThread(nobody, ORGS[name].id)).toBe(false);
      expect(canViewOrganisation(nobody, ORGS[name])).toBe(false);
      expect(canEditOfProfile(nobody, ORGS[name].id)).toBe(false);
      expect(canExportOrganisationData(nobody, ORGS[name].id)).toBe(false);
      expect(canEditDossier(nobody, ORGS[name].id)).toBe(false);
      for (const role of ROLES) {
        expect(canInvite(nobody, { organisationId: ORGS[name].id, organisationKind: ORGS[name].kind, role })).toBe(false);
      }
    }
  });
});

describe("an outside expert (an account of no organisation, issue 15.7)", () => {
  it("may be asked, and reaches their own standing requests only", () => {
    expect(canBeAskedForOpinion(nobody)).toBe(true);
    expect(canActAsExpert(nobody, { expertUserId: nobody.userId, status: "open" })).toBe(true);
    expect(canActAsExpert(nobody, { expertUserId: nobody.userId, status: "withdrawn" })).toBe(false);
    expect(canActAsExpert(nobody, { expertUserId: "someone-else", status: "open" })).toBe(false);
    // An API key's actor has no user: it is nobody's expert.
    expect(canActAsExpert({ ...nobody, userId: "" }, { expertUserId: "", status: "open" })).toBe(false);
  });
});

describe("liveSideOf with several memberships", () => {
  it("shows a funder member who also coordinates as funder", () => {
    const coordinator = actorWith("coordinator");
    const both: Actor = { ...coordinator, memberships: [...coordinator.memberships, ...actorWith("funder_reviewer").memberships] };
    expect(liveSideOf(both)).toBe("funder");
  });
});

describe("a role held in another organisation gives no right here", () => {
  it("an OF admin of ofA is not admin of ofB, a funder admin of funderA not of funderB", () => {
    expect(canInvite(actorWith("of_admin"), { organisationId: ORGS.ofB.id, organisationKind: "of", role: "of_member" })).toBe(false);
    expect(
      canInvite(actorWith("funder_admin"), { organisationId: ORGS.funderB.id, organisationKind: "funder", role: "funder_reviewer" }),
    ).toBe(false);
  });
});
