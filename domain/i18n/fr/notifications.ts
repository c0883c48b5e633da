/** In-app notifications and their emails. */
export const notifications = {
  "notifications.title": "Notifications",
  "notifications.empty": "Aucune notification.",
  "notifications.markAllRead": "Tout marquer comme lu",
  "notifications.markRead": "Marquer comme lu",
  "notifications.unread": "Non lue",
  "notifications.unreadCount.one": "{count} non lue",
  "notifications.unreadCount.other": "{count} non lues",
  "notifications.kind.dossier.status_changed": "Votre dossier est passé au statut « {status} »",
  "notifications.kind.indicator.reason": "Nouveau motif sur l'indicateur {code}",
  "notifications.kind.message.posted": "Nouveau message sur l'indicateur {code}",
  "notifications.kind.mention": "{author} vous a mentionné sur l'indicateur {code}",
  "notifications.kind.examination.datadocke": "Votre organisme est datadocké : il figure désormais dans les catalogues des financeurs",
  "notifications.kind.examination.sent_back": "Votre dossier vous est renvoyé : des indicateurs sont à compléter",
  "notifications.kind.examination.non_conforme": "Votre dossier a été clos non conforme",
  "notifications.kind.control.opened": "Un contrôle a été ouvert sur votre dossier",
  "notifications.kind.dossier.reopened":
    "Le dossier de {organisation} est rouvert (examen n° {round}) : il vous reviendra à sa prochaine soumission",
  "notifications.kind.corrective_action.accepted": "Votre action corrective sur l'indicateur {code} a été acceptée",
  "notifications.kind.circuit_court.validated": "Votre certification du circuit court a été validée",
  "notifications.kind.circuit_court.refused": "Votre certification du circuit court a été refusée. Motif : {reason}",
  "notifications.kind.circuit_court.expiring": "Votre certification du circuit court expire le {validTo}",
  "notifications.kind.circuit_court.expired":
    "La certification du circuit court de {organisation} a expiré le {validTo} : des justificatifs sont de nouveau demandés",
  "notifications.kind.unknown": "Nouvelle notification",
  "notifications.email.open": "Ouvrir Datadock :",
  "notifications.kind.control.dereferenced": "Votre organisme a été déréférencé de Datadock. Motif : {reason}",
} as const;
