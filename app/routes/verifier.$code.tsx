import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { checkAttestation } from "../../domain/attestations/attestation.service";
import { formatAttestationCode, normaliseAttestationCode } from "../../domain/attestations/attestation-code";
import { formatLongDate } from "../../domain/i18n/format";
import { withStatus } from "../utils/http-errors.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [
  { title: `${t("attestation.verify.title")} — ${t("app.name")}` },
  { name: "robots", content: "noindex" },
];

type Verdict =
  | { kind: "malformed" }
  | { kind: "unknown"; code: string }
  | { kind: "valid" | "invalid"; code: string; organisationName: string; siret: string | null; referentiel: string; date: string };

/**
 * Public verification of an attestation (issue 14.5): valid today or not, and only what the
 * attestation itself prints — the OF's name, SIRET, référentiel and date. Malformed and unknown codes
 * get a French message (400 / 404), never an error page.
 */
export async function loader({ params, context }: LoaderFunctionArgs): Promise<Verdict> {
  const code = normaliseAttestationCode(params.code ?? "");
  if (!code) return withStatus<Verdict>({ kind: "malformed" }, 400);
  const check = await checkAttestation(context.services.db, code);
  if (!check.found) return withStatus<Verdict>({ kind: "unknown", code: formatAttestationCode(code) }, 404);
  return {
    kind: check.valid ? "valid" : "invalid",
    code: formatAttestationCode(code),
    organisationName: check.organisationName,
    siret: check.siret,
    referentiel: check.referentiel,
    date: formatLongDate(check.datadockeAt),
  };
}

export default function AttestationVerdict() {
  const verdict = useLoaderData<typeof loader>();
  return (
    <>
      <section className="page-header">
        <h1>{t("attestation.verify.title")}</h1>
      </section>
      {verdict.kind === "malformed" ? (
        <p role="alert" className="alert alert--warning">
          {t("attestation.verify.codeInvalid")}
        </p>
      ) : verdict.kind === "unknown" ? (
        <section className="alert alert--warning" role="status">
          <h2>{t("attestation.verify.unknown")}</h2>
          <p>
            {t("attestation.verify.code")} : {verdict.code}
          </p>
          <p>{t("attestation.verify.unknownText")}</p>
        </section>
      ) : (
        <section className={verdict.kind === "valid" ? "alert alert--success" : "alert alert--warning"} role="status">
          <h2>{t(verdict.kind === "valid" ? "attestation.verify.valid" : "attestation.verify.invalid")}</h2>
          <p>{t(verdict.kind === "valid" ? "attestation.verify.validText" : "attestation.verify.invalidText")}</p>
          <dl>
            <dt>{t("attestation.verify.code")}</dt>
            <dd>{verdict.code}</dd>
            <dt>{t("attestation.verify.organisation")}</dt>
            <dd>{verdict.organisationName}</dd>
            <dt>{t("attestation.verify.siret")}</dt>
            <dd>{verdict.siret ?? "—"}</dd>
            <dt>{t("attestation.verify.referentiel")}</dt>
            <dd>{verdict.referentiel}</dd>
            <dt>{t("attestation.verify.date")}</dt>
            <dd>{verdict.date}</dd>
          </dl>
        </section>
      )}
      <p>
        <Link to="/verifier">{t("attestation.verify.another")}</Link>
      </p>
    </>
  );
}
