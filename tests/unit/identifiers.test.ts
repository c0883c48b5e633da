import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  completeSiret,
  isValidNda,
  isValidSiren,
  isValidSiret,
  luhnValid,
  normaliseDigits,
  sirenFromSiret,
} from "../../domain/organisations/identifiers";

describe("Luhn", () => {
  it.each(["0", "18", "79927398713", "732829320", "73282932000074"])("accepts %s", (digits) => {
    expect(luhnValid(digits)).toBe(true);
  });
  it.each(["1", "79927398710", "732829321", "73282932000075", "12a4"])("refuses %s", (digits) => {
    expect(luhnValid(digits)).toBe(false);
  });
});

describe("SIRET", () => {
  it.each([
    ["73282932000074", "plain 14 digits"],
    ["732 829 320 00074", "grouped with spaces"],
    ["732.829.320.00074", "grouped with dots"],
    ["  73282932000074 ", "surrounded by spaces"],
    ["35600000000048", "La Poste's head office"],
    ["35600000012346", "a La Poste establishment (digit sum multiple of 5)"],
  ])("accepts %s (%s)", (value) => {
    expect(isValidSiret(value)).toBe(true);
  });

  it.each([
    ["73282932000075", "wrong check digit"],
    ["7328293200007", "13 digits"],
    ["732829320000740", "15 digits"],
    ["7328293200007A", "a letter"],
    ["", "empty"],
    ["35600000012345", "La Poste, digit sum not a multiple of 5"],
    ["00000000000001", "Luhn fails"],
  ])("refuses %s (%s)", (value) => {
    expect(isValidSiret(value)).toBe(false);
  });

  it("derives the SIREN from the first 9 digits, spaces removed", () => {
    expect(sirenFromSiret("732 829 320 00074")).toBe("732829320");
    expect(isValidSiren(sirenFromSiret("73282932000074"))).toBe(true);
  });

  it("normalises spaces, dots and hyphens only", () => {
    expect(normaliseDigits(" 732 829-320.00074 ")).toBe("73282932000074");
    expect(normaliseDigits("12a4")).toBe("12a4");
  });

  it("completeSiret makes a valid SIRET from any 13 digits (outside La Poste)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{13}$/), (first13) => {
        fc.pre(!first13.startsWith("356"));
        expect(isValidSiret(completeSiret(first13))).toBe(true);
      }),
    );
  });

  it("detects any single changed digit (outside La Poste)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{13}$/),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 1, max: 9 }),
        (first13, position, delta) => {
          fc.pre(!first13.startsWith("356"));
          const siret = completeSiret(first13);
          const changed = siret.slice(0, position) + String((Number(siret[position]) + delta) % 10) + siret.slice(position + 1);
          fc.pre(!changed.startsWith("356"));
          expect(isValidSiret(changed)).toBe(false);
        },
      ),
    );
  });
});

describe("SIREN", () => {
  it.each(["732829320", "732 829 320"])("accepts %s", (value) => expect(isValidSiren(value)).toBe(true));
  it.each(["732829321", "73282932", "7328293200"])("refuses %s", (value) => expect(isValidSiren(value)).toBe(false));
});

describe("NDA (numéro de déclaration d'activité)", () => {
  it.each(["11755555555", "93131234567", "11 75 55555 55", "84.69.12345.69"])("accepts %s", (value) => {
    expect(isValidNda(value)).toBe(true);
  });
  it.each(["1175555555", "117555555555", "1175555555A", "", "2A123456789"])("refuses %s", (value) => {
    expect(isValidNda(value)).toBe(false);
  });
});
