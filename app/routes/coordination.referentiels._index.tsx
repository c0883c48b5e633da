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
import { replyDone, replyRefused } from "../utils/form-reply.server";
import { ReplyMessages } from "../components/ui/field-error";
import { t } from "../i18n";
import { formatTimestamp } from "../../domain/i18n/format";

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
  return replyDone(submission, { notice: { key: "referentiels.open.done" } });
}

export default function Referentiels() {
  const { versions, openId, openings } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <section className="page-header">
        <h1>{t("nav.referentiels")}</h1>
        <p>{t("referentiels.lead")}</p>
        <p className="muted">{t("referentiels.open.lead")}</p>
      </section>
      <ReplyMessages reply={reply} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("referentiels.name")}</th>
            <th scope="col">{t("referentiels.version")}</th>
            <th scope="col">{t("referentiels.status")}</th>
            <th scope="col">{t("referentiels.dossiers")}</th>
            <th scope="col">{t("referentiels.open.column")}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-open={v.id === openId ? "true" : undefined}>
              <td>
                <Link to={`/coordination/referentiels/${v.id}`}>{v.name}</Link>
              </td>
              <td>v{v.version}</td>
              <td>{t(`referentiels.status.${v.status}`)}</td>
              <td>{v.dossiers ?? 0}</td>
              <td>
                {v.id === openId ? (
                  <span className="badge badge--success">{t("referentiels.open.current")}</span>
                ) : v.status === "published" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="open" />
                    <input type="hidden" name="versionId" value={v.id} />
                    <button type="submit" className="button button--small button--secondary" disabled={busy}>
                      {t("referentiels.open.submit")}
                    </button>
                  </Form>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {openings.length > 0 ? (
        <section aria-labelledby="openings-title">
          <h2 id="openings-title">{t("referentiels.open.history")}</h2>
          <ul className="timeline">
            {openings.map((o) => (
              <li key={o.id}>
                {t("referentiels.open.entry", {
                  referentiel: o.payload.referentiel ?? "—",
                  version: String(o.payload.version ?? "—"),
                  actor: o.actorName ?? "—",
                  date: formatTimestamp(o.createdAt),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
