export const formRules = {
  "dossier.description.tooLong": "La description compte {count} caractères pour {max} au plus : raccourcissez-la avant de l'enregistrer.",
  "dossier.description.tooLongField": "Description trop longue.",
  "dossier.evidence.tooMany":
    "Cet indicateur a déjà le nombre maximal de justificatifs : retirez-en un (ou remplacez-le) avant d'en ajouter un autre.",
  "indicatorPage.count": "{count} / {max} caractères",
  "indicatorPage.count.near": "Il reste {left} caractères.",
  "indicatorPage.count.over": "{over} caractères de trop : raccourcissez la description.",
  "indicatorPage.count.overStored":
    "Cette description dépasse la nouvelle limite de {max} caractères : elle reste lisible, mais il faudra la raccourcir à votre prochaine modification.",
  "indicatorPage.evidenceMax": "{max} justificatifs au plus pour cet indicateur ({count} déposés).",
  "indicatorPage.evidenceFull": "Le nombre maximal de justificatifs est atteint : retirez-en un pour en ajouter un autre.",
  "indicatorPage.examples": "Exemples de justificatifs",
} as const;
