/** A funder's API keys. */
export const apiKeys = {
  "apiKeys.title": "API et webhooks",
  "apiKeys.lead": "Connectez le système d'information de votre financeur à Datadock.",
  "apiKeys.keys": "Clés d'API",
  "apiKeys.name": "Nom",
  "apiKeys.prefix": "Préfixe",
  "apiKeys.scope": "Droits",
  "apiKeys.scope.read": "Lecture",
  "apiKeys.scope.read-write": "Lecture et écriture",
  "apiKeys.lastUsed": "Dernière utilisation",
  "apiKeys.state": "État",
  "apiKeys.create": "Créer une clé",
  "apiKeys.created": "Clé créée.",
  "apiKeys.showOnce": "Copiez-la maintenant, elle ne sera plus affichée :",
  "apiKeys.revoke": "Révoquer",
  "apiKeys.revoked": "Clé révoquée.",
  "apiKeys.revokedOn": "Révoquée le {date}",
} as const;
