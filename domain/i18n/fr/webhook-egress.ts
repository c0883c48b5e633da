/** Webhook destinations refused (inside addresses) and the generic delivery results. */
export const webhookEgress = {
  "webhooks.insideUrl":
    "Cette adresse désigne un réseau interne (boucle locale, réseau privé, lien local ou service de métadonnées) : saisissez l'URL publique de votre système.",
  "webhooks.result.delivered": "Remis",
  "webhooks.result.failed": "Échec de l'envoi",
} as const;
