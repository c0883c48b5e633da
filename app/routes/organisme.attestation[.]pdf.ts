import type { LoaderFunctionArgs } from "@remix-run/node";
import { issueAttestation } from "../../domain/attestations/attestation.service";
import { renderAttestationPdf } from "../../domain/attestations/attestation-pdf";
import { ofScopeOf, type OfScope } from "../../domain/dossiers/of-scope";
import { DomainError, isDomainError } from "../../domain/errors";
import { asDomainError } from "../../domain/validation/data-exception";
import { requireActor } from "../utils/auth.server";
import { statusOfDomainError, toHttpError } from "../utils/http-errors.server";
import { t } from "../i18n";

/**
 * The OF's attestation of datadockage as a PDF (issue 14.5). A GET that reuses the attestation in
 * force, so downloading again is idempotent and prints the same code. Refusals (not an OF's staff:
 * 403; an OF that is not datadocké: 409) are answered as French plain text: a resource route renders
 * no error page, and a thrown response would be logged as a server error.
 */
function refusal(error: DomainError): Response {
  return new Response(t(error.messageKey, error.params), {
    status: statusOfDomainError(error.kind),
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  let scope: OfScope;
  try {
    scope = ofScopeOf(actor);
  } catch {
    return refusal(new DomainError("forbidden", "errors.forbidden"));
  }
  let record;
  try {
    record = await issueAttestation(context.services.db, scope.actor, scope.organisationId);
  } catch (thrown) {
    const error = asDomainError(thrown);
    if (!isDomainError(error)) toHttpError(error);
    return refusal(error);
  }
  const bytes = await renderAttestationPdf(record, context.services.config.publicUrl);
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="attestation-datadock-${record.code}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
