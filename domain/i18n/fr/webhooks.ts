/** A funder's webhooks (delivery rules are in webhook-egress.ts). */
export const webhooks = {
  "webhooks.title": "Webhooks",
  "webhooks.url": "URL de réception",
  "webhooks.events": "Événements",
  "webhooks.create": "Enregistrer le webhook",
  "webhooks.created": "Webhook enregistré. Son secret de signature (HMAC-SHA256) :",
  "webhooks.disable": "Désactiver",
  "webhooks.disabled": "Désactivé",
  "webhooks.log": "Journal des envois",
  "webhooks.event": "Événement",
  "webhooks.attempts": "Tentatives",
  "webhooks.lastResult": "Dernier résultat",
  "webhooks.status.pending": "En attente",
  "webhooks.status.delivered": "Remis",
  "webhooks.status.failed": "Échec",
  "webhooks.invalidUrl": "Saisissez une URL http(s) valide.",
  "webhooks.eventsRequired": "Choisissez au moins un événement.",
} as const;
