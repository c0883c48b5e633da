import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TeamPanel } from "../components/team-panel";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { inviteToTeam, loadTeam } from "../utils/team.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { t } from "../i18n";
import { tp } from "../../domain/i18n/format";

export const meta: MetaFunction = () => [{ title: `${t("team.of.title")} — ${t("app.name")}` }];

/** The team of the actor's own organisation (of): admins only (others get 403). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadTeam(request, context, "of");
}

/** An invitation sent comes back as a toast (the form empty again); a refusal stays in the form. */
export async function action({ request, context }: ActionFunctionArgs) {
  const reply = await inviteToTeam(request, context, "of", await request.formData());
  if (reply.notice && reply.result.status !== "error") {
    return redirectWithToast(context, "/organisme/equipe", {
      kind: reply.notice.tone === "warning" ? "warning" : "success",
      messageKey: reply.notice.key,
      params: reply.notice.params,
    });
  }
  return reply;
}

export default function OfTeam() {
  const team = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <OfPageHeader title={t("team.of.title")} lead={t("team.of.lead", { organisation: team.organisation.name })}>
        <p className="m-0 font-bold" id="team-summary">
          {tp("team.summary.members", team.members.length)} · {tp("team.summary.invitations", team.invitations.length)}
        </p>
        <p className="m-0">{t("team.of.next")}</p>
      </OfPageHeader>
      <TeamPanel team={team} reply={reply} />
    </>
  );
}
