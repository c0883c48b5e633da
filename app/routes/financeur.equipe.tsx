import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TeamPanel } from "../components/team-panel";
import { inviteToTeam, loadTeam } from "../utils/team.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("team.funder.title")} — ${t("app.name")}` }];

/** The team of the actor's own organisation (funder): admins only (others get 403). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadTeam(request, context, "funder");
}

export async function action({ request, context }: ActionFunctionArgs) {
  return inviteToTeam(request, context, "funder", await request.formData());
}

export default function FunderTeam() {
  const team = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("team.funder.title")}</h1>
        <p>{t("team.funder.lead", { organisation: team.organisation.name })}</p>
      </section>
      <TeamPanel team={team} reply={reply} />
    </>
  );
}
