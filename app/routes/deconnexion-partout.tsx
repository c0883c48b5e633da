import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { serializeSessionCookie } from "../../domain/accounts/session-cookie";
import { requireActor } from "../utils/auth.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";
import { Button } from "../components/ui/button";
import { logOutEverywhere } from "../utils/accounts.server";
import { redirectWithToast } from "../utils/flash-toast.server";

export const meta: MetaFunction = () => [{ title: `${t("nav.logoutEverywhere")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireActor(request, context);
  return null;
}

/** Revokes every session of the user (all devices) and closes their live connections. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, context);
  await logOutEverywhere(context.services.db, context.services, actor.userId);
  return redirectWithToast(
    context,
    "/login",
    { kind: "success", messageKey: "auth.login.notice.loggedOutEverywhere" },
    { headers: { "Set-Cookie": serializeSessionCookie("", new Date(0), context.services.config.secureCookies) } },
  );
}

export default function LogoutEverywhere() {
  return (
    <AuthPage title={t("nav.logoutEverywhere")} lead={t("auth.logoutEverywhere.lead")}>
      <Form method="post">
        <Button type="submit" variant="danger">
          {t("auth.logoutEverywhere.submit")}
        </Button>
      </Form>
    </AuthPage>
  );
}
