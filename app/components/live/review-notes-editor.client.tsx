import { useEffect, useState } from "react";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { CloseCode } from "../../../collab/shared/close-codes";
import { STORED_ACK_PARAMS, trackStoredChanges } from "../../../collab/shared/stored-ack";
import { t } from "../../i18n";

export type ConnectionState = "connecting" | "connected" | "synced" | "reconnecting" | "offline" | "refused";

interface Props {
  documentName: string;
  user: { name: string; color: string };
  editable: boolean;
  onState: (state: ConnectionState, closeCode: number | null) => void;
  /** Whether every local change is stored by the server (its acknowledgement, decision 014). */
  onSaved?: (allStored: boolean) => void;
  /** Accessible name and test id of the editable area (defaults: the review notes). */
  label?: string;
  testId?: string;
  /** The Yjs XML fragment edited (Tiptap Collaboration's `field`); default: the whole notes. */
  field?: string;
}

/**
 * The shared notes (Tiptap + Yjs), browser only: one Y.Doc and one y-websocket provider per mount,
 * same origin at /collab (the session cookie goes with the upgrade).
 */
export function ReviewNotesEditor(props: Props) {
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const { documentName, onState, onSaved } = props;
  useEffect(() => {
    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const provider = new WebsocketProvider(`${scheme}//${window.location.host}/collab`, documentName, doc, {
      params: { ...STORED_ACK_PARAMS },
    });
    const stopTracking = trackStoredChanges(provider, (allStored) => onSaved?.(allStored));
    let wasConnected = false;
    let refused = false;
    // The state comes from the websocket itself (issue 13 item 10): the browser's online/offline
    // events only refine a disconnected state, never override a connection that is up.
    const report = () => {
      if (refused) return;
      if (provider.wsconnected) onState(provider.synced ? "synced" : "connected", null);
      else if (!navigator.onLine) onState("offline", null);
      else onState(provider.wsconnecting && !wasConnected ? "connecting" : "reconnecting", null);
    };
    provider.on("status", ({ status }) => {
      if (status === "connected") wasConnected = true;
      report();
    });
    provider.on("sync", (synced: boolean) => {
      if (synced && provider.wsconnected) onState("synced", null);
    });
    provider.on("connection-close", (event) => {
      const code = event?.code ?? 0;
      if (code === CloseCode.unauthenticated || code === CloseCode.forbidden) {
        refused = true;
        onState("refused", code);
      }
    });
    const offline = () => report();
    window.addEventListener("offline", offline);
    window.addEventListener("online", offline);
    setSession({ doc, provider });
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", offline);
      stopTracking();
      provider.destroy();
      doc.destroy();
    };
  }, [documentName, onState, onSaved]);
  return session ? <NotesEditor {...props} doc={session.doc} provider={session.provider} /> : null;
}

function NotesEditor({ doc, provider, user, editable, label, testId, field }: Props & { doc: Y.Doc; provider: WebsocketProvider }) {
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false, heading: { levels: [2, 3] }, link: false }),
        Collaboration.configure(field ? { document: doc, field } : { document: doc }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editable,
      immediatelyRender: false,
      // Our CSP forbids injected <style>: the editor's CSS lives in live.css.
      injectCSS: false,
      editorProps: {
        attributes: {
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": label ?? t("live.notes.label"),
          "aria-readonly": editable ? "false" : "true",
          class: "live-notes__content",
          "data-testid": testId ?? "review-notes",
        },
      },
    },
    [doc, provider, field],
  );
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  return editor ? <EditorContent editor={editor} /> : <p className="muted">{t("live.notes.loading")}</p>;
}
