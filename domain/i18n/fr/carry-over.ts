/** A new référentiel's dossier prefilled from the datadocké one (issue 14.7), and the coordination's mapping. */
export const carryOver = {
  "carryOver.title": "Votre dossier {referentiel}",
  "carryOver.text":
    "La coordination a ouvert le référentiel {referentiel}. Votre organisme est datadocké : démarrez ce nouveau dossier prérempli à partir de vos réponses actuelles ({count} indicateurs repris selon la correspondance établie par la coordination). Votre dossier datadocké et son attestation restent valables.",
  "carryOver.start": "Démarrer mon dossier prérempli",
  "carryOver.started": "Dossier démarré : {count} indicateurs préremplis. Relisez-les avant de le soumettre.",
  "carryOver.unavailable": "Aucun nouveau dossier prérempli n'est disponible pour votre organisme.",
  "carryOver.fromIndicator": "Repris de l'indicateur {code}",
  "referentiels.mapping.title": "Reprise depuis un autre référentiel",
  "referentiels.mapping.lead":
    "Quand ce référentiel est ouvert, un organisme datadocké sous un autre référentiel démarre son dossier prérempli selon ces correspondances.",
  "referentiels.mapping.none": "Aucune correspondance vers ce référentiel.",
  "referentiels.mapping.pair": "{fromCode} ({fromReferentiel}) → {toCode}",
  "referentiels.mapping.carries": "Reprend : {what}",
  "referentiels.mapping.description": "la description",
  "referentiels.mapping.evidence": "les preuves",
  "referentiels.mapping.nothing": "rien",
  "referentiels.mapping.from": "Indicateur source",
  "referentiels.mapping.to": "Indicateur de ce référentiel",
  "referentiels.mapping.carryDescription": "Reprendre la description",
  "referentiels.mapping.carryEvidence": "Reprendre les preuves",
  "referentiels.mapping.add": "Enregistrer la correspondance",
  "referentiels.mapping.remove": "Retirer",
  "referentiels.mapping.saved": "Correspondance enregistrée.",
  "referentiels.mapping.removed": "Correspondance retirée.",
  "referentiels.mapping.sameVersion": "Une correspondance relie deux versions différentes.",
} as const;
