/** The circuit court: an OF declares a CNEFOP-listed certification. */
export const circuitCourt = {
  "circuitCourt.title": "Circuit court",
  "circuitCourt.lead":
    "Si votre organisme détient une certification ou un label inscrit sur la liste du CNEFOP, déclarez-le : vous répondez alors aux indicateurs par une description, sans justificatif.",
  "circuitCourt.label": "Certification ou label",
  "circuitCourt.choose": "Choisissez…",
  "circuitCourt.validFrom": "Valable à partir du",
  "circuitCourt.validTo": "Valable jusqu'au",
  "circuitCourt.file": "Attestation de certification",
  "circuitCourt.submit": "Déclarer la certification",
  "circuitCourt.declared": "Certification déclarée.",
  "circuitCourt.current": "Certification déclarée : {label}, du {from} au {to}.",
  "circuitCourt.none": "Aucune certification déclarée.",
  "circuitCourt.errors.dates": "La date de fin doit suivre la date de début.",
  "circuitCourt.errors.file": "Joignez l'attestation de certification.",
  "circuitCourt.errors.label": "Choisissez une certification de la liste.",
} as const;
