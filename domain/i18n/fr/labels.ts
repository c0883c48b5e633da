/** A funder's own labels on dossiers and OFs (issue 15.4). */
export const labels = {
  "labels.title": "Étiquettes de votre financeur",
  "labels.hint": "Visibles seulement par l'équipe de votre financeur : ni les autres financeurs ni l'organisme ne les voient.",
  "labels.none": "Aucune étiquette.",
  "labels.name": "Étiquette",
  "labels.nameHint": "Une étiquette existante ou une nouvelle.",
  "labels.add": "Ajouter l'étiquette",
  "labels.remove": "Retirer l'étiquette",
  "labels.nameTooLong": "60 caractères au plus.",
  "labels.filter": "Étiquette",
  "labels.column": "Étiquettes",
} as const;
