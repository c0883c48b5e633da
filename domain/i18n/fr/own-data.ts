/** The OF's own data (GDPR, decision record 039): the export, deleting one's account. */
export const ownData = {
  "ownData.title": "Mes données",
  "ownData.lead": "Ce que Datadock conserve sur votre organisme et sur vous, et ce que vous pouvez en faire.",
  "ownData.export.title": "Exporter les données de l'organisme",
  "ownData.export.text":
    "Une archive ZIP avec tout ce que votre organisme a déposé ou reçu dans Datadock : profil, membres, réponses, preuves et leurs fichiers, autodiagnostic, actions correctives, décisions et leur historique, échanges, certificats et attestations. Elle est produite à la demande et téléchargée au fur et à mesure : pour un gros dossier, votre navigateur affiche l'avancement.",
  "ownData.export.download": "Télécharger l'archive (ZIP)",
  "ownData.export.adminOnly": "Seul un administrateur de l'organisme peut exporter ses données.",
  "ownData.export.readme":
    "Données de l'organisme « {organisation} » dans Datadock, exportées le {date} (UTC).\n\norganisme.json : le profil, ses modifications, les membres, les certificats du circuit court, les attestations, les déréférencements.\ndossiers/*.json : pour chaque dossier, les réponses, les preuves, l'autodiagnostic, les actions correctives, les décisions et leur historique, les fils d'échange, les tours d'examen, les contrôles et l'historique.\nfichiers.json et fichiers/ : les fichiers déposés par l'organisme ou reçus dans ses échanges.",
  "ownData.export.readmeUnavailable": "Fichiers indisponibles au moment de l'export (stockés sur une autre instance) :",
  "ownData.retention.title": "Durées de conservation",
  "ownData.retention.text":
    "Les sessions et liens expirés, les traces de tentatives de connexion, les notifications lues anciennes et les journaux de connexion sont effacés chaque jour une fois leur durée de conservation passée. Le dossier de l'organisme et ses décisions sont conservés tant que l'organisme est référencé.",

  "account.delete.title": "Supprimer mon compte",
  "account.delete.text":
    "Votre nom, votre adresse e-mail et votre mot de passe sont effacés, vos sessions sont fermées et vous perdez l'accès à l'organisme. Les messages et décisions que vous avez écrits restent, attribués à « Ancien membre ». Le dossier de l'organisme n'est pas supprimé.",
  "account.delete.lastAdminRule":
    "Le dernier administrateur d'un organisme ne peut pas supprimer son compte : invitez d'abord un autre administrateur depuis la page Équipe.",
  "account.delete.submit": "Supprimer mon compte",
  "account.delete.confirmTitle": "Supprimer définitivement votre compte ?",
  "account.delete.confirmText": "Cette action est irréversible. Vous serez déconnecté de tous vos appareils.",
  "account.delete.done": "Votre compte a été supprimé.",
  "account.delete.formerMember": "Ancien membre",
  "account.delete.lastAdmin":
    "Vous êtes le dernier administrateur de « {organisation} » : invitez d'abord un autre administrateur (page Équipe), puis supprimez votre compte.",

  "home.of.space.ownData": "Mes données",
  "home.of.space.ownDataText": "Exporter les données de l'organisme, supprimer votre compte.",
} as const;
