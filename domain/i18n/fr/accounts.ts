/** Accounts: sign-up, email verification, login, password reset, invitations, teams, funders. */
export const accounts = {
  // Fields
  "auth.field.email": "Adresse e-mail",
  "auth.field.email.hint": "Elle servira d'identifiant ; un lien de confirmation y sera envoyé.",
  "auth.field.password": "Mot de passe",
  "auth.field.newPassword": "Mot de passe",
  "auth.field.newPassword.hint": "10 caractères au minimum. Une phrase de passe facile à retenir convient très bien.",
  "auth.field.confirmation": "Confirmation du mot de passe",
  "auth.field.fullName": "Prénom et nom",
  "auth.field.organisationName": "Raison sociale",
  "auth.field.siret": "Numéro SIRET",
  "auth.field.siret.hint": "14 chiffres, espaces acceptés (exemple : 732 829 320 00074).",
  "auth.field.nda": "Numéro de déclaration d'activité (NDA)",
  "auth.field.nda.hint": "11 chiffres, attribué par la DREETS de votre région.",

  // Validation messages (caps repeated from accounts.schema.ts; a unit test keeps them in step)
  "auth.email.tooLong": "L'adresse e-mail est trop longue (254 caractères au maximum).",
  "auth.password.tooShort": "Le mot de passe doit contenir au moins 10 caractères.",
  "auth.password.tooLong": "Le mot de passe est trop long (256 caractères au maximum).",
  "auth.password.mismatch": "Les deux mots de passe ne sont pas identiques.",
  "auth.fullName.tooLong": "Le nom est trop long (120 caractères au maximum).",
  "auth.organisationName.tooLong": "Le nom est trop long (200 caractères au maximum).",
  "auth.signup.siret.invalid": "Ce numéro SIRET n'est pas valide : vérifiez les 14 chiffres.",
  "auth.signup.siret.taken":
    "Un organisme est déjà inscrit avec ce numéro SIRET. Si c'est le vôtre, demandez une invitation à son administrateur.",
  "auth.signup.nda.invalid": "Le numéro de déclaration d'activité doit comporter exactement 11 chiffres.",
  "auth.signup.email.taken": "Un compte existe déjà avec cette adresse e-mail. Connectez-vous ou réinitialisez votre mot de passe.",

  // Sign-up
  "auth.signup.title": "Inscrire mon organisme de formation",
  "auth.signup.lead": "Créez le compte de votre organisme : vous en serez l'administrateur et pourrez inviter vos collègues.",
  "auth.signup.organisation": "Votre organisme",
  "auth.signup.account": "Votre compte",
  "auth.signup.submit": "Créer le compte",
  "auth.signup.haveAccount": "Déjà inscrit ?",
  "auth.signup.done.title": "Vérifiez votre boîte mail",
  "auth.signup.done.text":
    "Votre compte est créé. Un e-mail de confirmation vient d'être envoyé à {email} : cliquez sur le lien qu'il contient (valable 72 heures) pour activer votre compte.",
  "auth.signup.done.mailFailed":
    "Votre compte est créé, mais l'e-mail de confirmation n'a pas pu être envoyé à {email}. Demandez un nouvel envoi ci-dessous.",
  "auth.signup.done.hint": "Pensez à regarder dans les courriers indésirables.",
  "auth.signup.done.devMailbox": "Ouvrir la boîte mail de développement",

  // Email verification
  "auth.verify.title": "Confirmation de l'adresse e-mail",
  "auth.verify.done": "Votre adresse e-mail est confirmée. Vous pouvez maintenant vous connecter.",
  "auth.verify.unknown": "Ce lien de confirmation n'est pas valide. Vérifiez qu'il a été copié en entier, ou demandez-en un nouveau.",
  "auth.verify.used": "Ce lien a déjà servi : votre adresse e-mail est confirmée. Vous pouvez vous connecter.",
  "auth.verify.expired": "Ce lien de confirmation a expiré (il est valable 72 heures). Demandez-en un nouveau.",
  "auth.verify.resend.title": "Recevoir un nouveau lien de confirmation",
  "auth.verify.resend.lead": "Saisissez l'adresse de votre compte : si elle n'est pas encore confirmée, un nouveau lien vous sera envoyé.",
  "auth.verify.resend.submit": "Renvoyer l'e-mail de confirmation",
  "auth.verify.resend.link": "Recevoir un nouveau lien de confirmation",
  "auth.verify.resend.sent": "Si un compte non confirmé existe pour {email}, un nouveau lien de confirmation vient de lui être envoyé.",

  // Login
  "auth.login.title": "Connexion",
  "auth.login.lead": "Connectez-vous avec l'adresse e-mail et le mot de passe de votre compte.",
  "auth.login.submit": "Se connecter",
  "auth.login.forgotten": "Mot de passe oublié ?",
  "auth.login.noAccount": "Votre organisme n'a pas encore de compte ?",
  "auth.login.signupLink": "Inscrire mon organisme",
  "auth.login.invalid": "Adresse e-mail ou mot de passe incorrect.",
  "auth.login.unverified": "Votre adresse e-mail n'est pas encore confirmée : cliquez sur le lien reçu lors de l'inscription.",
  "auth.login.unverified.resendHint": "Vous n'avez pas reçu l'e-mail, ou le lien a expiré ?",
  "auth.login.disabled": "Ce compte a été désactivé. Contactez l'administrateur de votre organisation.",
  "auth.login.throttled":
    "Trop de tentatives de connexion infructueuses depuis cette adresse. Réessayez dans {minutes} min, ou réinitialisez votre mot de passe (« Mot de passe oublié ») pour vous connecter tout de suite.",
  "auth.login.throttledSeconds":
    "Trop de tentatives de connexion infructueuses depuis cette adresse. Réessayez dans {seconds} s, ou réinitialisez votre mot de passe (« Mot de passe oublié ») pour vous connecter tout de suite.",
  "auth.login.notice.passwordChanged":
    "Votre mot de passe a été modifié et toutes vos sessions ont été fermées. Connectez-vous avec le nouveau mot de passe.",
  "auth.login.notice.loggedOutEverywhere": "Vous avez été déconnecté de tous vos appareils.",
  "auth.login.notice.emailVerified": "Votre adresse e-mail est confirmée. Connectez-vous.",
  "auth.backToLogin": "Retour à la connexion",

  // Log out everywhere
  "auth.logoutEverywhere.lead":
    "Toutes vos sessions seront fermées, sur cet appareil comme sur les autres (ordinateur oublié, téléphone perdu…).",
  "auth.logoutEverywhere.submit": "Me déconnecter partout",

  // Password reset
  "auth.reset.request.title": "Mot de passe oublié",
  "auth.reset.request.lead": "Saisissez l'adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.",
  "auth.reset.request.submit": "Recevoir le lien",
  "auth.reset.request.sent":
    "Si un compte existe pour {email}, un e-mail contenant un lien de réinitialisation (valable une heure) vient de lui être envoyé.",
  "auth.reset.title": "Choisir un nouveau mot de passe",
  "auth.reset.lead": "Nouveau mot de passe pour le compte {email}. Toutes les sessions ouvertes seront fermées.",
  "auth.reset.submit": "Enregistrer le mot de passe",
  "auth.reset.requestAgain": "Demander un nouveau lien",
  "auth.reset.unknown": "Ce lien de réinitialisation n'est pas valide. Demandez-en un nouveau.",
  "auth.reset.used": "Ce lien de réinitialisation a déjà été utilisé. Demandez-en un nouveau si besoin.",
  "auth.reset.expired": "Ce lien de réinitialisation a expiré (il est valable une heure). Demandez-en un nouveau.",

  // Invitations
  "auth.invitation.title": "Invitation",
  "auth.invitation.lead": "Vous êtes invité à rejoindre {organisation} en tant que {role}.",
  "auth.invitation.leadBy": "{inviter} vous invite à rejoindre {organisation} en tant que {role}.",
  "auth.invitation.newHint": "Créez votre compte pour {email} : choisissez votre nom et un mot de passe.",
  "auth.invitation.existingHint": "Un compte existe déjà pour {email} : saisissez son mot de passe pour accepter.",
  "auth.invitation.submit": "Accepter l'invitation",
  "auth.invitation.unknown": "Cette invitation n'est pas valide. Vérifiez le lien, ou demandez une nouvelle invitation.",
  "auth.invitation.used": "Cette invitation a déjà été acceptée ou remplacée par une plus récente.",
  "auth.invitation.expired":
    "Cette invitation a expiré (elle est valable 7 jours). Demandez-en une nouvelle à la personne qui vous a invité.",
  "auth.invitation.wrongPassword": "Mot de passe incorrect.",
  "auth.invitation.alreadyMember": "Cette personne fait déjà partie de l'organisation.",
  "auth.invitation.accountDisabled": "Le compte associé à cette adresse est désactivé.",
  "auth.invitation.otherKind":
    "Cette adresse appartient déjà à une organisation d'un autre type (organisme, financeur ou coordination) : utilisez une autre adresse.",
  "auth.invitation.accountExists": "Un compte vient d'être créé avec cette adresse. Rechargez la page et saisissez son mot de passe.",
  "auth.invitation.role.invalid": "Choisissez un rôle dans la liste.",

  // Emails
  "auth.mail.signature": "— L'équipe Datadock\nCet e-mail est envoyé automatiquement ; merci de ne pas y répondre.",
  "auth.mail.verify.subject": "Datadock — confirmez votre adresse e-mail",
  "auth.mail.verify.body":
    "Bonjour {name},\n\nPour activer votre compte Datadock, confirmez votre adresse e-mail en ouvrant ce lien :\n{link}\n\nCe lien est valable jusqu'au {expires}. Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message.",
  "auth.mail.reset.subject": "Datadock — réinitialisation de votre mot de passe",
  "auth.mail.reset.body":
    "Bonjour,\n\nUne réinitialisation du mot de passe de votre compte Datadock a été demandée. Pour choisir un nouveau mot de passe, ouvrez ce lien :\n{link}\n\nCe lien est valable jusqu'au {expires}. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.",
  "auth.mail.invitation.subject": "Datadock — invitation à rejoindre {organisation}",
  "auth.mail.invitation.body":
    "Bonjour,\n\n{inviter} vous invite à rejoindre {organisation} sur Datadock en tant que {role}. Pour accepter, ouvrez ce lien :\n{link}\n\nCette invitation est valable jusqu'au {expires}.",

  // Team pages
  "team.of.title": "Équipe de l'organisme",
  "team.of.lead": "Les personnes qui ont accès au compte de {organisation}.",
  "team.of.next":
    "Pour faire entrer un collègue, invitez-le ci-dessous : il reçoit un lien par e-mail, valable 7 jours, et rejoint l'organisme en choisissant son mot de passe.",
  "team.summary.members.one": "{count} membre",
  "team.summary.members.other": "{count} membres",
  "team.summary.invitations.one": "{count} invitation en attente",
  "team.summary.invitations.other": "{count} invitations en attente",
  "team.funder.title": "Équipe du financeur",
  "team.funder.lead": "Les administrateurs et examinateurs de {organisation}.",
  "team.members.title": "Membres",
  "team.members.caption": "Membres de {organisation}",
  "team.members.empty": "Aucun membre pour l'instant.",
  "team.members.name": "Nom",
  "team.members.role": "Rôle",
  "team.members.since": "Membre depuis le",
  "team.members.unverified": "adresse non confirmée",
  "team.members.disabled": "désactivé",
  "team.invitations.title": "Invitations en attente",
  "team.invitations.empty": "Aucune invitation en attente.",
  "team.invitations.by": "Invité par",
  "team.invitations.expires": "Valable jusqu'au",
  "team.invite.title": "Inviter une personne",
  "team.invite.lead": "Un lien valable 7 jours lui sera envoyé par e-mail.",
  "team.invite.submit": "Envoyer l'invitation",
  "team.invite.sent": "Invitation envoyée à {email}.",
  "team.invite.mailFailed": "L'invitation pour {email} est enregistrée, mais l'e-mail n'a pas pu partir. Réessayez dans un instant.",

  // Funders (coordination)
  "funders.title": "Financeurs",
  "funders.lead": "Les financeurs de la plateforme, leurs équipes, et les membres de la coordination.",
  "funders.list.title": "Financeurs inscrits",
  "funders.list.members": "Membres",
  "funders.list.pending": "Invitations en attente",
  "funders.empty": "Aucun financeur pour l'instant : créez le premier ci-dessous.",
  "funders.create.title": "Ajouter un financeur",
  "funders.create.submit": "Créer le financeur",
  "funders.create.lead": "Une fois le financeur créé, invitez son premier administrateur avec le formulaire voisin.",
  "funders.created": "Le financeur « {name} » est créé. Invitez maintenant son premier administrateur.",
  "funders.field.name": "Nom du financeur",
  "funders.field.region": "Région",
  "funders.field.region.hint": "Facultatif ; laissez vide pour un financeur national.",
  "funders.field.funder": "Financeur",
  "funders.name.taken": "Un financeur porte déjà ce nom.",
  "funders.region.tooLong": "La région est trop longue (100 caractères au maximum).",
  "funders.invite.title": "Inviter un membre d'un financeur",
  "funders.invite.lead": "Son administrateur pourra ensuite inviter lui-même ses examinateurs.",
  "funders.coordinators.title": "Coordination",
  "funders.coordinators.invite": "Inviter un membre de la coordination",
} as const;
