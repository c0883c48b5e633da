import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { emailRequestSchema } from "../../../domain/accounts/accounts.schema";
import type { FormReply } from "../../utils/form-reply.server";
import { FormErrors, FormNotice } from "../ui/field-error";
import { TextField } from "../ui/form-fields";
import { t } from "../../i18n";

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
  const [form, fields] = useForm({
    id: props.formId,
    lastResult: props.reply?.result,
    ...(props.defaultEmail !== undefined ? { defaultValue: { email: props.defaultEmail } } : {}),
    constraint: getZodConstraint(emailRequestSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: emailRequestSchema }),
  });
  return (
    <div className="auth-panel">
      <section className="page-header">
        <h1>{props.title}</h1>
        <p>{props.lead}</p>
      </section>
      <FormNotice reply={props.reply} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete={props.autoComplete} />
        <div>
          <button type="submit" className="button">
            {props.submit}
          </button>
        </div>
      </Form>
      {props.children}
    </div>
  );
}
