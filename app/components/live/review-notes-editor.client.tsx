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
    provider.on("status", ({ status }) => {
      if (refused) return;
      if (status === "connected") {
        wasConnected = true;
        onState(provider.synced ? "synced" : "connected", null);
      } else if (!navigator.onLine) onState("offline", null);
      else onState(status === "connecting" && !wasConnected ? "connecting" : "reconnecting", null);
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
    const offline = () => onState("offline", null);
    window.addEventListener("offline", offline);
    setSession({ doc, provider });
    return () => {
      window.removeEventListener("offline", offline);
      stopTracking();
      provider.destroy();
      doc.destroy();
    };
  }, [documentName, onState, onSaved]);
  return session ? <NotesEditor {...props} doc={session.doc} provider={session.provider} /> : null;
}

function NotesEditor({ doc, provider, user, editable, label, testId }: Props & { doc: Y.Doc; provider: WebsocketProvider }) {
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false, heading: { levels: [2, 3] }, link: false }),
        Collaboration.configure({ document: doc }),
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
    [doc, provider],
  );
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  return editor ? <EditorContent editor={editor} /> : <p className="muted">{t("live.notes.loading")}</p>;
}
