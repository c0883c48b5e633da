import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { serializeSessionCookie } from "../../domain/accounts/session-cookie";
import { logOut } from "../utils/accounts.server";

/** POST only (the header's button): a link or an image cannot log anyone out. */
export async function action({ context }: ActionFunctionArgs) {
  if (context.session) await logOut(context.services.db, context.session.sessionId);
  return redirect("/login", {
    headers: { "Set-Cookie": serializeSessionCookie("", new Date(0), context.services.config.secureCookies) },
  });
}

/** A GET (typed address, old bookmark) changes nothing. */
export async function loader() {
  return redirect("/");
}
