/** The OF's self-diagnosis. */
export const selfDiagnosis = {
  "selfDiagnosis.title": "Autodiagnostic",
  "selfDiagnosis.lead":
    "Pour chaque indicateur, pouvez-vous le démontrer aujourd'hui ? Cet autodiagnostic ne change pas votre dossier : faites-le quand vous voulez.",
  "selfDiagnosis.guidance":
    "Oui : vous avez une pratique écrite et un document ou une page qui la prouve. En partie : la pratique existe mais n'est pas formalisée ou pas prouvée. Non : elle reste à mettre en place.",
  "selfDiagnosis.question": "Pouvez-vous le démontrer ?",
  "selfDiagnosis.level.oui": "Oui",
  "selfDiagnosis.level.en_partie": "En partie",
  "selfDiagnosis.level.non": "Non",
  "selfDiagnosis.save": "Enregistrer l'autodiagnostic",
  "selfDiagnosis.saved": "Autodiagnostic enregistré.",
  "selfDiagnosis.score": "Préparation : {score}",
  "selfDiagnosis.overall": "Préparation globale : {score} ({answered}/{total} indicateurs évalués)",
  "selfDiagnosis.gaps": "Points à travailler",
  "selfDiagnosis.noGaps": "Aucun écart : vous pouvez compléter votre dossier.",
  "selfDiagnosis.unanswered": "non évalué",
  "selfDiagnosis.print": "Imprimer",
  "selfDiagnosis.gapsNotYet": "Répondez aux questions ci-dessus et enregistrez : les points à travailler s'afficheront ici.",
  "selfDiagnosis.progressLabel": "Indicateurs évalués",
  "selfDiagnosis.next.title": "Et ensuite ?",
  "selfDiagnosis.next.unanswered":
    "Évaluez les indicateurs restants puis enregistrez. Complétez ensuite votre dossier en commençant par les points à travailler.",
  "selfDiagnosis.next.gaps": "Complétez votre dossier en commençant par les points à travailler : chaque lien ouvre l'indicateur concerné.",
  "selfDiagnosis.next.ready": "Vous pouvez démontrer chaque indicateur : complétez maintenant votre dossier.",
  "selfDiagnosis.next.action": "Ouvrir mon dossier",
} as const;
