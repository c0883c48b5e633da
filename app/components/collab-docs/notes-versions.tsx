import { useEffect, useId, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { t } from "../../i18n";
import { FormErrors, FormNotice, fieldErrors, formErrors, isDone, type FormReplyData } from "../ui/field-error";
import { formatDateTime } from "../../../domain/i18n/format";

interface VersionItem {
  id: string;
  name: string;
  createdAt: string;
  authorName: string | null;
}

type Reply = FormReplyData;

/**
 * Under the review notes: save the notes as a named version, list the versions (author, date) and
 * restore one after an explicit confirmation. Readers only see the list.
 */
export function NotesVersions({ dossierId, editable }: { dossierId: string; editable: boolean }) {
  const href = `/financeur/examens/${dossierId}/versions`;
  const list = useFetcher<{ versions: VersionItem[] }>();
  const save = useFetcher<Reply>();
  const restore = useFetcher<Reply>();
  const [confirming, setConfirming] = useState<VersionItem | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const formId = useId();
  const saveFailure = save.data && !isDone(save.data) ? save.data : undefined;
  const nameError = fieldErrors(saveFailure, "name")?.[0] ?? formErrors(saveFailure)?.[0];

  const load = list.load;
  useEffect(() => {
    load(href);
  }, [load, href]);
  useEffect(() => {
    if (save.state === "idle" && isDone(save.data)) {
      if (nameRef.current) nameRef.current.value = "";
      load(href);
    }
  }, [save.state, save.data, load, href]);
  useEffect(() => {
    if (restore.state === "idle" && restore.data) {
      setConfirming(null);
      load(href);
    }
  }, [restore.state, restore.data, load, href]);

  const reply = restore.data ?? save.data;
  const versions = list.data?.versions;
  return (
    <div className="notes-versions" aria-labelledby={`${formId}-title`} role="region" data-testid="notes-versions">
      <h3 id={`${formId}-title`}>{t("collabDocs.versions.title")}</h3>
      {editable ? (
        <save.Form method="post" action={href} className="form-row">
          <input type="hidden" name="intent" value="save-version" />
          <div className="field">
            <label htmlFor={`${formId}-name`}>{t("collabDocs.versions.name")}</label>
            <input
              ref={nameRef}
              id={`${formId}-name`}
              name="name"
              maxLength={120}
              required
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${formId}-error` : `${formId}-lead`}
            />
          </div>
          <button type="submit" className="button button--small" disabled={save.state !== "idle"}>
            {t("collabDocs.versions.save")}
          </button>
        </save.Form>
      ) : (
        <p className="muted">{t("collabDocs.versions.readOnly")}</p>
      )}
      <p className="muted" id={`${formId}-lead`}>
        {t("collabDocs.versions.lead")}
      </p>
      {save.state === "idle" ? <FormErrors id={`${formId}-error`} errors={nameError ? [nameError] : undefined} /> : null}
      {isDone(reply) ? <FormNotice reply={reply} /> : <FormErrors errors={formErrors(restore.data)} />}
      {!versions ? (
        <p className="muted">{t("collabDocs.versions.loading")}</p>
      ) : versions.length === 0 ? (
        <p className="muted">{t("collabDocs.versions.empty")}</p>
      ) : (
        <ul className="space-list" data-testid="versions-list">
          {versions.map((version) => (
            <li key={version.id}>
              <strong>{version.name}</strong>{" "}
              <span className="muted">
                {t("collabDocs.versions.item", {
                  author: version.authorName ?? t("collabDocs.versions.unknownAuthor"),
                  date: formatDateTime(version.createdAt),
                })}
              </span>{" "}
              {editable && confirming?.id !== version.id ? (
                <button type="button" className="button button--small button--secondary" onClick={() => setConfirming(version)}>
                  {t("collabDocs.versions.restore")}
                  <span className="visually-hidden"> « {version.name} »</span>
                </button>
              ) : null}
              {confirming?.id === version.id ? (
                <restore.Form
                  method="post"
                  action={href}
                  className="notes-versions__confirm"
                  role="group"
                  aria-label={t("collabDocs.versions.restore")}
                >
                  <p>{t("collabDocs.versions.restoreConfirm", { name: version.name })}</p>
                  <input type="hidden" name="intent" value="restore-version" />
                  <input type="hidden" name="versionId" value={version.id} />
                  <button type="submit" className="button button--small button--danger" disabled={restore.state !== "idle"} autoFocus>
                    {t("collabDocs.versions.restoreYes")}
                  </button>{" "}
                  <button type="button" className="button button--small button--secondary" onClick={() => setConfirming(null)}>
                    {t("collabDocs.versions.restoreNo")}
                  </button>
                </restore.Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
