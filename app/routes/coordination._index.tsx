import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../utils/auth.server";
import { canCoordinate } from "../../domain/permissions/policy";
import { organisationCounts } from "../../domain/organisations/organisation-stats";
import { t } from "../i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, canCoordinate);
  return { counts: await organisationCounts(context.services.db) };
}

export default function CoordinationHome() {
  const { counts } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="page-header">
        <h1>{t("home.coordination.title")}</h1>
        <p>{t("home.coordination.lead")}</p>
      </section>
      <div className="cards">
        <article className="card">
          <h2>{t("home.coordination.funders")}</h2>
          <p className="stat">{counts.funder}</p>
          <Link to="/coordination/financeurs">{t("home.coordination.manageFunders")}</Link>
        </article>
        <article className="card">
          <h2>{t("home.coordination.ofs")}</h2>
          <p className="stat">{counts.of}</p>
          <p className="muted">{t("home.coordination.ofsHint")}</p>
        </article>
      </div>
    </>
  );
}
