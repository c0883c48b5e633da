/** Where the OF stands and its next step (domain/dossiers/of-next-step.ts): the home and the dossier pages. */
export const nextStep = {
  "nextStep.heading": "Où en est votre dossier",
  "nextStep.brouillon.title": "Votre dossier est en brouillon",
  "nextStep.brouillon.missing.one": "Il reste {count} indicateur à compléter avant de pouvoir soumettre votre dossier.",
  "nextStep.brouillon.missing.other": "Il reste {count} indicateurs à compléter avant de pouvoir soumettre votre dossier.",
  "nextStep.brouillon.complete":
    "Tous les indicateurs sont complets : relisez la synthèse puis soumettez votre dossier. Il sera examiné une seule fois pour tous les financeurs.",
  "nextStep.brouillon.action": "Compléter l'indicateur suivant",
  "nextStep.submit.action": "Relire et soumettre le dossier",
  "nextStep.soumis.title": "Votre dossier est soumis",
  "nextStep.soumis.text":
    "Vous n'avez rien à faire pour l'instant : vous serez prévenu dès qu'un examinateur le prendra en charge, puis à chaque décision.",
  "nextStep.en_examen.title": "Votre dossier est en examen",
  "nextStep.en_examen.text":
    "Un examinateur l'étudie. Vous n'avez rien à faire pour l'instant : si un indicateur demande un complément, il vous sera renvoyé avec le motif.",
  "nextStep.a_completer.title": "Les financeurs vous demandent des compléments",
  "nextStep.a_completer.text.one":
    "{count} indicateur est à compléter. Répondez au motif dans son fil d'échanges et modifiez votre réponse, puis renvoyez le dossier.",
  "nextStep.a_completer.text.other":
    "{count} indicateurs sont à compléter. Répondez à chaque motif dans le fil d'échanges de l'indicateur et modifiez vos réponses, puis renvoyez le dossier.",
  "nextStep.a_completer.ready":
    "Vous avez répondu à toutes les demandes : renvoyez le dossier. Seuls les indicateurs modifiés repartent en examen.",
  "nextStep.a_completer.action": "Répondre à la demande suivante",
  "nextStep.a_completer.answered": "modifié depuis la demande",
  "nextStep.resubmit.action": "Relire et renvoyer le dossier",
  "nextStep.datadocke.title": "Votre organisme est datadocké",
  "nextStep.datadocke.catalogues.one":
    "Votre dossier a été validé pour tous les financeurs. {count} financeur l'a inscrit à son catalogue de référence :",
  "nextStep.datadocke.catalogues.other":
    "Votre dossier a été validé pour tous les financeurs. {count} financeurs l'ont inscrit à leur catalogue de référence :",
  "nextStep.datadocke.noCatalogue":
    "Votre dossier a été validé pour tous les financeurs. Aucun financeur ne vous a encore inscrit à son catalogue de référence : chacun le fait de son côté.",
  "nextStep.non_conforme.title": "Votre dossier a été clos non conforme",
  "nextStep.dereference.title": "Votre organisme a été déréférencé",
  "nextStep.closed.wayBack":
    "Le dossier n'est plus modifiable en l'état. Pour le reprendre, répondez à chaque motif par une action corrective sur l'indicateur concerné, puis rouvrez-le depuis la synthèse : il repassera « à compléter ». Après un déréférencement, la reprise est possible 90 jours après la décision.",
  "nextStep.closed.action": "Reprendre mon dossier",
  "nextStep.closed.message": "Message des financeurs : {message}",
  "nextStep.reasonsTitle": "Motifs des financeurs",
  "nextStep.missingTitle": "Indicateurs à compléter",
  "nextStep.reason": "Motif : {reason}",
  "nextStep.readOnly.soumis": "Votre dossier est soumis : il est en lecture seule jusqu'à la fin de l'examen.",
  "nextStep.readOnly.en_examen": "Votre dossier est en examen : il est en lecture seule pendant l'examen.",
  "nextStep.readOnly.datadocke":
    "Votre organisme est datadocké. Vous pouvez mettre à jour un indicateur à tout moment : la modification est examinée et votre dossier reste datadocké pendant ce temps.",
  "nextStep.readOnly.non_conforme":
    "Votre dossier a été clos non conforme : il n'est plus modifiable en l'état. Répondez aux motifs, puis rouvrez-le depuis la synthèse.",
  "nextStep.readOnly.dereference":
    "Votre organisme a été déréférencé : le dossier n'est plus modifiable en l'état. Vous pourrez le rouvrir depuis la synthèse 90 jours après la décision.",
} as const;
