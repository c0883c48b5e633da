import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TeamPanel } from "../components/team-panel";
import { inviteToTeam, loadTeam } from "../utils/team.server";
import { t } from "../i18n";
import { redirectWithToast } from "../utils/flash-toast.server";

export const meta: MetaFunction = () => [{ title: `${t("team.funder.title")} — ${t("app.name")}` }];

/** The team of the actor's own organisation (funder): admins only (others get 403). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadTeam(request, context, "funder");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const reply = await inviteToTeam(request, context, "funder", await request.formData());
  // Sent: a toast on the reloaded page, and the form is empty again (a refusal stays in the form).
  if (reply.notice) {
    return redirectWithToast(context, "/financeur/equipe", {
      kind: reply.notice.tone === "warning" ? "warning" : "success",
      messageKey: reply.notice.key,
      params: reply.notice.params,
    });
  }
  return reply;
}

export default function FunderTeam() {
  const team = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <header className="mb-6">
        <h1 className="m-0 text-3xl font-bold text-ink">{t("team.funder.title")}</h1>
        <p className="mt-2 mb-0 max-w-prose text-lg text-ink-muted">{t("team.funder.lead", { organisation: team.organisation.name })}</p>
      </header>
      <TeamPanel team={team} reply={reply} />
    </>
  );
}
