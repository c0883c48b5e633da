import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { emailRequestSchema } from "../../../domain/accounts/accounts.schema";
import type { FormReply } from "../../utils/form-reply.server";
import { FormErrors, FormNotice } from "../ui/field-error";
import { TextField } from "../ui/form-fields";
import { SubmitRow, useSchemaForm } from "../ui/schema-form";
import { t } from "../../i18n";
import { AuthPage } from "./auth-page";

/** The page that asks for a mail by e-mail address (password reset, new verification link). */
export function EmailRequestPage(props: {
  formId: string;
  reply: FormReply | undefined;
  title: string;
  lead: string;
  submit: string;
  autoComplete: string;
  defaultEmail?: string;
  children?: ReactNode;
}) {
  const [form, fields] = useSchemaForm(emailRequestSchema, {
    id: props.formId,
    reply: props.reply,
    ...(props.defaultEmail !== undefined ? { defaultValue: { email: props.defaultEmail } } : {}),
  });
  return (
    <AuthPage title={props.title} lead={props.lead}>
      <FormNotice reply={props.reply} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete={props.autoComplete} />
        <SubmitRow label={props.submit} />
      </Form>
      {props.children}
    </AuthPage>
  );
}
