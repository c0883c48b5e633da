/** In-app notifications and their emails. */
export const notifications = {
  "notifications.title": "Notifications",
  "notifications.empty": "Aucune notification.",
  "notifications.markAllRead": "Tout marquer comme lu",
  "notifications.markRead": "Marquer comme lu",
  "notifications.unread": "Non lue",
  "notifications.unreadCount": "{count} non lue(s)",
  "notifications.kind.dossier.status_changed": "Votre dossier est passé au statut « {status} »",
  "notifications.kind.indicator.reason": "Nouveau motif sur l'indicateur {code}",
  "notifications.kind.message.posted": "Nouveau message sur l'indicateur {code}",
  "notifications.kind.mention": "Vous avez été mentionné sur l'indicateur {code}",
  "notifications.email.open": "Ouvrir Datadock :",
  "notifications.kind.control.dereferenced": "Votre organisme a été déréférencé de Datadock. Motif : {reason}",
} as const;
