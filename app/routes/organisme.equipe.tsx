import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TeamPanel } from "../components/team-panel";
import { inviteToTeam, loadTeam } from "../utils/team.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("team.of.title")} — ${t("app.name")}` }];

/** The team of the actor's own organisation (of): admins only (others get 403). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadTeam(request, context, "of");
}

export async function action({ request, context }: ActionFunctionArgs) {
  return inviteToTeam(request, context, "of", await request.formData());
}

export default function OfTeam() {
  const team = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("team.of.title")}</h1>
        <p>{t("team.of.lead", { organisation: team.organisation.name })}</p>
      </section>
      <TeamPanel team={team} reply={reply} />
    </>
  );
}
