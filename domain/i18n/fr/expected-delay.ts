export const expectedDelay = {
  "delay.lessThanADay": "moins d'un jour",
  "delay.aboutOneDay": "environ 1 jour",
  "delay.aboutDays": "environ {n} jours",
  "home.of.process.title": "Délai attendu",
  "home.of.process.soumis": "Votre dossier a été soumis le {date}. Il attend qu'un examinateur le prenne en charge.",
  "home.of.process.queue": "Place dans la file d'attente : {position}.",
  "home.of.process.en_examen": "Un examinateur examine votre dossier (soumis le {date}).",
  "home.of.process.usual.one":
    "Durée habituelle d'un examen, de la soumission à la décision : {median} en général, et au plus {p90} pour 9 examens sur 10 (calculé sur {count} examen terminé ces 90 derniers jours).",
  "home.of.process.usual.other":
    "Durée habituelle d'un examen, de la soumission à la décision : {median} en général, et au plus {p90} pour 9 examens sur 10 (calculé sur {count} examens terminés ces 90 derniers jours).",
  "home.of.process.noData": "Aucun examen n'a été terminé ces 90 derniers jours : la durée habituelle n'est pas encore connue.",
} as const;
