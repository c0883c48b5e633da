import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../utils/auth.server";
import { organisationIdsOfKind, primaryMembership } from "../../domain/permissions/actor";
import { canManageTeam } from "../../domain/permissions/policy";
import { canDownloadAttestation } from "../../domain/permissions/access";
import { getOrCreateOfDossier } from "../../domain/dossiers/dossier-access";
import { loadOfNextStep } from "../../domain/dossiers/of-next-step.queries";
import { expectedDelayForOf } from "../../domain/examination/expected-delay.service";
import { formatDate, tp } from "../../domain/i18n/format";
import { toHttpError } from "../utils/http-errors.server";
import { NextStepPanel } from "../components/dossier/next-step-panel";
import { OfPageHeader } from "../components/dossier/of-page-header";
import type { MessageKey } from "../../domain/i18n/translate";
import { t } from "../i18n";
import { Alert } from "../components/ui/alert";
import { isDomainError } from "../../domain/errors";
import { carryOverOffer } from "../../domain/dossiers/carry-over.service";
import { canStartCarriedOverDossier } from "../../domain/permissions/policy";
import { Form } from "@remix-run/react";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";

export const meta: MetaFunction = () => [{ title: `${t("nav.home")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, (a) => organisationIdsOfKind(a, "of").length > 0);
  const membership = primaryMembership(actor)!;
  const db = context.services.db;
  // No référentiel open yet: the home says so instead of a next step (the dossier cannot exist).
  const dossier = await getOrCreateOfDossier(db, membership.organisationId, actor.userId).catch((error: unknown) =>
    isDomainError(error) && error.messageKey === "dossier.noReferentiel" ? null : toHttpError(error),
  );
  const [step, delay] = await Promise.all([
    dossier ? loadOfNextStep(db, dossier) : null,
    expectedDelayForOf(db, membership.organisationId),
  ]);
  const attestation = dossier ? canDownloadAttestation(actor, { organisationId: dossier.organisation_id, status: dossier.status }) : false;
  return {
    organisationName: membership.organisationName,
    isAdmin: canManageTeam(actor, { id: membership.organisationId, kind: membership.organisationKind }),
    // The attestation is offered only to whom may download it.
    step: step?.action?.download && !attestation ? { ...step, action: null } : step,
    attestation,
    // A newer référentiel opened and the OF is datadocké: its admins may start the prefilled dossier (issue 14.7).
    carryOver: canStartCarriedOverDossier(actor, membership.organisationId) ? await carryOverOffer(db, membership.organisationId) : null,
    process: delay ? { ...delay, submittedOn: delay.submittedAt ? formatDate(delay.submittedAt) : "" } : null,
  };
}

interface SpaceLink {
  to: string;
  title: MessageKey;
  text: MessageKey;
}

export default function OfHome() {
  const data = useLoaderData<typeof loader>();
  const process = data.process;
  const links: SpaceLink[] = [
    { to: "/organisme/dossier", title: "home.of.space.dossier", text: "home.of.space.dossierText" },
    { to: "/organisme/autodiagnostic", title: "home.of.space.selfDiagnosis", text: "home.of.space.selfDiagnosisText" },
    { to: "/organisme/profil", title: "home.of.space.profile", text: "home.of.space.profileText" },
    ...(data.isAdmin ? [{ to: "/organisme/equipe", title: "home.of.space.team", text: "home.of.space.teamText" } as const] : []),
    { to: "/organisme/donnees", title: "home.of.space.ownData", text: "home.of.space.ownDataText" },
  ];
  return (
    <>
      <OfPageHeader title={data.organisationName} lead={t("home.of.lead")} />
      {data.step ? (
        <NextStepPanel
          step={data.step}
          extra={
            process ? (
              <div className="min-w-0 rounded-md bg-surface-alt p-3" id="expected-delay">
                <h3 className="m-0 mb-1 text-lg font-bold">{t("home.of.process.title")}</h3>
                <p className="m-0">
                  {t(process.status === "soumis" ? "home.of.process.soumis" : "home.of.process.en_examen", { date: process.submittedOn })}
                </p>
                {process.queuePosition !== null ? (
                  <p className="m-0">{t("home.of.process.queue", { position: process.queuePosition })}</p>
                ) : null}
                <p className="m-0">
                  {process.usual
                    ? tp("home.of.process.usual", process.usual.rounds, { median: process.usual.median, p90: process.usual.p90 })
                    : t("home.of.process.noData")}
                </p>
              </div>
            ) : data.attestation ? (
              <p className="m-0 text-ink-muted">{t("attestation.home.text")}</p>
            ) : null
          }
        />
      ) : (
        <Alert tone="info" announce={false}>
          {t("dossier.noReferentiel")}
        </Alert>
      )}
      {data.carryOver ? (
        <Card title={t("carryOver.title", { referentiel: data.carryOver.referentielName })} titleId="carry-over-title" className="mb-6">
          <p className="m-0 max-w-prose">
            {t("carryOver.text", { referentiel: data.carryOver.referentielName, count: data.carryOver.indicatorCount })}
          </p>
          <Form method="post" action="/organisme/reprise" className="m-0">
            <Button type="submit" variant="primary">
              {t("carryOver.start")}
            </Button>
          </Form>
        </Card>
      ) : null}
      <section aria-labelledby="space-title">
        <h2 id="space-title" className="mt-0 mb-3 text-xl font-bold">
          {t("home.of.space.title")}
        </h2>
        <ul className="m-0 grid list-none grid-cols-1 gap-3 p-0 sm:grid-cols-2">
          {links.map((link) => (
            <li key={link.to} className="min-w-0 rounded-md border border-line bg-white p-4">
              <Link to={link.to} className="font-bold">
                {t(link.title)}
              </Link>
              <p className="m-0 mt-1 text-ink-muted">{t(link.text)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
