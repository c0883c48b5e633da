import { describe, expect, it } from "vitest";
import { evaluateCompleteness, hasVisibleText, isCertificateValid, missingFor, type IndicatorRef } from "./completeness";
import { canTransition, isEditableByOf, transition } from "./status-machine";

const proofNeeded = { circuitCourtExemptsProof: false };
const exemptible = { circuitCourtExemptsProof: true };
const answered = { description: "<p>Nous faisons ceci.</p>", notApplicable: false, notApplicableReason: null, evidenceCount: 1 };

describe("completeness of one indicator", () => {
  it("requires a description and evidence when nothing is answered", () => {
    expect(missingFor(undefined, exemptible, { circuitCourtActive: false })).toEqual(["description", "evidence"]);
  });
  it("is complete with a description and one evidence", () => {
    expect(missingFor(answered, exemptible, { circuitCourtActive: false })).toEqual([]);
  });
  it("treats rich text made only of tags and spaces as empty", () => {
    expect(hasVisibleText("<p> &nbsp; </p><p><br></p>")).toBe(false);
    expect(missingFor({ ...answered, description: "<p>&nbsp;</p>" }, exemptible, { circuitCourtActive: false })).toEqual(["description"]);
  });
  it("requires evidence when there is none", () => {
    expect(missingFor({ ...answered, evidenceCount: 0 }, exemptible, { circuitCourtActive: false })).toEqual(["evidence"]);
  });
  it("accepts « non concerné » with a reason, without description nor evidence", () => {
    const na = { description: "", notApplicable: true, notApplicableReason: "Pas de formation à distance", evidenceCount: 0 };
    expect(missingFor(na, proofNeeded, { circuitCourtActive: false })).toEqual([]);
  });
  it("refuses « non concerné » without a reason", () => {
    const na = { description: "x", notApplicable: true, notApplicableReason: "  ", evidenceCount: 3 };
    expect(missingFor(na, proofNeeded, { circuitCourtActive: false })).toEqual(["notApplicableReason"]);
  });
  it("exempts evidence under an active circuit court when the indicator allows it", () => {
    const described = { ...answered, evidenceCount: 0 };
    expect(missingFor(described, exemptible, { circuitCourtActive: true })).toEqual([]);
  });
  it("still requires the description under circuit court", () => {
    expect(missingFor(undefined, exemptible, { circuitCourtActive: true })).toEqual(["description"]);
  });
  it("still requires evidence under circuit court when the indicator does not exempt proof", () => {
    expect(missingFor({ ...answered, evidenceCount: 0 }, proofNeeded, { circuitCourtActive: true })).toEqual(["evidence"]);
  });
  it("ends the exemption when the certificate is not valid", () => {
    expect(missingFor({ ...answered, evidenceCount: 0 }, exemptible, { circuitCourtActive: false })).toEqual(["evidence"]);
  });
});

describe("synthesis", () => {
  const indicators: IndicatorRef[] = [
    { id: "a", code: "1.1", title: "A", criterionNumber: 1, circuitCourtExemptsProof: true },
    { id: "b", code: "1.2", title: "B", criterionNumber: 1, circuitCourtExemptsProof: true },
    { id: "c", code: "2.1", title: "C", criterionNumber: 2, circuitCourtExemptsProof: true },
  ];
  it("lists exactly the incomplete indicators in order, with progress per criterion", () => {
    const report = evaluateCompleteness(indicators, new Map([["b", answered]]), { circuitCourtActive: false });
    expect(report.missing.map((m) => m.code)).toEqual(["1.1", "2.1"]);
    expect(report.complete).toBe(1);
    expect(report.byCriterion).toEqual({ 1: { complete: 1, total: 2 }, 2: { complete: 0, total: 1 } });
  });
});

describe("certificate validity", () => {
  const cert = { valid_from: "2026-01-01", valid_to: "2026-12-31", withdrawn_at: null };
  it("is valid inside its dates, bounds included", () => {
    expect(isCertificateValid(cert, "2026-01-01")).toBe(true);
    expect(isCertificateValid(cert, "2026-12-31")).toBe(true);
  });
  it("is invalid once expired, before it starts, or withdrawn", () => {
    expect(isCertificateValid(cert, "2027-01-01")).toBe(false);
    expect(isCertificateValid(cert, "2025-12-31")).toBe(false);
    expect(isCertificateValid({ ...cert, withdrawn_at: new Date() }, "2026-06-01")).toBe(false);
  });
});

describe("state machine, OF side", () => {
  it("lets the OF submit from brouillon and à compléter only", () => {
    expect(transition("brouillon", "submit", "of")).toBe("soumis");
    expect(transition("a_completer", "submit", "of")).toBe("soumis");
    for (const status of ["soumis", "en_examen", "datadocke", "non_conforme", "dereference"] as const) {
      expect(canTransition(status, "submit", "of")).toBe(false);
      expect(() => transition(status, "submit", "of")).toThrowError("dossier.transition.invalid");
    }
  });
  it("never lets the OF take, send back or decide", () => {
    for (const action of ["take", "send_back", "declare_datadocke", "close_non_conforme", "open_control", "dereference"] as const) {
      expect(() => transition("en_examen", action, "of")).toThrowError("dossier.transition.forbiddenSide");
    }
  });
  it("lets the OF and the coordination reopen a closed dossier only (decision record 037)", () => {
    expect(transition("non_conforme", "reopen", "of")).toBe("a_completer");
    expect(transition("dereference", "reopen", "coordination")).toBe("a_completer");
    expect(() => transition("dereference", "reopen", "funder")).toThrowError("dossier.transition.forbiddenSide");
    for (const status of ["brouillon", "soumis", "en_examen", "a_completer", "datadocke"] as const) {
      expect(canTransition(status, "reopen", "of")).toBe(false);
    }
  });
  it("makes the dossier read-only for the OF outside brouillon and à compléter", () => {
    expect(isEditableByOf("brouillon")).toBe(true);
    expect(isEditableByOf("a_completer")).toBe(true);
    for (const status of ["soumis", "en_examen", "datadocke", "non_conforme", "dereference"] as const) {
      expect(isEditableByOf(status)).toBe(false);
    }
  });
});
