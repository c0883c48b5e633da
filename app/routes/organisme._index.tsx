import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../utils/auth.server";
import { organisationIdsOfKind, primaryMembership } from "../../domain/permissions/actor";
import { canManageTeam } from "../../domain/permissions/policy";
import { canDownloadAttestation } from "../../domain/permissions/access";
import { findOfDossier } from "../../domain/dossiers/dossier-access";
import { expectedDelayForOf } from "../../domain/examination/expected-delay.service";
import { formatDate } from "../../domain/i18n/format";
import { t } from "../i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, (a) => organisationIdsOfKind(a, "of").length > 0);
  const membership = primaryMembership(actor)!;
  const db = context.services.db;
  const dossier = await findOfDossier(db, membership.organisationId);
  const delay = await expectedDelayForOf(db, membership.organisationId);
  return {
    organisationName: membership.organisationName,
    isAdmin: canManageTeam(actor, { id: membership.organisationId, kind: membership.organisationKind }),
    fullName: actor.fullName,
    attestation: dossier ? canDownloadAttestation(actor, { organisationId: dossier.organisation_id, status: dossier.status }) : false,
    process: delay ? { ...delay, submittedOn: formatDate(delay.submittedAt) } : null,
  };
}

export default function OfHome() {
  const data = useLoaderData<typeof loader>();
  const process = data.process;
  return (
    <>
      <section className="page-header">
        <h1>{data.organisationName}</h1>
        <p>{t("home.of.lead")}</p>
      </section>
      {process ? (
        <section className="ofj-section" aria-labelledby="process-title">
          <h2 id="process-title">{t("home.of.process.title")}</h2>
          <p>{t(process.status === "soumis" ? "home.of.process.soumis" : "home.of.process.en_examen", { date: process.submittedOn })}</p>
          {process.queuePosition !== null ? <p>{t("home.of.process.queue", { position: process.queuePosition })}</p> : null}
          <p>
            {process.usual
              ? t("home.of.process.usual", { median: process.usual.median, p90: process.usual.p90, rounds: process.usual.rounds })
              : t("home.of.process.noData")}
          </p>
          <p className="muted">{t("home.of.process.notified")}</p>
          <p>
            <Link to="/organisme/dossier">{t("home.of.process.link")}</Link>
          </p>
        </section>
      ) : null}
      {data.attestation ? (
        <section className="ofj-section" aria-labelledby="attestation-title">
          <h2 id="attestation-title">{t("attestation.home.title")}</h2>
          <p>{t("attestation.home.text")}</p>
          <p>
            <a className="button" href="/organisme/attestation.pdf" download>
              {t("attestation.download")}
            </a>
          </p>
        </section>
      ) : null}
      <div className="empty-state">
        <h2>{t("home.of.next.title")}</h2>
        <ol>
          <li>{t("home.of.next.step1")}</li>
          <li>{t("home.of.next.step2")}</li>
          <li>{t("home.of.next.step3")}</li>
        </ol>
        {data.isAdmin ? <p className="muted">{t("home.of.next.team")}</p> : null}
      </div>
    </>
  );
}
