import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getActor, homePathFor } from "../utils/auth.server";
import { ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { PageHeader } from "../components/ui/page-header";
import { t } from "../i18n";

/** A logged-in person goes to their space; a visitor reads what Datadock is and finds the two doors. */
export async function loader({ context }: LoaderFunctionArgs) {
  const actor = getActor(context);
  if (actor) {
    const home = homePathFor(actor);
    if (home !== "/") throw redirect(home);
  }
  return null;
}

const AUDIENCES = [
  { title: "landing.of.title", text: "landing.of.text" },
  { title: "landing.funder.title", text: "landing.funder.text" },
  { title: "landing.coordination.title", text: "landing.coordination.text" },
] as const;

export default function Landing() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title={t("landing.title")} lead={t("landing.lead")} flush />
      <section aria-labelledby="landing-doors" className="flex flex-col gap-3">
        <h2 id="landing-doors" className="sr-only">
          {t("landing.doors.title")}
        </h2>
        <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
          <ButtonLink to="/inscription" size="lg">
            {t("landing.doors.signup")}
          </ButtonLink>
          <ButtonLink to="/login" size="lg" variant="secondary">
            {t("landing.doors.login")}
          </ButtonLink>
        </div>
        <p className="m-0 text-ink-muted">{t("landing.doors.hint")}</p>
      </section>
      <section aria-labelledby="landing-audience" className="flex flex-col gap-4">
        <h2 id="landing-audience" className="m-0 text-xl font-bold">
          {t("landing.audience.title")}
        </h2>
        <div className="grid gap-4 md:grid-cols-3">
          {AUDIENCES.map((a) => (
            <Card key={a.title} title={t(a.title)} headingLevel={3}>
              <p className="m-0">{t(a.text)}</p>
            </Card>
          ))}
        </div>
      </section>
      <p className="m-0 border-t border-line pt-4">
        <Link to="/verifier">{t("landing.verify")}</Link> — <span className="text-ink-muted">{t("landing.verify.lead")}</span>
      </p>
    </div>
  );
}
