/** Controls and alerts on an OF, de-listing. */
export const controls = {
  "controls.reasonRequired": "Un motif est obligatoire.",
  "controls.indicatorsRequired": "Choisissez au moins un indicateur à réexaminer.",
  "controls.unknownIndicator": "Un indicateur choisi n'appartient pas au référentiel du dossier.",
  "controls.mail.opened.subject": "Datadock : un contrôle est ouvert sur votre dossier",
  "controls.mail.opened.text":
    "Bonjour,\n\nUn contrôle est ouvert sur le dossier de {organisation}. Les indicateurs suivants sont réexaminés :\n{list}\n\nMotif : {message}\n\nL'équipe Datadock",
  "controls.mail.dereferenced.subject": "Datadock : votre organisme est déréférencé",
  "controls.mail.dereferenced.text": "Bonjour,\n\n{organisation} est déréférencé de Datadock.\n\nMotif : {message}\n\nL'équipe Datadock",
  "controls.noteRequired": "Indiquez une note de clôture.",
  "controls.alertFileUnknown": "La pièce jointe est introuvable.",
  "controls.alertCloseForbidden": "Seuls la coordination et le financeur qui a lancé l'alerte peuvent la clore.",
  "controls.alertAlreadyClosed": "Cette alerte est déjà close.",
  "controls.deListForbidden": "Seul un administrateur d'un financeur peut déréférencer un organisme.",
  "controls.deListReasonRequired": "Indiquez par écrit le motif du déréférencement : il est communiqué à l'organisme.",
} as const;
