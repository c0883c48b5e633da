import { describe, expect, it } from "vitest";
import type { DossierStatus } from "../../db/schema";
import { ROLES, ROLE_ORGANISATION_KIND, type Actor, type Role } from "../../domain/permissions/actor";
import {
  apiKeyActor,
  canDownloadAttestation,
  canReadFile,
  canSeeOrganisation,
  collabAccess,
  dossierSide,
} from "../../domain/permissions/access";

/** The one rule per resource (decision 021), every role × every dossier status, written out by hand. */
const OF_A = "00000000-0000-4000-8000-00000000000a";
const OF_B = "00000000-0000-4000-8000-00000000000b";
const FUNDER_A = "00000000-0000-4000-8000-0000000000fa";
const COORDINATION = "00000000-0000-4000-8000-0000000000cc";
const HOME = { of: OF_A, funder: FUNDER_A, coordination: COORDINATION } as const;
const STATUSES: DossierStatus[] = ["brouillon", "soumis", "en_examen", "a_completer", "datadocke", "non_conforme", "dereference"];

const actorWith = (role: Role, userId = `user-${role}`): Actor => ({
  userId,
  email: `${role}@example.test`,
  fullName: role,
  memberships: [
    { organisationId: HOME[ROLE_ORGANISATION_KIND[role]], organisationKind: ROLE_ORGANISATION_KIND[role], organisationName: "x", role },
  ],
});

const SIDE: Record<Role, "of" | "funder" | "coordinator"> = {
  of_admin: "of",
  of_member: "of",
  funder_reviewer: "funder",
  funder_admin: "funder",
  coordinator: "coordinator",
};

describe("access rules (decision 021)", () => {
  it("the attestation: its OF's staff only, and only while the dossier is datadocké", () => {
    for (const role of ROLES) {
      for (const status of STATUSES) {
        const own = canDownloadAttestation(actorWith(role), { organisationId: OF_A, status });
        const other = canDownloadAttestation(actorWith(role), { organisationId: OF_B, status });
        expect([role, status, own]).toEqual([role, status, SIDE[role] === "of" && status === "datadocke"]);
        expect([role, status, other]).toEqual([role, status, false]);
      }
    }
  });

  it("a dossier: its OF's staff always, another OF never, funders and coordination once past the draft", () => {
    for (const role of ROLES) {
      for (const status of STATUSES) {
        const own = dossierSide(actorWith(role), { organisationId: OF_A, status });
        const other = dossierSide(actorWith(role), { organisationId: OF_B, status });
        const ofSide = SIDE[role] === "of";
        expect([role, status, own]).toEqual([role, status, ofSide ? "of" : status === "brouillon" ? null : SIDE[role]]);
        expect([role, status, other]).toEqual([role, status, ofSide || status === "brouillon" ? null : SIDE[role]]);
      }
    }
  });

  it("a file: the owner's members; an OF's file for funders only through a dossier they may see", () => {
    const draft: { organisationId: string; status: DossierStatus } = { organisationId: OF_A, status: "brouillon" };
    const submitted: { organisationId: string; status: DossierStatus } = { organisationId: OF_A, status: "soumis" };
    const funder = actorWith("funder_reviewer");
    const ofB = {
      ...actorWith("of_admin"),
      memberships: [{ organisationId: OF_B, organisationKind: "of" as const, organisationName: "B", role: "of_admin" as const }],
    };
    const ofFile = (attachedTo: (typeof draft)[]) => ({ organisationId: OF_A, organisationKind: "of" as const, attachedTo });
    expect(canReadFile(actorWith("of_member"), ofFile([]))).toBe(true);
    expect(canReadFile(funder, ofFile([]))).toBe(false);
    expect(canReadFile(funder, ofFile([draft]))).toBe(false);
    expect(canReadFile(actorWith("coordinator"), ofFile([draft]))).toBe(false);
    expect(canReadFile(funder, ofFile([draft, submitted]))).toBe(true);
    expect(canReadFile(ofB, ofFile([submitted]))).toBe(false);
    const funderFile = { organisationId: FUNDER_A, organisationKind: "funder" as const, attachedTo: [] };
    expect(canReadFile(actorWith("funder_admin"), funderFile)).toBe(true);
    expect(canReadFile(actorWith("of_admin"), funderFile)).toBe(false);
  });

  it("collaborative documents follow their subject, then the role; the examiner moderates annotations", () => {
    const dossier = (status: DossierStatus, examinerId: string | null = null) => ({ organisationId: OF_A, status, examinerId });
    const reviewer = actorWith("funder_reviewer", "alice");
    expect(collabAccess(reviewer, { kind: "dossier", dossier: dossier("brouillon") })).toBeNull();
    expect(collabAccess(reviewer, { kind: "evidence", dossier: dossier("brouillon", "alice") })).toBeNull();
    expect(collabAccess(reviewer, { kind: "dossier", dossier: dossier("en_examen", "alice") })).toBe("write");
    expect(collabAccess(reviewer, { kind: "evidence", dossier: dossier("en_examen", "alice") })).toBe("moderate");
    expect(collabAccess(reviewer, { kind: "evidence", dossier: dossier("en_examen", "bruno") })).toBe("write");
    expect(collabAccess(actorWith("coordinator"), { kind: "evidence", dossier: dossier("en_examen", "user-coordinator") })).toBe("read");
    expect(collabAccess(actorWith("of_admin"), { kind: "evidence", dossier: dossier("en_examen") })).toBeNull();
    // Annotations on the OF's description: the same rule as the evidence ones, never the OF.
    expect(collabAccess(reviewer, { kind: "answer", dossier: dossier("en_examen", "alice") })).toBe("moderate");
    expect(collabAccess(reviewer, { kind: "answer", dossier: dossier("en_examen", "bruno") })).toBe("write");
    expect(collabAccess(actorWith("of_admin"), { kind: "answer", dossier: dossier("en_examen") })).toBeNull();
    expect(collabAccess(reviewer, { kind: "organisation", organisation: { id: OF_B, kind: "of" } })).toBe("write");
    expect(collabAccess(reviewer, { kind: "organisation", organisation: { id: FUNDER_A, kind: "funder" } })).toBeNull();
  });

  it("an outside expert (issue 15.7): the evidence of their own standing request only, no dossier, no document", () => {
    const expert: Actor = { userId: "expert", email: "expert@example.test", fullName: "Expert", memberships: [] };
    const submitted = { organisationId: OF_A, status: "en_examen" as const };
    const file = (expertRequests: { expertUserId: string; status: "open" | "answered" | "withdrawn" }[]) => ({
      organisationId: OF_A,
      organisationKind: "of" as const,
      attachedTo: [submitted],
      expertRequests,
    });
    expect(canReadFile(expert, file([{ expertUserId: "expert", status: "open" }]))).toBe(true);
    expect(canReadFile(expert, file([{ expertUserId: "expert", status: "answered" }]))).toBe(true);
    expect(canReadFile(expert, file([{ expertUserId: "expert", status: "withdrawn" }]))).toBe(false);
    expect(canReadFile(expert, file([{ expertUserId: "someone-else", status: "open" }]))).toBe(false);
    expect(canReadFile(expert, file([]))).toBe(false);
    for (const status of STATUSES) expect(dossierSide(expert, { organisationId: OF_A, status })).toBeNull();
    const dossier = { organisationId: OF_A, status: "en_examen" as const, examinerId: null };
    for (const kind of ["dossier", "evidence", "answer"] as const) expect(collabAccess(expert, { kind, dossier })).toBeNull();
    expect(collabAccess(expert, { kind: "organisation", organisation: { id: OF_A, kind: "of" } })).toBeNull();
  });

  it("an API key sees OFs as its funder's members do", () => {
    expect(canSeeOrganisation(apiKeyActor(FUNDER_A), { id: OF_B, kind: "of" })).toBe(true);
    expect(canSeeOrganisation(apiKeyActor(FUNDER_A), { id: COORDINATION, kind: "coordination" })).toBe(false);
  });
});
