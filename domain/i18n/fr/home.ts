export const home = {
  "landing.title": "Datadock, la qualité de la formation examinée une seule fois",
  "landing.lead":
    "Les organismes de formation déclarent une fois leur conformité aux critères qualité du référentiel, justificatifs à l'appui. Les financeurs de la formation professionnelle examinent ce dossier ensemble et partagent le catalogue des organismes datadockés.",
  "landing.doors.title": "Commencer",
  "landing.doors.signup": "Inscrire mon organisme",
  "landing.doors.login": "Se connecter",
  "landing.doors.hint": "Les financeurs et la coordination reçoivent une invitation par e-mail : ils n'ont pas à s'inscrire.",
  "landing.audience.title": "À qui s'adresse Datadock",
  "landing.of.title": "Organismes de formation",
  "landing.of.text":
    "Créez votre compte avec votre SIRET et votre numéro de déclaration d'activité, complétez votre dossier indicateur par indicateur, puis soumettez-le : il est examiné pour tous les financeurs.",
  "landing.funder.title": "Financeurs",
  "landing.funder.text":
    "OPCO, Régions, France Travail : examinez les dossiers à plusieurs, échangez avec les organismes et consultez le catalogue de référence.",
  "landing.coordination.title": "Coordination",
  "landing.coordination.text":
    "La coordination gère les financeurs, les versions du référentiel qualité et la liste CNEFOP, et suit l'activité de la plateforme.",
  "landing.verify": "Vérifier une attestation Datadock",
  "landing.verify.lead": "Un client ou un partenaire peut vérifier le code d'une attestation sans compte.",
  "home.of.lead": "Votre espace organisme de formation.",
  "home.of.next.title": "Prochaines étapes",
  "home.of.next.step1": "Complétez le profil de votre organisme (adresse, région, domaines de formation).",
  "home.of.next.step2": "Répondez à chaque indicateur du référentiel qualité avec une description et un justificatif.",
  "home.of.next.step3": "Lancez l'autodiagnostic puis soumettez votre dossier : il sera examiné une seule fois pour tous les financeurs.",
  "home.of.next.team": "Vous pouvez inviter vos collègues depuis la page Équipe.",
  "home.funder.lead": "Votre espace financeur : examen des dossiers, catalogue de référence et espace partagé entre financeurs.",
  "home.funder.queue.title": "File d'examen",
  "home.funder.queue.empty": "Aucun dossier soumis pour l'instant. Les dossiers apparaîtront ici dès qu'un organisme les soumettra.",
  "home.funder.team": "Invitez vos examinateurs depuis la page Équipe.",
  "home.coordination.title": "Coordination",
  "home.coordination.lead": "Pilotez la plateforme : financeurs, référentiels, liste CNEFOP et activité.",
  "home.coordination.funders": "Financeurs",
  "home.coordination.ofs": "Organismes de formation",
  "home.coordination.figures": "Chiffres clés",
  "home.coordination.open": "Ouvrir : {section}",
  "home.coordination.section.funders":
    "Créez les financeurs, invitez leurs administrateurs, désactivez un financeur qui quitte la plateforme.",
  "home.coordination.section.referentiels":
    "Préparez une nouvelle version du référentiel qualité, publiez-la puis ouvrez-la aux nouveaux dossiers.",
  "home.coordination.section.cnefop": "Tenez à jour la liste des labels et certifications reconnus par le CNEFOP.",
  "home.coordination.section.activity": "Voyez qui est connecté et suivez en direct les décisions, dépôts et messages.",
  "home.coordination.ofsHint": "Organismes inscrits sur la plateforme.",
  "devMail.title": "Boîte mail de développement",
  "devMail.lead":
    "En mode démonstration sans SMTP_URL, les e-mails ne partent pas : ils sont enregistrés dans DATA_DIR/mail et listés ici, pour ce poste seulement.",
  "devMail.empty": "Aucun e-mail pour l'instant.",
  "devMail.to": "À :",
} as const;
