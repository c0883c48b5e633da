import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { checkAttestation } from "../../domain/attestations/attestation.service";
import { formatAttestationCode, normaliseAttestationCode } from "../../domain/attestations/attestation-code";
import { formatLongDate } from "../../domain/i18n/format";
import { withStatus } from "../utils/http-errors.server";
import { t } from "../i18n";
import { Fragment } from "react";
import { Alert } from "../components/ui/alert";
import { ButtonLink } from "../components/ui/button";
import { cx } from "../components/ui/class-names";
import { PageHeader } from "../components/ui/page-header";

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

const ROWS = [
  ["attestation.verify.code", "code"],
  ["attestation.verify.organisation", "organisationName"],
  ["attestation.verify.siret", "siret"],
  ["attestation.verify.referentiel", "referentiel"],
  ["attestation.verify.date", "date"],
] as const;

export default function AttestationVerdict() {
  const verdict = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-4">
      <PageHeader title={t("attestation.verify.title")} flush />
      {verdict.kind === "malformed" ? (
        <Alert tone="warning" announce={false} className="mb-0!">
          <p>{t("attestation.verify.codeInvalid")}</p>
        </Alert>
      ) : verdict.kind === "unknown" ? (
        <section className="rounded-md border-l-4 border-warning bg-warning-bg px-4 py-3">
          <h2 className="m-0 text-xl font-bold text-warning">{t("attestation.verify.unknown")}</h2>
          <p>
            {t("attestation.verify.code")} : {verdict.code}
          </p>
          <p className="mb-0">{t("attestation.verify.unknownText")}</p>
        </section>
      ) : (
        <section
          className={cx(
            "rounded-md border-l-4 px-4 py-3",
            verdict.kind === "valid" ? "border-success bg-success-bg" : "border-warning bg-warning-bg",
          )}
        >
          <h2 className={cx("m-0 text-xl font-bold", verdict.kind === "valid" ? "text-success" : "text-warning")}>
            {t(verdict.kind === "valid" ? "attestation.verify.valid" : "attestation.verify.invalid")}
          </h2>
          <p>{t(verdict.kind === "valid" ? "attestation.verify.validText" : "attestation.verify.invalidText")}</p>
          <dl className="m-0 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_minmax(0,1fr)]">
            {ROWS.map(([label, field]) => (
              <Fragment key={field}>
                <dt className="font-semibold">{t(label)}</dt>
                <dd className="m-0 mb-2 break-words sm:mb-0">{verdict[field] ?? "—"}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}
      <div>
        <ButtonLink to="/verifier" variant="secondary">
          {t("attestation.verify.another")}
        </ButtonLink>
      </div>
    </div>
  );
}
