import { useCallback, useEffect, useState, type ReactNode } from "react";
import { t } from "../../i18n";
import { ReviewNotesEditor, type ConnectionState } from "../live/review-notes-editor.client";
import { colourFor } from "../live/colour";

interface Props {
  /** Id prefix of the section (its heading is `${id}-title`). */
  id: string;
  documentName: string;
  title: string;
  hint: string;
  readOnlyHint: string;
  editorLabel: string;
  testId: string;
  user: { id: string; name: string };
  editable: boolean;
  /** Shown under the editor (e.g. the versions panel). */
  children?: ReactNode;
}

/**
 * A shared rich-text document (Tiptap + Yjs) with its connection state (connecté, synchronisé,
 * reconnexion, hors ligne) and its saved state, which only turns to "all saved" once the server
 * acknowledged that it stored every local change.
 */
export function CollabNotes(props: Props) {
  const [mounted, setMounted] = useState(false);
  const [state, setState] = useState<ConnectionState>("connecting");
  const [closeCode, setCloseCode] = useState<number | null>(null);
  const [allStored, setAllStored] = useState(true);
  useEffect(() => setMounted(true), []);
  const onState = useCallback((next: ConnectionState, code: number | null) => {
    setState(next);
    if (code) setCloseCode(code);
  }, []);
  const label = t(`live.state.${state}`);
  const offline = state === "offline" || state === "reconnecting";
  const saved = allStored ? "collabDocs.saved.all" : offline ? "collabDocs.saved.offline" : "collabDocs.saved.pending";
  return (
    <section className="card live-notes" aria-labelledby={`${props.id}-title`} id={props.id}>
      <div className="live-notes__header">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        <p className="live-state" data-state={state} role="status" aria-live="polite" aria-label={t("live.state.label", { state: label })}>
          <span className="live-state__dot" aria-hidden="true" /> {label}
        </p>
      </div>
      <p className="muted">{props.editable ? props.hint : props.readOnlyHint}</p>
      {closeCode === 4401 || closeCode === 4403 ? (
        <div className="alert alert--error" role="alert">
          {t(`live.close.${closeCode}`)}
        </div>
      ) : null}
      {mounted ? (
        <ReviewNotesEditor
          documentName={props.documentName}
          user={{ name: props.user.name, color: colourFor(props.user.id).hex }}
          editable={props.editable}
          onState={onState}
          onSaved={setAllStored}
          label={props.editorLabel}
          testId={props.testId}
        />
      ) : (
        <p className="muted">{t("live.notes.loading")}</p>
      )}
      {props.editable && state !== "refused" ? (
        <p
          className="live-saved muted"
          role="status"
          aria-live="polite"
          data-testid={`${props.testId}-saved`}
          data-saved={allStored ? "true" : "false"}
        >
          {t(saved)}
        </p>
      ) : null}
      {props.children}
    </section>
  );
}
