import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  getOfProfile,
  isDatadocke,
  listOrganisationChanges,
  PROFILE_FIELDS,
  updateOfProfile,
} from "../../domain/organisations/of-profile.service";
import { profileFormSchema } from "../../domain/organisations/of-profile.schema";
import { canEditOfProfile } from "../../domain/permissions/policy";
import { requireOfScope } from "../utils/auth.server";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { toHttpError } from "../utils/http-errors.server";
import { formatDateTime } from "../../domain/i18n/format";
import { FieldError, FormErrors, FormNotice, fieldErrors, formErrors } from "../components/ui/field-error";
import { t } from "../i18n";
import { profileFieldLabel } from "../../domain/i18n/labels";

export const meta: MetaFunction = () => [{ title: `${t("profile.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const db = context.services.db;
  const profile = await getOfProfile(db, scope.organisationId).catch(toHttpError);
  return {
    profile: {
      name: profile.name,
      siret: profile.siret ?? "",
      siren: profile.siren ?? "",
      nda: profile.nda ?? "",
      address: profile.address ?? "",
      postal_code: profile.postal_code ?? "",
      city: profile.city ?? "",
      region: profile.region ?? "",
      website: profile.website ?? "",
      contact_email: profile.contact_email ?? "",
      phone: profile.phone ?? "",
      training_domains: profile.training_domains.join("\n"),
    },
    canEdit: canEditOfProfile(scope.actor, scope.organisationId),
    datadocke: await isDatadocke(db, scope.organisationId),
    changes: await listOrganisationChanges(db, scope.organisationId),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const submission = parseWithZod(await request.formData(), { schema: profileFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const changed = await updateOfProfile(context.services.db, scope.actor, scope.organisationId, submission.value);
    return redirectWithToast(context, "/organisme/profil", {
      kind: changed.length > 0 ? "success" : "info",
      messageKey: changed.length > 0 ? "profile.saved" : "profile.unchanged",
    });
  } catch (error) {
    return replyRefused(submission, error);
  }
}

const INPUT_TYPES: Partial<Record<string, string>> = { website: "url", contact_email: "email", phone: "tel" };

export default function Profile() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("profile.title")}</h1>
        <p>{t("profile.lead")}</p>
      </section>
      {d.datadocke ? <p className="alert alert--warning">{t("profile.datadockeNotice")}</p> : null}
      <FormNotice reply={reply} />
      <FormErrors errors={formErrors(reply)} />
      <Form method="post" className="form form--wide">
        <fieldset disabled={!d.canEdit}>
          {PROFILE_FIELDS.map((field) => (
            <div className="field" key={field}>
              <label htmlFor={`profile-${field}`}>{t(`profile.field.${field}`)}</label>
              {field === "training_domains" ? (
                <>
                  <p className="field__hint" id="profile-training_domains-hint">
                    {t("profile.trainingDomainsHint")}
                  </p>
                  <textarea
                    id="profile-training_domains"
                    name={field}
                    rows={4}
                    defaultValue={d.profile.training_domains}
                    aria-describedby="profile-training_domains-hint"
                  />
                </>
              ) : (
                <input
                  id={`profile-${field}`}
                  name={field}
                  type={INPUT_TYPES[field] ?? "text"}
                  defaultValue={d.profile[field]}
                  required={field === "name" || field === "siret" || field === "nda"}
                  aria-invalid={fieldErrors(reply, field) ? true : undefined}
                  aria-describedby={`profile-${field}-error`}
                />
              )}
              <FieldError id={`profile-${field}-error`} errors={fieldErrors(reply, field)} />
            </div>
          ))}
          <p className="muted">
            {t("profile.field.siren")} : {d.profile.siren}
          </p>
          {d.canEdit ? (
            <button type="submit" className="button">
              {t("common.save")}
            </button>
          ) : null}
        </fieldset>
      </Form>
      {d.changes.length > 0 ? (
        <section aria-labelledby="changes-title">
          <h2 id="changes-title">{t("profile.changes")}</h2>
          <ul id="profile-changes">
            {d.changes.map((c, i) => (
              <li key={i}>
                {formatDateTime(c.createdAt)} —{" "}
                {t("profile.changeLine", { field: profileFieldLabel(c.field), old: c.oldValue ?? "", new: c.newValue ?? "" })}
                {c.changedBy ? ` (${c.changedBy})` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
