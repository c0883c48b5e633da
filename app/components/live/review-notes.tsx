import { useCallback, useEffect, useState } from "react";
import { dossierReviewDocument } from "../../../collab/shared/document-names";
import { t } from "../../i18n";
import { ReviewNotesEditor, type ConnectionState } from "./review-notes-editor.client";
import { colourFor } from "./colour";

/** The funders' shared examination notes: the editor mounts after hydration; state and refusals are shown. */
export function ReviewNotes({ dossierId, user, editable }: { dossierId: string; user: { id: string; name: string }; editable: boolean }) {
  const [mounted, setMounted] = useState(false);
  const [state, setState] = useState<ConnectionState>("connecting");
  const [closeCode, setCloseCode] = useState<number | null>(null);
  useEffect(() => setMounted(true), []);
  const onState = useCallback((next: ConnectionState, code: number | null) => {
    setState(next);
    if (code) setCloseCode(code);
  }, []);
  const label = t(`live.state.${state}`);
  return (
    <section className="card live-notes" aria-labelledby="notes-title">
      <div className="live-notes__header">
        <h2 id="notes-title">{t("live.notes.title")}</h2>
        <p className="live-state" data-state={state} role="status" aria-live="polite" aria-label={t("live.state.label", { state: label })}>
          <span className="live-state__dot" aria-hidden="true" /> {label}
        </p>
      </div>
      <p className="muted">{editable ? t("live.notes.hint") : t("live.notes.readOnly")}</p>
      {closeCode === 4401 || closeCode === 4403 ? (
        <div className="alert alert--error" role="alert">
          {t(`live.close.${closeCode}`)}
        </div>
      ) : null}
      {mounted ? (
        <ReviewNotesEditor
          documentName={dossierReviewDocument(dossierId)}
          user={{ name: user.name, color: colourFor(user.id).hex }}
          editable={editable}
          onState={onState}
        />
      ) : (
        <p className="muted">{t("live.notes.loading")}</p>
      )}
    </section>
  );
}
