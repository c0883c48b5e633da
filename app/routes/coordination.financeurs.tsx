import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { funderSchema, invitationSchema } from "../../domain/accounts/accounts.schema";
import { canManageFunders } from "../../domain/permissions/policy";
import { InviteForm, MembersTable, PendingInvitations } from "../components/team-panel";
import { FormErrors, formErrors, replyFor, type FormReplyData } from "../components/ui/field-error";
import { SelectField, TextField } from "../components/ui/form-fields";
import { requirePermission } from "../utils/auth.server";
import { ALL_KINDS, replyInvalid, replyRefused, type FormReply } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { httpError, toHttpError } from "../utils/http-errors.server";
import { inviteToTeam, loadTeam } from "../utils/team.server";
import { t } from "../i18n";
import { accountDeps, createFunder, createInvitation, listFunders } from "../utils/accounts.server";
import {
  assertFunderActive,
  deactivateFunder,
  funderRevocationStates,
  reactivateFunder,
} from "../../domain/coordination/funder-revocation.service";
import { listCoordinationLog } from "../../domain/coordination/coordination-log";
import { funderRevocationSchema } from "../../domain/coordination/funder-revocation.schema";
import { formatDate, formatNumber, formatTimestamp } from "../../domain/i18n/format";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { ConfirmDialog, Dialog, DialogClose } from "../components/ui/dialog";
import { EmptyState } from "../components/ui/empty-state";
import { Field, Textarea } from "../components/ui/field";
import { PageHeader } from "../components/ui/page-header";
import { DataTable } from "../components/ui/table";
import { SubmitRow, useSchemaForm } from "../components/ui/schema-form";
import { roleLabelKey } from "../../domain/i18n/labels";

export const meta: MetaFunction = () => [{ title: `${t("funders.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requirePermission(request, context, canManageFunders);
  const funders = await listFunders(context.services.db, actor).catch(toHttpError);
  const coordinators = await loadTeam(request, context, "coordination");
  const deactivated = await funderRevocationStates(context.services.db, actor).catch(toHttpError);
  const revocations = await listCoordinationLog(context.services.db, ["funder.deactivated", "funder.reactivated"]);
  return {
    funders,
    coordinators,
    deactivated,
    revocations: revocations.map((r) => ({
      id: r.id,
      action: r.action,
      actorName: r.actorName,
      createdAt: r.createdAt.toISOString(),
      payload: r.payload as { funder?: string; note?: string | null },
    })),
  };
}

const PAGE = "/coordination/financeurs";

/** Deactivate (revoke) or reactivate a funder: accounts, sessions, API keys and webhooks follow. */
async function revocationAction(
  context: AppLoadContext,
  request: Request,
  formData: FormData,
  intent: "deactivate-funder" | "reactivate-funder",
): Promise<FormReply | Response> {
  const actor = requirePermission(request, context, canManageFunders);
  const submission = parseWithZod(formData, { schema: funderRevocationSchema });
  const form = "revocation";
  if (submission.status !== "success") return replyInvalid(submission, { form });
  const { funderId, note } = submission.value;
  try {
    if (intent === "deactivate-funder") await deactivateFunder(context.services.db, actor, funderId, note, { live: context.services.live });
    else await reactivateFunder(context.services.db, actor, funderId);
    return redirectWithToast(context, PAGE, {
      kind: "success",
      messageKey: intent === "deactivate-funder" ? "funderRevocation.deactivated" : "funderRevocation.reactivated",
    });
  } catch (error) {
    return replyRefused(submission, error, { form, answers: ALL_KINDS.filter((kind) => kind !== "forbidden") });
  }
}

async function createFunderAction(context: AppLoadContext, request: Request, formData: FormData): Promise<FormReply | Response> {
  const actor = requirePermission(request, context, canManageFunders);
  const submission = parseWithZod(formData, { schema: funderSchema });
  const form = "create-funder";
  if (submission.status !== "success") return replyInvalid(submission, { form });
  try {
    const created = await createFunder(context.services.db, actor, submission.value);
    // The invite form preselects the new funder (`inviter`: its id), the next step the toast names.
    return redirectWithToast(context, `${PAGE}?inviter=${created.id}#funders-invite`, {
      kind: "success",
      messageKey: "funders.created",
      params: { name: created.name },
    });
  } catch (error) {
    return replyRefused(submission, error, { form, answers: ALL_KINDS });
  }
}

/** The funder comes from the form: the service checks it is a funder the coordinator may staff. */
async function inviteFunderStaffAction(context: AppLoadContext, request: Request, formData: FormData): Promise<FormReply | Response> {
  const actor = requirePermission(request, context, canManageFunders);
  const submission = parseWithZod(formData, { schema: invitationSchema });
  const form = "invite-funder";
  if (submission.status !== "success") return replyInvalid(submission, { form });
  try {
    await assertFunderActive(context.services.db, submission.value.organisationId);
    const invited = await createInvitation(context.services.db, accountDeps(context.services), actor, submission.value);
    return redirectWithToast(context, PAGE, {
      kind: invited.mailSent ? "success" : "warning",
      messageKey: invited.mailSent ? "team.invite.sent" : "team.invite.mailFailed",
      params: { email: invited.email },
    });
  } catch (error) {
    return replyRefused(submission, error, { form, answers: ALL_KINDS });
  }
}

export async function action({ request, context }: ActionFunctionArgs): Promise<FormReply | Response> {
  requirePermission(request, context, canManageFunders);
  const formData = await request.formData();
  switch (formData.get("intent")) {
    case "create-funder":
      return createFunderAction(context, request, formData);
    case "invite-funder":
      return inviteFunderStaffAction(context, request, formData);
    case "deactivate-funder":
    case "reactivate-funder":
      return revocationAction(context, request, formData, formData.get("intent") as "deactivate-funder" | "reactivate-funder");
    case "invite-coordinator": {
      const reply = await inviteToTeam(request, context, "coordination", formData);
      // Sent: a toast on the reloaded page, the form empty again; a refusal stays in the form.
      if (reply.notice && reply.result.status !== "error") {
        return redirectWithToast(context, PAGE, {
          kind: reply.notice.tone === "warning" ? "warning" : "success",
          messageKey: reply.notice.key,
          params: reply.notice.params,
        });
      }
      return { ...reply, form: "invite-coordinator" };
    }
    default:
      throw httpError(400);
  }
}

function FunderRevocationControl({ funderId, name, deactivatedAt }: { funderId: string; name: string; deactivatedAt: string | null }) {
  if (deactivatedAt) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="warning">{t("funderRevocation.deactivatedSince", { date: formatDate(deactivatedAt) })}</Badge>
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="secondary">
              {t("funderRevocation.reactivate")}
              <span className="sr-only"> {name}</span>
            </Button>
          }
          title={t("funderRevocation.reactivate.confirmTitle", { name })}
          description={t("funderRevocation.reactivate.confirmText")}
          confirmLabel={t("funderRevocation.reactivate")}
          confirmVariant="primary"
          fields={{ intent: "reactivate-funder", funderId }}
        />
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Badge tone="success">{t("funderRevocation.active")}</Badge>
      <Dialog
        trigger={
          <Button size="sm" variant="danger">
            {t("funderRevocation.deactivate")}
            <span className="sr-only"> {name}</span>
          </Button>
        }
        title={t("funderRevocation.confirmTitle", { name })}
        description={t("funderRevocation.confirmText")}
        footer={
          <>
            <DialogClose asChild>
              <Button variant="secondary">{t("ui.cancel")}</Button>
            </DialogClose>
            <Button type="submit" variant="danger" form={`revoke-${funderId}`}>
              {t("funderRevocation.deactivate")}
            </Button>
          </>
        }
      >
        <Form method="post" id={`revoke-${funderId}`}>
          <input type="hidden" name="intent" value="deactivate-funder" />
          <input type="hidden" name="funderId" value={funderId} />
          <Field id={`revoke-note-${funderId}`} label={t("funderRevocation.note", { name })} className="mb-0!">
            {(control) => <Textarea {...control} name="note" maxLength={2000} rows={3} />}
          </Field>
        </Form>
      </Dialog>
    </div>
  );
}

function RevocationLog({
  entries,
}: {
  entries: {
    id: string;
    action: string;
    actorName: string | null;
    createdAt: string;
    payload: { funder?: string; note?: string | null };
  }[];
}) {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="funders-revocations" className="mt-6">
      <h3 id="funders-revocations" className="mb-2 text-lg font-bold">
        {t("funderRevocation.log.title")}
      </h3>
      <ol className="m-0 list-none border-l-2 border-line p-0 pl-4">
        {entries.map((e) => (
          <li key={e.id} className="py-1">
            {t(`funderRevocation.log.${e.action === "funder.deactivated" ? "deactivated" : "reactivated"}`, {
              funder: e.payload.funder ?? "—",
              actor: e.actorName ?? "—",
              date: formatTimestamp(e.createdAt),
            })}
            {e.payload.note ? <span className="text-ink-muted"> — {e.payload.note}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function CreateFunderForm({ reply }: { reply?: FormReplyData }) {
  const [form, fields] = useSchemaForm(funderSchema, { id: "create-funder", reply: reply });
  return (
    <>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create-funder" />
        <TextField meta={fields.name} label={t("funders.field.name")} autoComplete="organization" />
        <TextField meta={fields.region} label={t("funders.field.region")} hint={t("funders.field.region.hint")} />
        <SubmitRow label={t("funders.create.submit")} />
      </Form>
    </>
  );
}

function InviteFunderStaffForm({
  funders,
  reply,
  defaultFunderId,
}: {
  funders: Array<{ id: string; name: string }>;
  reply?: FormReplyData;
  defaultFunderId?: string;
}) {
  const [form, fields] = useSchemaForm(invitationSchema, {
    id: "invite-funder",
    reply: reply,
    defaultValue: { organisationId: defaultFunderId ?? funders[0]?.id, role: "funder_admin" },
  });
  if (funders.length === 0) return <EmptyState title={t("funders.empty")} />;
  return (
    <>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="invite-funder" />
        <SelectField
          meta={fields.organisationId}
          label={t("funders.field.funder")}
          options={funders.map((f) => ({ value: f.id, label: f.name }))}
        />
        <SelectField
          meta={fields.role}
          label={t("team.members.role")}
          options={(["funder_admin", "funder_reviewer"] as const).map((r) => ({ value: r, label: t(roleLabelKey(r)) }))}
        />
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="off" />
        <SubmitRow label={t("team.invite.submit")} />
      </Form>
    </>
  );
}

export default function CoordinationFunders() {
  const { funders, coordinators, deactivated, revocations } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const revocation = replyFor(reply, "revocation");
  const [params] = useSearchParams();
  // Just created: the invite form preselects it (the funder's id, from the redirect after creation).
  const createdFunderId = funders.some((f) => f.id === params.get("inviter")) ? (params.get("inviter") ?? undefined) : undefined;
  return (
    <>
      <PageHeader title={t("funders.title")} lead={t("funders.lead")} />
      <section aria-labelledby="funders-list" className="mb-8">
        <h2 id="funders-list" className="mb-3 text-xl font-bold">
          {t("funders.list.title")}
        </h2>
        <FormErrors errors={formErrors(revocation)} />
        <DataTable
          caption={t("funders.list.title")}
          captionHidden
          layout="cards"
          rows={funders}
          rowKey={(f) => f.id}
          empty={<EmptyState title={t("funders.empty")} />}
          columns={[
            { header: t("funders.field.name"), cell: (f) => f.name, rowHeader: true },
            { header: t("funders.field.region"), cell: (f) => f.region ?? "—" },
            { header: t("funders.list.members"), cell: (f) => formatNumber(f.memberCount), align: "end" },
            { header: t("funders.list.pending"), cell: (f) => formatNumber(f.pendingInvitations), align: "end" },
            {
              header: t("funderRevocation.state"),
              cell: (f) => <FunderRevocationControl funderId={f.id} name={f.name} deactivatedAt={deactivated[f.id] ?? null} />,
            },
          ]}
        />
        <RevocationLog entries={revocations} />
      </section>
      <div className="mb-8 grid gap-6 lg:grid-cols-2 lg:items-start [&>*]:min-w-0">
        <Card title={t("funders.create.title")} titleId="funders-create">
          <p className="mt-0 text-ink-muted">{t("funders.create.lead")}</p>
          <CreateFunderForm reply={replyFor(reply, "create-funder")} />
        </Card>
        <Card title={t("funders.invite.title")} titleId="funders-invite">
          <p className="mt-0 text-ink-muted">{t("funders.invite.lead")}</p>
          <InviteFunderStaffForm
            key={createdFunderId ?? "invite-funder"}
            funders={funders}
            reply={replyFor(reply, "invite-funder")}
            defaultFunderId={createdFunderId}
          />
        </Card>
      </div>
      <section aria-labelledby="coordinators" className="flex flex-col gap-4">
        <h2 id="coordinators" className="m-0 text-xl font-bold">
          {t("funders.coordinators.title")}
        </h2>
        <MembersTable
          members={coordinators.members}
          caption={t("team.members.caption", { organisation: coordinators.organisation.name })}
        />
        <h3 className="m-0 text-lg font-bold">{t("team.invitations.title")}</h3>
        <PendingInvitations invitations={coordinators.invitations} />
        <Card title={t("funders.coordinators.invite")} headingLevel={3}>
          <InviteForm
            roles={["coordinator"]}
            reply={replyFor(reply, "invite-coordinator")}
            intent="invite-coordinator"
            formId="invite-coordinator"
          />
        </Card>
      </section>
    </>
  );
}
