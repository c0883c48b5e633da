import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { teamInvitationSchema } from "../../domain/accounts/accounts.schema";
import { FormErrors, FormNotice, type FormReplyData } from "./ui/field-error";
import { SelectField, TextField } from "./ui/form-fields";
import { t } from "../i18n";
import { SubmitRow, useSchemaForm } from "./ui/schema-form";
import { roleLabel } from "../../domain/i18n/labels";

export interface TeamView {
  organisation: { id: string; name: string };
  invitableRoles: string[];
  members: Array<{ userId: string; email: string; fullName: string; role: string; verified: boolean; disabled: boolean; joinedOn: string }>;
  invitations: Array<{ id: string; email: string; role: string; invitedByName: string | null; expiresOn: string }>;
}

export function MembersTable({ members, caption }: { members: TeamView["members"]; caption: string }) {
  if (members.length === 0) return <p className="empty-state">{t("team.members.empty")}</p>;
  return (
    <table className="table">
      <caption className="muted">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("team.members.name")}</th>
          <th scope="col">{t("auth.field.email")}</th>
          <th scope="col">{t("team.members.role")}</th>
          <th scope="col">{t("team.members.since")}</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.userId}>
            <td>
              {m.fullName || "—"}
              {m.disabled ? <span className="badge badge--error">{t("team.members.disabled")}</span> : null}
              {!m.verified ? <span className="badge badge--warning">{t("team.members.unverified")}</span> : null}
            </td>
            <td>{m.email}</td>
            <td>{roleLabel(m.role)}</td>
            <td>{m.joinedOn}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PendingInvitations({ invitations }: { invitations: TeamView["invitations"] }) {
  if (invitations.length === 0) return <p className="muted">{t("team.invitations.empty")}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("auth.field.email")}</th>
          <th scope="col">{t("team.members.role")}</th>
          <th scope="col">{t("team.invitations.by")}</th>
          <th scope="col">{t("team.invitations.expires")}</th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((i) => (
          <tr key={i.id}>
            <td>{i.email}</td>
            <td>{roleLabel(i.role)}</td>
            <td>{i.invitedByName || "—"}</td>
            <td>{i.expiresOn}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
    <>
      <section aria-labelledby="team-members">
        <h2 id="team-members">{t("team.members.title")}</h2>
        <MembersTable members={team.members} caption={t("team.members.caption", { organisation: team.organisation.name })} />
      </section>
      <section aria-labelledby="team-invitations">
        <h2 id="team-invitations">{t("team.invitations.title")}</h2>
        <PendingInvitations invitations={team.invitations} />
      </section>
      <section aria-labelledby="team-invite">
        <h2 id="team-invite">{t("team.invite.title")}</h2>
        <p className="muted">{t("team.invite.lead")}</p>
        <InviteForm roles={team.invitableRoles} reply={reply} />
      </section>
    </>
  );
}
