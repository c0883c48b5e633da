import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getActor, homePathFor } from "../utils/auth.server";
import { t } from "../i18n";

export async function loader({ context }: LoaderFunctionArgs) {
  const actor = getActor(context);
  if (actor) {
    const home = homePathFor(actor);
    if (home !== "/") throw redirect(home);
  }
  return null;
}

export default function Landing() {
  return (
    <div className="landing">
      <section className="page-header">
        <h1>{t("landing.title")}</h1>
        <p>{t("landing.lead")}</p>
      </section>
      <div className="cards">
        <article className="card">
          <h2>{t("landing.of.title")}</h2>
          <p>{t("landing.of.text")}</p>
          <Link to="/inscription" className="button">
            {t("landing.of.cta")}
          </Link>
        </article>
        <article className="card">
          <h2>{t("landing.funder.title")}</h2>
          <p>{t("landing.funder.text")}</p>
          <Link to="/login" className="button button--secondary">
            {t("landing.funder.cta")}
          </Link>
        </article>
      </div>
    </div>
  );
}
