import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { serializeSessionCookie } from "../../domain/accounts/session-cookie";
import { canExportOrganisationData } from "../../domain/permissions/policy";
import { isDomainError } from "../../domain/errors";
import { requireOfScope } from "../utils/auth.server";
import { deleteOwnAccount } from "../utils/accounts.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { Card } from "../components/ui/card";
import { Alert } from "../components/ui/alert";
import { Button, buttonClasses } from "../components/ui/button";
import { ConfirmDialog } from "../components/ui/dialog";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("ownData.title")} — ${t("app.name")}` }];

/** The OF's own data (issue 14.8, decision record 039): the export (admins) and deleting one's account (everyone). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  return { canExport: canExportOrganisationData(scope.actor, scope.organisationId) };
}

/** Deletes the account, clears the cookie, lands on the home page with a toast; the last admin is refused on the page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  try {
    await deleteOwnAccount(context.services.db, context.services, scope.actor);
  } catch (error) {
    if (isDomainError(error) && error.kind === "conflict") return { refused: t(error.messageKey, error.params) };
    throw error;
  }
  return redirectWithToast(
    context,
    "/",
    { kind: "success", messageKey: "account.delete.done" },
    { headers: { "Set-Cookie": serializeSessionCookie("", new Date(0), context.services.config.secureCookies) } },
  );
}

export default function OwnData() {
  const { canExport } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <OfPageHeader title={t("ownData.title")} lead={t("ownData.lead")} />
      <div className="flex flex-col gap-6">
        <Card title={t("ownData.export.title")} titleId="export-title">
          <p className="m-0 max-w-prose">{t("ownData.export.text")}</p>
          {canExport ? (
            <p className="m-0">
              <a href="/organisme/donnees.zip" download className={buttonClasses("primary")} data-testid="export-link">
                {t("ownData.export.download")}
              </a>
            </p>
          ) : (
            <p className="m-0 text-ink-muted">{t("ownData.export.adminOnly")}</p>
          )}
        </Card>
        <Card title={t("ownData.retention.title")} titleId="retention-title">
          <p className="m-0 max-w-prose">{t("ownData.retention.text")}</p>
        </Card>
        <Card title={t("account.delete.title")} titleId="delete-title">
          <p className="m-0 max-w-prose">{t("account.delete.text")}</p>
          <p className="m-0 max-w-prose text-ink-muted">{t("account.delete.lastAdminRule")}</p>
          {reply?.refused ? <Alert tone="error">{reply.refused}</Alert> : null}
          <div>
            <ConfirmDialog
              trigger={<Button variant="danger">{t("account.delete.submit")}</Button>}
              title={t("account.delete.confirmTitle")}
              description={t("account.delete.confirmText")}
              confirmLabel={t("account.delete.submit")}
            />
          </div>
        </Card>
      </div>
    </>
  );
}
