import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../utils/auth.server";
import { organisationIdsOfKind, primaryMembership } from "../../domain/permissions/actor";
import { canExamine, canManageTeam } from "../../domain/permissions/policy";
import { loadFunderHome } from "../../domain/examination/funder-home.view";
import { STATUS_LABEL_KEYS, type DossierStatus } from "../../domain/dossiers/status-machine";
import { formatDate, formatDuration, formatNumber, tp } from "../../domain/i18n/format";
import { t } from "../i18n";
import { ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { DataTable } from "../components/ui/table";
import { EmptyState } from "../components/ui/empty-state";
import { Stat, StatGroup } from "../components/ui/stat";
import { DossierStatusBadge } from "../components/funder/dossier-status-badge";
import { PersonAvatars } from "../components/funder/person-avatars";

export const meta: MetaFunction = () => [{ title: `${t("home.funder.title")} — ${t("app.name")}` }];

/** Statuses shown as figures, in the order of a dossier's life. */
const COUNTED: Exclude<DossierStatus, "brouillon">[] = ["soumis", "en_examen", "a_completer", "datadocke", "non_conforme", "dereference"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, (a) => organisationIdsOfKind(a, "funder").length > 0);
  const membership = primaryMembership(actor)!;
  const home = await loadFunderHome(context.services.db, actor);
  const now = Date.now();
  // Dates and waits are formatted here (server time zone = display time zone): server and browser agree.
  const dossier = (d: (typeof home.waitingLongest)[number]) => ({
    id: d.id,
    organisationName: d.organisationName,
    status: d.status,
    submittedOn: d.submittedAt ? formatDate(d.submittedAt) : "—",
    waiting: d.submittedAt ? formatDuration(now - new Date(d.submittedAt).getTime()) : "—",
    examinerName: d.examinerName,
  });
  return {
    organisationName: membership.organisationName,
    isAdmin: canManageTeam(actor, { id: membership.organisationId, kind: membership.organisationKind }),
    examines: canExamine(actor),
    counts: COUNTED.map((status) => ({ status, count: home.counts[status] })),
    waitingTotal: home.counts.soumis + home.counts.en_examen,
    waitingLongest: home.waitingLongest.map(dossier),
    mine: home.mine.map((d) => ({ ...dossier(d), role: d.role })),
    openRooms: home.openRooms,
  };
}

export default function FunderHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-8">
      <header>
        <h1 className="m-0 text-3xl font-bold text-ink">{data.organisationName}</h1>
        <p className="mt-2 mb-0 max-w-prose text-lg text-ink-muted">{t("home.funder.lead")}</p>
      </header>

      <section aria-labelledby="home-figures" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="home-figures" className="m-0 text-xl font-bold">
            {t("home.funder.figures")}
          </h2>
          <Link to="/financeur/rapports">{t("home.funder.reports")}</Link>
        </div>
        <StatGroup>
          {data.counts.map((c) => (
            <Stat key={c.status} label={t(STATUS_LABEL_KEYS[c.status])} value={formatNumber(c.count)} />
          ))}
        </StatGroup>
      </section>

      <Card
        title={t("home.funder.waiting.title")}
        titleId="home-waiting"
        footer={
          data.waitingTotal > 0 ? (
            <ButtonLink to="/financeur/examens" variant="secondary">
              {tp("home.funder.waiting.all", data.waitingTotal)}
            </ButtonLink>
          ) : null
        }
      >
        <DataTable
          caption={t("home.funder.waiting.title")}
          captionHidden
          layout="cards"
          rows={data.waitingLongest}
          rowKey={(d) => d.id}
          empty={<EmptyState title={t("home.funder.waiting.empty")}>{t("home.funder.waiting.emptyHint")}</EmptyState>}
          columns={[
            {
              header: t("examination.queue.organisation"),
              rowHeader: true,
              cell: (d) => <Link to={`/financeur/examens/${d.id}`}>{d.organisationName}</Link>,
            },
            { header: t("examination.queue.status"), cell: (d) => <DossierStatusBadge status={d.status} /> },
            { header: t("examination.queue.submittedAt"), cell: (d) => d.submittedOn },
            { header: t("examination.queue.waiting"), cell: (d) => d.waiting },
            { header: t("examination.queue.examiner"), cell: (d) => d.examinerName ?? t("examination.queue.unassigned") },
          ]}
        />
      </Card>

      {data.examines ? (
        <Card title={t("home.funder.mine.title")} titleId="home-mine">
          <DataTable
            caption={t("home.funder.mine.title")}
            captionHidden
            layout="cards"
            rows={data.mine}
            rowKey={(d) => d.id}
            empty={
              <EmptyState
                title={t("home.funder.mine.empty")}
                action={
                  data.waitingTotal > 0 ? (
                    <ButtonLink to="/financeur/examens?statut=soumis" variant="secondary">
                      {t("home.funder.mine.take")}
                    </ButtonLink>
                  ) : null
                }
              >
                {t("home.funder.mine.emptyHint")}
              </EmptyState>
            }
            columns={[
              {
                header: t("examination.queue.organisation"),
                rowHeader: true,
                cell: (d) => <Link to={`/financeur/examens/${d.id}`}>{d.organisationName}</Link>,
              },
              {
                header: t("home.funder.mine.role"),
                cell: (d) => t(d.role === "examiner" ? "home.funder.mine.examiner" : "home.funder.mine.coExaminer"),
              },
              { header: t("examination.queue.submittedAt"), cell: (d) => d.submittedOn },
              { header: t("examination.queue.waiting"), cell: (d) => d.waiting },
            ]}
          />
        </Card>
      ) : null}

      <Card title={t("home.funder.rooms.title")} titleId="home-rooms">
        {data.openRooms.length === 0 ? (
          <p className="m-0 text-ink-muted">{t("home.funder.rooms.empty")}</p>
        ) : (
          <ul className="m-0 flex list-none flex-col gap-4 p-0">
            {data.openRooms.map((room) => (
              <li key={room.dossierId} className="flex flex-col gap-2 border-b border-line pb-4 last:border-b-0 last:pb-0">
                <div className="flex flex-wrap items-center gap-2">
                  <Link to={`/financeur/examens/${room.dossierId}`} className="font-semibold">
                    {room.organisationName}
                  </Link>
                  <DossierStatusBadge status={room.status} />
                </div>
                <PersonAvatars people={room.people} />
              </li>
            ))}
          </ul>
        )}
      </Card>

      {data.isAdmin ? (
        <p className="m-0 text-ink-muted">
          {t("home.funder.team")}{" "}
          <Link to="/financeur/equipe" className="underline">
            {t("home.funder.teamLink")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
