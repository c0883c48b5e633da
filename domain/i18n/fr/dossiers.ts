export const dossiers = {
  "dossier.status.brouillon": "Brouillon",
  "dossier.status.soumis": "Soumis",
  "dossier.status.en_examen": "En examen",
  "dossier.status.a_completer": "À compléter",
  "dossier.status.datadocke": "Datadocké",
  "dossier.status.non_conforme": "Non conforme",
  "dossier.status.dereference": "Déréférencé",
  "dossier.status.unknown": "Statut inconnu",
  "dossier.transition.invalid": "Action impossible : le dossier est au statut « {status} ».",
  "dossier.transition.forbiddenSide": "Vous ne pouvez pas effectuer cette action sur ce dossier.",
  "dossier.noReferentiel": "Aucun référentiel n'est ouvert pour le moment. La coordination doit en publier un.",
  "dossier.readOnly":
    "Le dossier est au statut « {status} » : il n'est plus modifiable tant que les financeurs ne vous renvoient pas d'indicateur.",
  "dossier.readOnlyShort": "Dossier en lecture seule",
  "dossier.notApplicable.reasonRequired": "Expliquez pourquoi l'organisme n'est pas concerné par cet indicateur.",
  "dossier.evidence.badUrl": "Saisissez une adresse web complète commençant par https:// ou http://.",
  "dossier.submit.incomplete":
    "Le dossier ne peut pas être soumis : des indicateurs sont incomplets ({count}). La liste ci-dessous indique ce qui manque.",
  "dossier.missing.description": "description de votre pratique",
  "dossier.missing.evidence": "au moins un justificatif (fichier ou lien)",
  "dossier.missing.notApplicableReason": "motif du « non concerné »",
  "dossier.errors.date": "Saisissez une date valide (jj/mm/aaaa).",
} as const;
