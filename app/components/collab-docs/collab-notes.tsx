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
  /** The Yjs fragment edited (one indicator's part of the review notes); default: the whole document. */
  field?: string;
  /** Heading level of the section title (default 2). */
  headingLevel?: 2 | 3;
}

/** "Enregistrement…" shows only after this long with changes pending (not on every keystroke). */
export const PENDING_DELAY_MS = 1000;

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
  // Pending changes are announced only once they have been pending for a while.
  const [pendingLong, setPendingLong] = useState(false);
  useEffect(() => {
    if (allStored) {
      setPendingLong(false);
      return;
    }
    const timer = setTimeout(() => setPendingLong(true), PENDING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [allStored]);
  // Closing the tab with changes the server has not stored yet asks first.
  useEffect(() => {
    if (allStored) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [allStored]);
  const onState = useCallback((next: ConnectionState, code: number | null) => {
    setState(next);
    if (code) setCloseCode(code);
  }, []);
  const label = t(`live.state.${state}`);
  const offline = state === "offline" || state === "reconnecting";
  const shownStored = allStored || (!pendingLong && !offline);
  const saved = shownStored ? "collabDocs.saved.all" : offline ? "collabDocs.saved.offline" : "collabDocs.saved.pending";
  const Heading = `h${props.headingLevel ?? 2}` as const;
  return (
    <section className="card live-notes" aria-labelledby={`${props.id}-title`} id={props.id} data-notes-area>
      <div className="live-notes__header">
        <Heading id={`${props.id}-title`}>{props.title}</Heading>
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
          field={props.field}
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
          data-shown={shownStored ? "saved" : offline ? "offline" : "pending"}
        >
          {t(saved)}
        </p>
      ) : null}
      {props.children}
    </section>
  );
}
