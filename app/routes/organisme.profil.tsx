import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  getOfProfile,
  isDatadocke,
  listOrganisationChanges,
  updateOfProfile,
  type ProfileField,
} from "../../domain/organisations/of-profile.service";
import { profileFormSchema } from "../../domain/organisations/of-profile.schema";
import { canEditOfProfile } from "../../domain/permissions/policy";
import { requireOfScope } from "../utils/auth.server";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { toHttpError } from "../utils/http-errors.server";
import { formatDateTime } from "../../domain/i18n/format";
import { FormErrors, FormNotice, fieldErrors, formErrors } from "../components/ui/field-error";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { Alert } from "../components/ui/alert";
import { Button, ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { Field, Input, Textarea } from "../components/ui/field";
import { DataTable } from "../components/ui/table";
import { t } from "../i18n";
import { profileFieldLabel } from "../../domain/i18n/labels";
import type { MessageKey } from "../../domain/i18n/translate";

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

const INPUT_TYPES: Partial<Record<ProfileField, string>> = { website: "url", contact_email: "email", phone: "tel" };
const AUTOCOMPLETE: Partial<Record<ProfileField, string>> = {
  name: "organization",
  address: "street-address",
  postal_code: "postal-code",
  city: "address-level2",
  region: "address-level1",
  website: "url",
  contact_email: "email",
  phone: "tel",
};
const REQUIRED: ReadonlySet<ProfileField> = new Set(["name", "siret", "nda"]);

/** The profile's fields in groups, each a card. */
const GROUPS: Array<{ title: MessageKey; fields: ProfileField[] }> = [
  { title: "profile.group.identity", fields: ["name", "siret", "nda"] },
  { title: "profile.group.address", fields: ["address", "postal_code", "city", "region"] },
  { title: "profile.group.contact", fields: ["website", "contact_email", "phone"] },
  { title: "profile.group.domains", fields: ["training_domains"] },
];

export default function Profile() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <OfPageHeader title={t("profile.title")} lead={t("profile.lead")}>
        <p className="m-0">{t("profile.next")}</p>
      </OfPageHeader>
      {d.datadocke ? (
        <Alert tone="warning" announce={false}>
          {t("profile.datadockeNotice")}
        </Alert>
      ) : null}
      {!d.canEdit ? (
        <Alert tone="info" announce={false}>
          {t("profile.readOnly")}
        </Alert>
      ) : null}
      <FormNotice reply={reply} />
      <FormErrors errors={formErrors(reply)} />
      <Form method="post" className="mb-8">
        <fieldset disabled={!d.canEdit} className="m-0 flex min-w-0 flex-col gap-6 border-0 p-0">
          {GROUPS.map((group) => (
            <Card key={group.title} title={t(group.title)} titleId={`profile-${group.title.split(".").pop()}`}>
              <div className="grid grid-cols-1 gap-x-6 md:grid-cols-2">
                {group.fields.map((field) =>
                  field === "training_domains" ? (
                    <Field
                      key={field}
                      id="profile-training_domains"
                      label={t("profile.field.training_domains")}
                      hint={t("profile.trainingDomainsHint")}
                      errors={fieldErrors(reply, field)}
                      className="md:col-span-2"
                    >
                      {(control) => <Textarea {...control} name={field} rows={4} defaultValue={d.profile.training_domains} />}
                    </Field>
                  ) : (
                    <Field
                      key={field}
                      id={`profile-${field}`}
                      label={t(`profile.field.${field}`)}
                      hint={field === "siret" && d.profile.siren ? `${t("profile.field.siren")} : ${d.profile.siren}` : undefined}
                      errors={fieldErrors(reply, field)}
                      required={REQUIRED.has(field)}
                    >
                      {(control) => (
                        <Input
                          {...control}
                          name={field}
                          type={INPUT_TYPES[field] ?? "text"}
                          autoComplete={AUTOCOMPLETE[field] ?? "off"}
                          inputMode={field === "siret" || field === "nda" || field === "postal_code" ? "numeric" : undefined}
                          defaultValue={d.profile[field]}
                        />
                      )}
                    </Field>
                  ),
                )}
              </div>
            </Card>
          ))}
          <div className="flex flex-wrap items-center gap-4">
            {d.canEdit ? <Button type="submit">{t("common.save")}</Button> : null}
            <ButtonLink to="/organisme/dossier" variant="tertiary">
              {t("profile.backToDossier")}
            </ButtonLink>
          </div>
        </fieldset>
      </Form>
      {d.changes.length > 0 ? (
        <section aria-labelledby="changes-title" className="flex flex-col gap-3" id="profile-changes">
          <h2 id="changes-title" className="m-0 text-xl font-bold">
            {t("profile.changes")}
          </h2>
          <DataTable
            caption={t("profile.changes")}
            captionHidden
            layout="cards"
            rows={d.changes.map((c, index) => ({ ...c, index }))}
            rowKey={(c) => String(c.index)}
            columns={[
              { header: t("profile.changes.date"), cell: (c) => formatDateTime(c.createdAt) },
              { header: t("profile.changes.field"), rowHeader: true, cell: (c) => profileFieldLabel(c.field) },
              { header: t("profile.changes.old"), cell: (c) => <span className="break-all">{c.oldValue ?? "—"}</span> },
              { header: t("profile.changes.new"), cell: (c) => <span className="break-all">{c.newValue ?? "—"}</span> },
              { header: t("profile.changes.by"), cell: (c) => c.changedBy ?? "—" },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}
