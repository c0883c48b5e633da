/** French company identifiers: SIRET (14 digits, Luhn), SIREN (its first 9), NDA (11 digits). */

export function normaliseDigits(value: string): string {
  return value.replace(/[\s.-]/g, "");
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// La Poste's establishments (SIREN 356000000) use another rule: digits sum to a multiple of 5.
const LA_POSTE_SIREN = "356000000";

export function isValidSiret(value: string): boolean {
  const digits = normaliseDigits(value);
  if (!/^\d{14}$/.test(digits)) return false;
  if (digits.startsWith(LA_POSTE_SIREN) && digits !== "35600000000048") {
    const sum = [...digits].reduce((acc, c) => acc + Number(c), 0);
    return sum % 5 === 0;
  }
  return luhnValid(digits);
}

export function isValidSiren(value: string): boolean {
  const digits = normaliseDigits(value);
  return /^\d{9}$/.test(digits) && luhnValid(digits);
}

export function sirenFromSiret(siret: string): string {
  return normaliseDigits(siret).slice(0, 9);
}

/** Numéro de déclaration d'activité: 11 digits (2 for the region, 9 for the file). */
export function isValidNda(value: string): boolean {
  return /^\d{11}$/.test(normaliseDigits(value));
}

/** Makes a valid SIRET from 13 digits by computing the Luhn check digit (demo and test data). */
export function completeSiret(first13: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${first13}${d}`;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error("unreachable");
}
