import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../utils/auth.server";
import { organisationIdsOfKind, primaryMembership } from "../../domain/permissions/actor";
import { canManageTeam } from "../../domain/permissions/policy";
import { t } from "../i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, (a) => organisationIdsOfKind(a, "funder").length > 0);
  const membership = primaryMembership(actor)!;
  return {
    organisationName: membership.organisationName,
    isAdmin: canManageTeam(actor, { id: membership.organisationId, kind: membership.organisationKind }),
  };
}

export default function FunderHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <section className="page-header">
        <h1>{data.organisationName}</h1>
        <p>{t("home.funder.lead")}</p>
      </section>
      <div className="empty-state">
        <h2>{t("home.funder.queue.title")}</h2>
        <p>{t("home.funder.queue.empty")}</p>
        {data.isAdmin ? <p className="muted">{t("home.funder.team")}</p> : null}
      </div>
    </>
  );
}
