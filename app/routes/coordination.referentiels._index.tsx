import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { openReferentielFormSchema } from "../../domain/referentiels/referentiel-editing.schema";
import { listReferentielVersions } from "../../domain/referentiels/referentiel-editing.service";
import { openReferentielVersion } from "../../domain/referentiels/open-referentiel.service";
import { currentReferentielVersionId } from "../../domain/dossiers/dossier-access";
import { listCoordinationLog } from "../../domain/coordination/coordination-log";
import { canManageReferentiels } from "../../domain/permissions/policy";
import { requirePermission } from "../utils/auth.server";
import { httpError } from "../utils/http-errors.server";
import { replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { ReplyMessages } from "../components/ui/field-error";
import { t } from "../i18n";
import { formatNumber, formatTimestamp } from "../../domain/i18n/format";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { PageHeader } from "../components/ui/page-header";
import { TableScroll } from "../components/ui/table";

export const meta: MetaFunction = () => [{ title: `${t("nav.referentiels")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, canManageReferentiels);
  const db = context.services.db;
  const [versions, openId, openings] = await Promise.all([
    listReferentielVersions(db),
    currentReferentielVersionId(db).catch(() => null),
    listCoordinationLog(db, ["referentiel.opened"], 10),
  ]);
  return {
    versions,
    openId,
    openings: openings.map((o) => ({
      id: o.id,
      actorName: o.actorName,
      createdAt: o.createdAt.toISOString(),
      payload: o.payload as { referentiel?: string; version?: number },
    })),
  };
}

/** Opens a published version: new OF dossiers are filed under it; existing dossiers keep theirs. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(request, context, canManageReferentiels);
  const submission = parseWithZod(await request.formData(), { schema: openReferentielFormSchema });
  // Only the page's buttons post here: anything else is a bad request, not a form to correct.
  if (submission.status !== "success") throw httpError(400);
  try {
    await openReferentielVersion(context.services.db, actor, submission.value.versionId);
  } catch (error) {
    return replyRefused(submission, error, { answers: ["conflict"] });
  }
  return redirectWithToast(context, "/coordination/referentiels", { kind: "success", messageKey: "referentiels.open.done" });
}

export default function Referentiels() {
  const { versions, openId, openings } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <PageHeader title={t("nav.referentiels")} lead={t("referentiels.lead")}>
        <p className="m-0 max-w-prose text-ink-muted">{t("referentiels.open.lead")}</p>
      </PageHeader>
      <ReplyMessages reply={reply} />
      <TableScroll>
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">{t("referentiels.list.caption")}</caption>
          <thead>
            <tr>
              <th scope="col" className="border-b-2 border-ink bg-surface-alt px-3 py-2 text-left font-semibold">
                {t("referentiels.name")}
              </th>
              <th scope="col" className="border-b-2 border-ink bg-surface-alt px-3 py-2 text-left font-semibold">
                {t("referentiels.version")}
              </th>
              <th scope="col" className="border-b-2 border-ink bg-surface-alt px-3 py-2 text-left font-semibold">
                {t("referentiels.status")}
              </th>
              <th scope="col" className="border-b-2 border-ink bg-surface-alt px-3 py-2 text-right font-semibold">
                {t("referentiels.dossiers")}
              </th>
              <th scope="col" className="border-b-2 border-ink bg-surface-alt px-3 py-2 text-left font-semibold">
                {t("referentiels.open.column")}
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-open={v.id === openId ? "true" : undefined} className="even:bg-surface-alt">
                <th scope="row" className="border-b border-line px-3 py-2 text-left align-top font-normal">
                  <Link to={`/coordination/referentiels/${v.id}`}>
                    {v.name} <span className="sr-only">v{v.version}</span>
                  </Link>
                </th>
                <td className="border-b border-line px-3 py-2 align-top">v{v.version}</td>
                <td className="border-b border-line px-3 py-2 align-top">
                  <Badge tone={v.status === "published" ? "success" : "neutral"}>{t(`referentiels.status.${v.status}`)}</Badge>
                </td>
                <td className="border-b border-line px-3 py-2 text-right align-top">{formatNumber(Number(v.dossiers ?? 0))}</td>
                <td className="border-b border-line px-3 py-2 align-top">
                  {v.id === openId ? (
                    <Badge tone="primary">{t("referentiels.open.current")}</Badge>
                  ) : v.status === "published" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="open" />
                      <input type="hidden" name="versionId" value={v.id} />
                      <Button type="submit" size="sm" variant="secondary" disabled={busy} className="whitespace-nowrap">
                        {t("referentiels.open.submit")}
                      </Button>
                    </Form>
                  ) : (
                    <span className="text-ink-muted">{t("referentiels.open.draftHint")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {openings.length > 0 ? (
        <section aria-labelledby="openings-title" className="mt-8">
          <h2 id="openings-title" className="mb-3 text-xl font-bold">
            {t("referentiels.open.history")}
          </h2>
          <ol className="m-0 list-none border-l-2 border-line p-0 pl-4">
            {openings.map((o) => (
              <li key={o.id} className="py-1">
                {t("referentiels.open.entry", {
                  referentiel: o.payload.referentiel ?? "—",
                  version: String(o.payload.version ?? "—"),
                  actor: o.actorName ?? "—",
                  date: formatTimestamp(o.createdAt),
                })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
