import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../utils/auth.server";
import { canCoordinate } from "../../domain/permissions/policy";
import { countOrganisationsByKind } from "../../domain/organisations/organisations.queries";
import { formatNumber } from "../../domain/i18n/format";
import { ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { PageHeader } from "../components/ui/page-header";
import { Stat, StatGroup } from "../components/ui/stat";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("home.coordination.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, canCoordinate);
  return { counts: await countOrganisationsByKind(context.services.db) };
}

/** Where each task of the coordination lives. */
const SECTIONS = [
  { to: "/coordination/financeurs", title: "nav.funders", text: "home.coordination.section.funders" },
  { to: "/coordination/referentiels", title: "nav.referentiels", text: "home.coordination.section.referentiels" },
  { to: "/coordination/cnefop", title: "nav.cnefop", text: "home.coordination.section.cnefop" },
  { to: "/coordination/delais", title: "nav.delays", text: "home.coordination.section.delays" },
  { to: "/coordination/campagnes", title: "nav.campaigns", text: "home.coordination.section.campaigns" },
  { to: "/coordination/activite", title: "live.activity.title", text: "home.coordination.section.activity" },
] as const;

export default function CoordinationHome() {
  const { counts } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("home.coordination.title")} lead={t("home.coordination.lead")} />
      <section aria-labelledby="coordination-figures" className="mb-8">
        <h2 id="coordination-figures" className="sr-only">
          {t("home.coordination.figures")}
        </h2>
        <StatGroup>
          <Stat label={t("home.coordination.funders")} value={formatNumber(counts.funder)} />
          <Stat label={t("home.coordination.ofs")} value={formatNumber(counts.of)} hint={t("home.coordination.ofsHint")} />
        </StatGroup>
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        {SECTIONS.map((s) => (
          <Card
            key={s.to}
            title={t(s.title)}
            footer={
              <ButtonLink to={s.to} variant="secondary" size="sm">
                {t("home.coordination.open", { section: t(s.title) })}
              </ButtonLink>
            }
          >
            <p className="m-0">{t(s.text)}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
