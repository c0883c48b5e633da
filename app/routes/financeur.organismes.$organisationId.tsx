import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { organisationSummary } from "../../domain/funder-space/organisation-summary";
import { addNote, listNotes } from "../../domain/funder-space/notes.service";
import { closeAlert, dereference, listAlerts, listDeListings, openControl, raiseAlert } from "../../domain/controls/controls.service";
import { canControl, canDeList } from "../../domain/permissions/policy";
import { actingOrganisationId } from "../../domain/permissions/actor-side";
import { labelChoices } from "../../domain/labels/funder-labels.service";
import { LabelEditor } from "../components/funder/label-editor";
import { discardUpload } from "../../domain/files/discard-upload";
import { isMultipart, parseUploadForm, uploadDeps } from "../utils/upload.server";
import { listOrganisationChanges } from "../../domain/organisations/of-profile.service";
import { parseWithZod } from "@conform-to/zod/v4";
import { FUNDER_SPACE_INTENTS, funderSpaceFormSchema } from "../../domain/controls/funder-space.schema";
import { requireFunderSide } from "../utils/auth.server";
import { requireUuid } from "../utils/uuid.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { FieldError, ReplyMessages, fieldErrors, replyFor } from "../components/ui/field-error";
import { httpError, toHttpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { LiveOrganisationUpdates } from "../components/live/live-organisation-updates";
import { FunderNotes } from "../components/collab-docs/funder-notes";
import { collabDocumentAccess } from "../../domain/permissions/collab-document.policy";
import liveStyles from "../styles/live.css";
import { formatDateTime } from "../../domain/i18n/format";
import { TextareaField } from "../components/ui/plain-fields";
import { profileFieldLabel } from "../../domain/i18n/labels";
import { Button } from "../components/ui/button";
import { Alert } from "../components/ui/alert";
import { Breadcrumb } from "../components/ui/breadcrumb";
import { DossierStatusBadge } from "../components/funder/dossier-status-badge";
import { Dialog, DialogClose } from "../components/ui/dialog";
import { controlClasses } from "../components/ui/field";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.summary.organisation.name ?? ""} — ${t("space.title")}` },
];

/** The funders' closed space about one OF: alerts, notes, controls. Never reachable by an OF (403). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const organisationId = requireUuid(params.organisationId);
  const db = context.services.db;
  const summary = await organisationSummary(db, actor, organisationId).catch(toHttpError);
  const [notes, alerts, profileChanges, deListings, labels] = await Promise.all([
    listNotes(db, actor, organisationId),
    listAlerts(db, actor, organisationId),
    listOrganisationChanges(db, organisationId), // funder side checked above; the OF's own log
    listDeListings(db, actor, organisationId),
    labelChoices(db, actor, { kind: "organisation", id: organisationId }),
  ]);
  return {
    summary,
    notes,
    alerts,
    profileChanges,
    canControl: canControl(actor),
    canDeList: canDeList(actor),
    deListings,
    me: { id: actor.userId, name: actor.fullName || actor.email },
    funderNotesEditable: collabDocumentAccess(actor, "organisation") === "write",
    // A funder's own labels (issue 15.4); the coordination has none and sees no editor.
    labels,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const organisationId = requireUuid(params.organisationId);
  const { db } = context.services;
  let form: FormData;
  let upload: { owner: string; fileId: string | null; error: unknown } | null = null;
  if (isMultipart(request)) {
    // The alert form: a reason and an optional attachment, stored under the actor's organisation.
    const owner = actingOrganisationId(actor);
    if (!owner) throw httpError(403);
    const parsed = await parseUploadForm(request, context, { organisationId: owner, userId: actor.userId }, "attachment");
    form = parsed.form;
    upload = { owner, fileId: parsed.fileId, error: parsed.error };
  } else {
    form = await request.formData();
  }
  const discard = async () => {
    if (upload?.fileId) await discardUpload(uploadDeps(context), upload.owner, upload.fileId);
  };
  const submission = parseWithZod(form, { schema: funderSpaceFormSchema });
  if (upload?.error) return replyRefused(submission, upload.error, { form: "alert" });
  const intent = String(submission.payload.intent ?? "");
  // Only the alert form carries a file; the page's forms are the only ones posting here.
  if (!FUNDER_SPACE_INTENTS.includes(intent) || (upload && intent !== "alert")) {
    await discard();
    throw httpError(400);
  }
  if (submission.status !== "success") {
    await discard();
    return replyInvalid(submission, { form: intent });
  }
  const input = submission.value;
  try {
    switch (input.intent) {
      case "note":
        await addNote(db, actor, { organisationId, kind: input.kind, body: input.body });
        break;
      case "alert":
        await raiseAlert(
          db,
          actor,
          upload ? { organisationId, reason: input.reason, fileId: upload.fileId } : { organisationId, reason: input.reason },
        );
        break;
      case "close-alert":
        await closeAlert(db, actor, { alertId: input.alertId, note: input.note });
        break;
      case "control":
        await openControl(db, actor, { dossierId: input.dossierId, indicatorIds: input.indicatorIds, reason: input.reason });
        break;
      case "dereference":
        await dereference(db, actor, { dossierId: input.dossierId, reason: input.reason });
        break;
    }
  } catch (error) {
    await discard();
    // A refused de-listing (no written reason) is shown in its form with status 200, as its test pins.
    return replyRefused(submission, error, { form: intent, status: intent === "dereference" ? 200 : undefined });
  }
  return replyDone(submission, { form: intent, notice: { key: "space.saved" } });
}

export default function FunderSpace() {
  const {
    summary,
    notes,
    alerts,
    profileChanges,
    canControl: mayControl,
    canDeList: mayDeList,
    deListings,
    me,
    funderNotesEditable,
    labels,
  } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const deListErrors = fieldErrors(replyFor(reply, "dereference"), "reason");
  const { organisation, dossier, indicators } = summary;
  return (
    <>
      <Breadcrumb items={[{ label: t("home.funder.title"), to: "/financeur" }, { label: organisation.name }]} />
      <header className="mb-6 flex flex-col gap-2">
        <h1 className="m-0 text-3xl font-bold break-words text-ink">{organisation.name}</h1>
        <LiveOrganisationUpdates organisationId={organisation.id} />
        <p className="m-0 text-ink-muted">
          SIRET {organisation.siret ?? "—"} · NDA {organisation.nda ?? "—"} · {organisation.city ?? "—"} ({organisation.region ?? "—"})
        </p>
        {dossier ? (
          <p className="m-0 flex flex-wrap items-center gap-2">
            <DossierStatusBadge status={dossier.status} />
            <Link to={`/financeur/examens/${dossier.id}`}>{t("space.openDossier")}</Link>
          </p>
        ) : null}
        <Alert tone="warning" announce={false}>
          {t("space.private")}
        </Alert>
      </header>
      <ReplyMessages reply={reply} />
      {labels ? <LabelEditor target="organisation" targetId={organisation.id} labels={labels.on} allLabels={labels.all} /> : null}
      <FunderNotes organisationId={organisation.id} user={me} editable={funderNotesEditable} />
      <div className="cards">
        <section className="card" aria-labelledby="notes-title">
          <h2 id="notes-title">{t("space.notes")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="note" />
            <div className="field">
              <label htmlFor="note-kind">{t("space.kind")}</label>
              <select id="note-kind" name="kind" defaultValue="note">
                <option value="note">{t("space.kind.note")}</option>
                <option value="comment">{t("space.kind.comment")}</option>
              </select>
            </div>
            <TextareaField id="note-body" name="body" label={t("space.body")} rows={3} />
            <button type="submit" className="button button--small">
              {t("space.addNote")}
            </button>
          </Form>
          <ul className="space-list">
            {notes.map((n) => (
              <li key={n.id}>
                <strong>{n.authorName ?? "—"}</strong> ({n.authorOrganisation ?? "—"}) · {formatDateTime(n.createdAt)} ·{" "}
                {t(`space.kind.${n.kind}`)}
                <p>{n.body}</p>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="alerts-title">
          <h2 id="alerts-title">{t("space.alerts")}</h2>
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="alert" />
            <TextareaField id="alert-reason" name="reason" label={t("space.alertReason")} rows={3} />
            <div className="field">
              <label htmlFor="alert-attachment">{t("space.alertAttachment")}</label>
              <input
                id="alert-attachment"
                type="file"
                name="attachment"
                accept=".pdf,.png,.jpg,.jpeg,.odt,.docx"
                className="w-full max-w-full min-w-0"
              />
            </div>
            <button type="submit" className="button button--small">
              {t("space.raiseAlert")}
            </button>
          </Form>
          <ul className="space-list">
            {alerts.map((a) => (
              <li key={a.id} className={`alert-entry alert-entry--${a.status}`}>
                <strong>{a.funderName ?? "—"}</strong> ({a.raisedByName ?? "—"}) · {formatDateTime(a.createdAt)} ·{" "}
                <span className="badge">{t(`space.alertStatus.${a.status}`)}</span>
                <p>{a.reason}</p>
                {a.fileId ? (
                  <p>
                    <a href={`/fichiers/${a.fileId}`}>{a.fileName ?? t("space.alertAttachment")}</a>
                  </p>
                ) : null}
                {a.status === "closed" ? (
                  <p className="muted">
                    {t("space.alertClosed", { name: a.closedByName ?? "—", date: formatDateTime(a.closedAt), note: a.closingNote ?? "" })}
                  </p>
                ) : null}
                {a.canClose ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="close-alert" />
                    <input type="hidden" name="alertId" value={a.id} />
                    <TextareaField id={`close-note-${a.id}`} name="note" label={t("space.alertClosingNote")} rows={2} />
                    <button type="submit" className="button button--small button--secondary">
                      {t("space.closeAlert")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="card" aria-labelledby="profile-changes-title" id="profile-changes">
        <h2 id="profile-changes-title">{t("profile.changes")}</h2>
        {profileChanges.length === 0 ? (
          <p className="muted">{t("space.profileChanges.empty")}</p>
        ) : (
          <ul className="space-list">
            {profileChanges.map((c, i) => (
              <li key={`${c.createdAt}-${c.field}-${i}`}>
                {formatDateTime(c.createdAt)} · {c.changedBy ?? "—"} —{" "}
                {t("profile.changeLine", { field: profileFieldLabel(c.field), old: c.oldValue ?? "", new: c.newValue ?? "" })}
              </li>
            ))}
          </ul>
        )}
      </section>
      {mayControl && dossier && dossier.status === "datadocke" ? (
        <section className="card" aria-labelledby="control-title">
          <h2 id="control-title">{t("space.control")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="control" />
            <input type="hidden" name="dossierId" value={dossier.id} />
            <fieldset>
              <legend>{t("space.controlIndicators")}</legend>
              {indicators.map((i) => (
                <label key={i.id} className="review__choice">
                  <input type="checkbox" name="indicatorIds" value={i.id} /> {i.code}
                </label>
              ))}
            </fieldset>
            <TextareaField id="control-reason" name="reason" label={t("space.reason")} rows={2} />
            <button type="submit" className="button button--secondary">
              {t("space.openControl")}
            </button>
          </Form>
        </section>
      ) : null}
      {deListings.length > 0 ? (
        <section className="card" aria-labelledby="de-listings-title">
          <h2 id="de-listings-title">{t("space.deListings")}</h2>
          <ul className="space-list" data-testid="de-listings">
            {deListings.map((d) => (
              <li key={d.id}>
                {t("space.deListingLine", {
                  date: formatDateTime(d.createdAt),
                  name: d.decidedByName ?? "—",
                  funder: d.funderName ?? "—",
                  reason: d.reason,
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {dossier && (dossier.status === "datadocke" || dossier.status === "en_examen") ? (
        <section className="card" aria-labelledby="deref-title">
          <h2 id="deref-title">{t("space.dereference")}</h2>
          {mayDeList ? (
            <Form method="post" id="deref-form">
              <p className="muted">{t("space.deListLead")}</p>
              <input type="hidden" name="intent" value="dereference" />
              <input type="hidden" name="dossierId" value={dossier.id} />
              <div className="field">
                <label htmlFor="deref-reason">{t("space.deListReason")}</label>
                <textarea
                  id="deref-reason"
                  name="reason"
                  rows={3}
                  required
                  className={controlClasses}
                  aria-invalid={deListErrors ? true : undefined}
                  aria-describedby={deListErrors ? "deref-reason-error" : undefined}
                />
                <FieldError id="deref-reason-error" errors={deListErrors} />
              </div>
              {/* A destructive act: confirmed in a dialog whose button submits this form (form attribute). */}
              <Dialog
                trigger={<Button variant="danger">{t("space.dereference")}</Button>}
                title={t("space.deListConfirmTitle", { name: organisation.name })}
                description={t("space.deListConfirmText")}
                footer={
                  <>
                    <DialogClose asChild>
                      <Button variant="secondary" autoFocus>
                        {t("ui.cancel")}
                      </Button>
                    </DialogClose>
                    <Button type="submit" form="deref-form" variant="danger">
                      {t("space.dereference")}
                    </Button>
                  </>
                }
              />
            </Form>
          ) : (
            <p className="muted">{t("space.deListAdminOnly")}</p>
          )}
        </section>
      ) : null}
    </>
  );
}
