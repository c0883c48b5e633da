import { describe, expect, it } from "vitest";
import type { DossierStatus } from "../../db/schema";
import { describeNextStep, ofNextStep, type NextStepInput } from "./of-next-step";

const input = (status: DossierStatus, more: Partial<NextStepInput> = {}): NextStepInput => ({
  status,
  missing: [],
  reviews: [],
  catalogues: [],
  closingMessage: null,
  ...more,
});

const missing = [
  { code: "1.2", title: "Information du public" },
  { code: "2.1", title: "Objectifs" },
];

describe("ofNextStep: where the OF stands and its one next step", () => {
  it("brouillon with missing indicators: the count, a link to each, the first one as the next step", () => {
    const step = ofNextStep(input("brouillon", { missing }));
    expect(step.editable).toBe(true);
    expect(step.readOnlyKey).toBeNull();
    expect(step.items.map((i) => i.href)).toEqual(["/organisme/dossier/indicateur/1.2", "/organisme/dossier/indicateur/2.1"]);
    expect(step.action?.href).toBe("/organisme/dossier/indicateur/1.2");
    expect(describeNextStep(step).text).toBe("Il reste 2 indicateurs à compléter avant de pouvoir soumettre votre dossier.");
    expect(describeNextStep(ofNextStep(input("brouillon", { missing: missing.slice(0, 1) }))).text).toContain("Il reste 1 indicateur à");
  });

  it("brouillon complete: submit from the synthesis, and nothing says it is submitted", () => {
    const step = ofNextStep(input("brouillon"));
    expect(step.items).toEqual([]);
    expect(step.action?.href).toBe("/organisme/dossier/synthese");
    expect(describeNextStep(step).text).toContain("soumettez votre dossier");
    expect(describeNextStep(step).title).not.toContain("soumis");
  });

  it("soumis: nothing to do, read only in its own words", () => {
    const step = ofNextStep(input("soumis", { missing }));
    expect(step.action).toBeNull();
    expect(step.items).toEqual([]);
    expect(step.editable).toBe(false);
    expect(step.readOnlyKey).toBe("nextStep.readOnly.soumis");
    expect(describeNextStep(step).text).not.toContain("soumettre");
  });

  it("en examen: wait, read only during the examination", () => {
    const step = ofNextStep(input("en_examen"));
    expect(step.action).toBeNull();
    expect(step.readOnlyKey).toBe("nextStep.readOnly.en_examen");
    expect(describeNextStep(step).title).toBe("Votre dossier est en examen");
  });

  it("à compléter: each reason is a link to the indicator's thread; answered ones come last in the step", () => {
    const step = ofNextStep(
      input("a_completer", {
        reviews: [
          { code: "1.1", title: "Prestations", decision: "a_completer", reason: "Joindre le programme", stale: false, answered: true },
          { code: "1.3", title: "Résultats", decision: "a_completer", reason: "Préciser les taux", stale: false, answered: false },
          { code: "1.4", title: "Accessibilité", decision: "valide", reason: null, stale: false, answered: false },
        ],
      }),
    );
    expect(step.editable).toBe(true);
    expect(step.items.map((i) => [i.code, i.href, i.reason])).toEqual([
      ["1.1", "/organisme/dossier/indicateur/1.1#fil", "Joindre le programme"],
      ["1.3", "/organisme/dossier/indicateur/1.3#fil", "Préciser les taux"],
    ]);
    expect(step.action?.href).toBe("/organisme/dossier/indicateur/1.3#fil");
    expect(describeNextStep(step).text).toContain("2 indicateurs sont à compléter");
  });

  it("à compléter with every reason answered and nothing missing: resubmit", () => {
    const step = ofNextStep(
      input("a_completer", {
        reviews: [{ code: "1.1", title: "Prestations", decision: "a_completer", reason: "Joindre", stale: false, answered: true }],
      }),
    );
    expect(step.action?.href).toBe("/organisme/dossier/synthese");
    expect(describeNextStep(step).text).toContain("renvoyez le dossier");
  });

  it("à compléter with an answered reason still incomplete: that indicator is still the next step", () => {
    const step = ofNextStep(
      input("a_completer", {
        missing: [{ code: "1.1", title: "Prestations" }],
        reviews: [{ code: "1.1", title: "Prestations", decision: "a_completer", reason: "Joindre", stale: false, answered: true }],
      }),
    );
    expect(step.items).toHaveLength(1);
    expect(step.action?.href).toBe("/organisme/dossier/indicateur/1.1#fil");
  });

  it("datadocké: said clearly, with the catalogues and the attestation, never 'pendant l'examen'", () => {
    const step = ofNextStep(input("datadocke", { catalogues: ["OPCO Exemple", "Région Exemple"] }));
    expect(step.tone).toBe("success");
    expect(step.catalogues).toEqual(["OPCO Exemple", "Région Exemple"]);
    expect(step.action).toEqual({ labelKey: "attestation.download", href: "/organisme/attestation.pdf", download: true });
    expect(step.readOnlyKey).toBe("nextStep.readOnly.datadocke");
    expect(describeNextStep(step)).toEqual({
      title: "Votre organisme est datadocké",
      text: "Votre dossier a été validé pour tous les financeurs. 2 financeurs l'ont inscrit à leur catalogue de référence :",
    });
    expect(describeNextStep(ofNextStep(input("datadocke"))).text).toContain("Aucun financeur");
  });

  it("non conforme: why (message and reasons) and the way back (answer each reason, then reopen from the synthesis)", () => {
    const step = ofNextStep(
      input("non_conforme", {
        closingMessage: "Pièces non probantes",
        reviews: [{ code: "2.1", title: "Objectifs", decision: "non_conforme", reason: "Aucun objectif", stale: false, answered: false }],
      }),
    );
    expect(step.editable).toBe(false);
    expect(step.tone).toBe("error");
    expect(step.closingMessage).toBe("Pièces non probantes");
    expect(step.items.map((i) => [i.code, i.reason])).toEqual([["2.1", "Aucun objectif"]]);
    expect(describeNextStep(step).text).toContain("répondez à chaque motif par une action corrective");
    expect(step.action?.href).toBe("/organisme/dossier/synthese");
    expect(step.readOnlyKey).toBe("nextStep.readOnly.non_conforme");
  });

  it("déréférencé: its own title and the same way back", () => {
    const step = ofNextStep(input("dereference"));
    expect(describeNextStep(step).title).toBe("Votre organisme a été déréférencé");
    expect(step.readOnlyKey).toBe("nextStep.readOnly.dereference");
    expect(step.action?.href).toBe("/organisme/dossier/synthese");
  });
});
