import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../utils/auth.server";
import { organisationIdsOfKind, primaryMembership } from "../../domain/permissions/actor";
import { canManageTeam } from "../../domain/permissions/policy";
import { t } from "../i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, (a) => organisationIdsOfKind(a, "of").length > 0);
  const membership = primaryMembership(actor)!;
  return {
    organisationName: membership.organisationName,
    isAdmin: canManageTeam(actor, { id: membership.organisationId, kind: membership.organisationKind }),
    fullName: actor.fullName,
  };
}

export default function OfHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <section className="page-header">
        <h1>{data.organisationName}</h1>
        <p>{t("home.of.lead")}</p>
      </section>
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
