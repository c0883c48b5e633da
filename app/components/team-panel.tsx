import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { teamInvitationSchema } from "../../domain/accounts/accounts.schema";
import { FormErrors, FormNotice, type FormReplyData } from "./ui/field-error";
import { SelectField, TextField } from "./ui/form-fields";
import { t } from "../i18n";
import { SubmitRow, useSchemaForm } from "./ui/schema-form";
import { roleLabel } from "../../domain/i18n/labels";
import { Badge } from "./ui/badge";
import { Card } from "./ui/card";
import { DataTable } from "./ui/table";
import { EmptyState } from "./ui/empty-state";

export interface TeamView {
  organisation: { id: string; name: string };
  invitableRoles: string[];
  members: Array<{ userId: string; email: string; fullName: string; role: string; verified: boolean; disabled: boolean; joinedOn: string }>;
  invitations: Array<{ id: string; email: string; role: string; invitedByName: string | null; expiresOn: string }>;
}

export function MembersTable({ members, caption }: { members: TeamView["members"]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      layout="cards"
      rows={members}
      rowKey={(m) => m.userId}
      empty={<EmptyState title={t("team.members.empty")} />}
      columns={[
        {
          header: t("team.members.name"),
          rowHeader: true,
          cell: (m) => (
            <span className="inline-flex flex-wrap items-center justify-end gap-2 md:justify-start">
              {m.fullName || "—"}
              {m.disabled ? <Badge tone="error">{t("team.members.disabled")}</Badge> : null}
              {!m.verified ? <Badge tone="warning">{t("team.members.unverified")}</Badge> : null}
            </span>
          ),
        },
        { header: t("auth.field.email"), cell: (m) => <span className="break-all">{m.email}</span> },
        { header: t("team.members.role"), cell: (m) => roleLabel(m.role) },
        { header: t("team.members.since"), cell: (m) => m.joinedOn },
      ]}
    />
  );
}

export function PendingInvitations({ invitations }: { invitations: TeamView["invitations"] }) {
  if (invitations.length === 0) return <p className="m-0 text-ink-muted">{t("team.invitations.empty")}</p>;
  return (
    <DataTable
      caption={t("team.invitations.title")}
      captionHidden
      layout="cards"
      rows={invitations}
      rowKey={(i) => i.id}
      columns={[
        { header: t("auth.field.email"), rowHeader: true, cell: (i) => <span className="break-all">{i.email}</span> },
        { header: t("team.members.role"), cell: (i) => roleLabel(i.role) },
        { header: t("team.invitations.by"), cell: (i) => i.invitedByName || "—" },
        { header: t("team.invitations.expires"), cell: (i) => i.expiresOn },
      ]}
    />
  );
}

/** Email + role, the organisation being the page's own. `intent` tells the action which form answered. */
export function InviteForm({
  roles,
  reply,
  intent = "invite",
  formId = "invite",
}: {
  roles: string[];
  reply?: FormReplyData;
  intent?: string;
  formId?: string;
}) {
  const [form, fields] = useSchemaForm(teamInvitationSchema, { id: formId, reply: reply, defaultValue: { role: roles[0] } });
  return (
    <>
      <FormNotice reply={reply} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={intent} />
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="off" />
        {roles.length > 1 ? (
          <SelectField meta={fields.role} label={t("team.members.role")} options={roles.map((r) => ({ value: r, label: roleLabel(r) }))} />
        ) : (
          <input type="hidden" name="role" value={roles[0]} />
        )}
        <SubmitRow label={t("team.invite.submit")} />
      </Form>
    </>
  );
}

/** The whole team page body: members, pending invitations, invite form. */
export function TeamPanel({ team, reply }: { team: TeamView; reply?: FormReplyData }) {
  return (
    <div className="flex flex-col gap-6">
      <Card title={t("team.members.title")} titleId="team-members">
        <MembersTable members={team.members} caption={t("team.members.caption", { organisation: team.organisation.name })} />
      </Card>
      <Card title={t("team.invitations.title")} titleId="team-invitations">
        <PendingInvitations invitations={team.invitations} />
      </Card>
      <Card title={t("team.invite.title")} titleId="team-invite">
        <p className="mt-0 mb-4 text-ink-muted">{t("team.invite.lead")}</p>
        <InviteForm roles={team.invitableRoles} reply={reply} />
      </Card>
    </div>
  );
}
