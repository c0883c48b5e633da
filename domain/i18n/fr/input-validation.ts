/** Messages of the input checks shared by every form, filter and API parameter (domain/validation/). */
export const inputValidation = {
  "validation.input.invalid":
    "Une valeur saisie n'est pas valide (caractère interdit, date ou nombre hors limites, identifiant inconnu). Rien n'a été enregistré : corrigez-la puis réessayez.",
  "validation.input.title": "Saisie invalide",
  "validation.text.controlCharacters": "Ce champ contient un caractère interdit (caractère nul ou de contrôle).",
  "validation.id.invalid": "Cet identifiant n'est pas valide.",
  "validation.date.invalid": "Saisissez une date valide entre 1900 et 2999 (jj/mm/aaaa).",
  "validation.number.invalid": "Saisissez un nombre entier dans les limites permises.",
  "validation.page.invalid": "Ce numéro de page n'est pas valide.",
  "validation.tooLarge.title": "Envoi trop volumineux",
  "validation.tooLarge":
    "Les données envoyées dépassent la taille autorisée ({max}). Rien n'a été enregistré : réduisez le texte ou le nombre de champs puis réessayez.",
  "validation.url.invalid": "Cette adresse contient des caractères invalides. Vérifiez le lien puis réessayez.",
  "validation.lengthRequired": "La taille des données envoyées doit être annoncée (en-tête Content-Length). Rien n'a été enregistré.",
  "validation.uriTooLong.title": "Adresse trop longue",
  "validation.uriTooLong": "L'adresse demandée est trop longue. Vérifiez le lien puis réessayez.",
} as const;
