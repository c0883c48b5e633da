export const dossiers = {
  "dossier.status.brouillon": "Brouillon",
  "dossier.status.soumis": "Soumis",
  "dossier.status.en_examen": "En examen",
  "dossier.status.a_completer": "À compléter",
  "dossier.status.datadocke": "Datadocké",
  "dossier.status.non_conforme": "Non conforme",
  "dossier.status.dereference": "Déréférencé",
  "dossier.transition.invalid": "Action impossible : le dossier est au statut « {status} ».",
  "dossier.transition.forbiddenSide": "Vous ne pouvez pas effectuer cette action sur ce dossier.",
} as const;
