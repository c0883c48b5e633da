import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listReferentielVersions } from "../../domain/referentiels/referentiel-editing.service";
import { isCoordinator } from "../../domain/permissions/actor";
import { requirePermission } from "../utils/auth.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("nav.referentiels")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, isCoordinator);
  return { versions: await listReferentielVersions(context.services.db) };
}

export default function Referentiels() {
  const { versions } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="page-header">
        <h1>{t("nav.referentiels")}</h1>
        <p>{t("referentiels.lead")}</p>
      </section>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("referentiels.name")}</th>
            <th scope="col">{t("referentiels.version")}</th>
            <th scope="col">{t("referentiels.status")}</th>
            <th scope="col">{t("referentiels.dossiers")}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>
                <Link to={`/coordination/referentiels/${v.id}`}>{v.name}</Link>
              </td>
              <td>v{v.version}</td>
              <td>{t(`referentiels.status.${v.status}`)}</td>
              <td>{v.dossiers ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
