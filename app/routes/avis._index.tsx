import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../domain/i18n/format";
import { requireActor } from "../utils/auth.server";
import { listOwnExpertRequests } from "../utils/experts.server";
import { t } from "../i18n";
import { EmptyState } from "../components/ui/empty-state";
import { PageHeader } from "../components/ui/page-header";
import { ExpertStatusBadge } from "../components/experts/expert-thread";

export const meta: MetaFunction = () => [{ title: `${t("experts.home.title")} — ${t("app.name")}` }];

/**
 * An expert's requests (issue 15.7): the standing requests addressed to the signed-in person, each
 * opening its page. An outside expert's home; a funder's member reaches it from their notifications.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const requests = await listOwnExpertRequests(context.services.db, actor);
  return {
    requests: requests.map((r) => ({
      id: r.id,
      organisationName: r.organisationName,
      requesterName: r.requesterName,
      requesterOrganisationName: r.requesterOrganisationName,
      dueOn: r.dueOn,
      status: r.status,
      late: r.late,
      codes: r.indicators.map((i) => i.code).join(", "),
    })),
  };
}

export default function ExpertRequests() {
  const { requests } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("experts.home.title")} lead={t("experts.home.lead")} />
      {requests.length === 0 ? (
        <EmptyState title={t("experts.home.empty")}>{t("experts.home.emptyHint")}</EmptyState>
      ) : (
        <ul className="m-0 flex list-none flex-col gap-3 p-0" data-testid="expert-requests">
          {requests.map((r) => (
            <li key={r.id} className="flex min-w-0 flex-col gap-1 rounded-md border border-line bg-white p-4">
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="m-0 text-lg">
                  <Link to={`/avis/${r.id}`}>{t("experts.page.title", { organisation: r.organisationName })}</Link>
                </h2>
                <ExpertStatusBadge status={r.status} late={r.late} />
              </div>
              <p className="m-0 text-sm break-words text-ink-muted">
                {t("experts.item.from", { name: r.requesterName ?? "—", funder: r.requesterOrganisationName ?? "—" })} ·{" "}
                {t("experts.item.due", { date: formatDate(r.dueOn) })} · {t("experts.item.indicators", { codes: r.codes })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
