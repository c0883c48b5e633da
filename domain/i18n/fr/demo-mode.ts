/** The demonstration mode (DATADOCK_MODE=demo): the banner on every page. */
export const demoMode = {
  "demoMode.title": "Mode démonstration",
  "demoMode.text":
    "Cette installation sert à essayer Datadock sur ce poste : les comptes de démonstration ont un mot de passe public, " +
    "les e-mails ne partent pas (ils sont conservés localement) et les données ne sont pas protégées. " +
    "N'y saisissez aucune donnée réelle.",
} as const;
