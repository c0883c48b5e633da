import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData } from "@remix-run/react";
import { verifyAttestationSchema } from "../../domain/attestations/attestation.schema";
import { formatAttestationCode } from "../../domain/attestations/attestation-code";
import { FormErrors } from "../components/ui/field-error";
import { TextField } from "../components/ui/form-fields";
import { SubmitRow, useSchemaForm } from "../components/ui/schema-form";
import { replyInvalid } from "../utils/form-reply.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";

export const meta: MetaFunction = () => [{ title: `${t("attestation.verify.title")} — ${t("app.name")}` }];

/** Public: a code typed by anyone (a client, a funder) leads to its verification page, or a French message. */
export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: verifyAttestationSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  return redirect(`/verifier/${formatAttestationCode(submission.value.code)}`);
}

export default function VerifyAttestation() {
  const reply = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(verifyAttestationSchema, { id: "verify-attestation", reply });
  return (
    <AuthPage title={t("attestation.verify.title")} lead={t("attestation.verify.lead")}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" action="/verifier?index" className="form" {...getFormProps(form)}>
        <TextField meta={fields.code} label={t("attestation.verify.codeLabel")} hint={t("attestation.verify.codeHint")} />
        <SubmitRow label={t("attestation.verify.submit")} />
      </Form>
    </AuthPage>
  );
}
