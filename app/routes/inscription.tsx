import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { signupFieldsSchema, signupSchema } from "../../domain/accounts/accounts.schema";
import { FormErrors } from "../components/ui/field-error";
import { TextField } from "../components/ui/form-fields";
import { getActor, homePathFor } from "../utils/auth.server";
import { ALL_KINDS, replyDone, replyInvalid, replyRefused, type Notice } from "../utils/form-reply.server";
import { t } from "../i18n";
import { AuthPage } from "../components/accounts/auth-page";
import { Alert } from "../components/ui/alert";
import { ButtonLink } from "../components/ui/button";
import { accountDeps, signUp } from "../utils/accounts.server";
import { demoMailboxOpen } from "../utils/demo-mode.server";
import { SubmitRow } from "../components/ui/schema-form";
import { NewPasswordField } from "../components/accounts/password-fields";

export const meta: MetaFunction = () => [{ title: `${t("auth.signup.title")} — ${t("app.name")}` }];

export async function loader({ context }: LoaderFunctionArgs) {
  const actor = getActor(context);
  if (actor) throw redirect(homePathFor(actor));
  return { devMailbox: demoMailboxOpen(context) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: signupSchema });
  const hide = ["password"];
  if (submission.status !== "success") return replyInvalid(submission, { hideFields: hide });
  try {
    const result = await signUp(context.services.db, accountDeps(context.services), submission.value);
    const key = result.verificationMailSent ? "auth.signup.done.text" : "auth.signup.done.mailFailed";
    return replyDone(submission, { resetForm: true, notice: { key, params: { email: result.email } } });
  } catch (error) {
    return replyRefused(submission, error, { hideFields: hide, answers: ALL_KINDS });
  }
}

function SignupDone({ notice, devMailbox }: { notice: Notice; devMailbox: boolean }) {
  const email = String(notice.params?.email ?? "");
  const mailSent = notice.key === "auth.signup.done.text";
  return (
    <AuthPage title={t("auth.signup.done.title")}>
      <Alert tone={mailSent ? "success" : "warning"} className="mb-0!">
        <p>{t(notice.key, notice.params)}</p>
      </Alert>
      <p className="m-0">{t("auth.signup.done.hint")}</p>
      <div className="flex flex-wrap items-center gap-3">
        {devMailbox ? (
          <ButtonLink to="/dev/mail" variant="secondary">
            {t("auth.signup.done.devMailbox")}
          </ButtonLink>
        ) : null}
        <Link to={`/verification/renvoyer?email=${encodeURIComponent(email)}`}>{t("auth.verify.resend.link")}</Link>
      </div>
    </AuthPage>
  );
}

export default function Signup() {
  const { devMailbox } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(signupFieldsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema }),
  });
  if (actionData?.notice) return <SignupDone notice={actionData.notice} devMailbox={devMailbox} />;

  return (
    <AuthPage title={t("auth.signup.title")} lead={t("auth.signup.lead")}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <fieldset className="form">
          <legend>{t("auth.signup.organisation")}</legend>
          <TextField meta={fields.organisationName} label={t("auth.field.organisationName")} autoComplete="organization" />
          <TextField
            meta={fields.siret}
            label={t("auth.field.siret")}
            hint={t("auth.field.siret.hint")}
            inputMode="numeric"
            autoComplete="off"
          />
          <TextField meta={fields.nda} label={t("auth.field.nda")} hint={t("auth.field.nda.hint")} inputMode="numeric" autoComplete="off" />
        </fieldset>
        <fieldset className="form">
          <legend>{t("auth.signup.account")}</legend>
          <TextField meta={fields.fullName} label={t("auth.field.fullName")} autoComplete="name" />
          <TextField
            meta={fields.email}
            label={t("auth.field.email")}
            hint={t("auth.field.email.hint")}
            type="email"
            autoComplete="email"
          />
          <NewPasswordField meta={fields.password} />
        </fieldset>
        <SubmitRow label={t("auth.signup.submit")} />
      </Form>
      <p className="m-0 border-t border-line pt-4">
        {t("auth.signup.haveAccount")} <Link to="/login">{t("auth.login.submit")}</Link>
      </p>
    </AuthPage>
  );
}
