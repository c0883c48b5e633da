import { useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { dossierReviewDocument, indicatorReasonField } from "../../../collab/shared/document-names";

export interface SharedReason {
  /** The shared draft once synced (null before, or when not shared). */
  value: string | null;
  /** Replaces the shared text with `next` (as the smallest delete + insert). */
  update(next: string): void;
  /** Where a caret at `index` before the last remote change is after it. */
  mapCaret(index: number): number;
}

/**
 * The reason being written for one indicator, shared by the reviewers deciding it (issue 13 item 4):
 * a Y.Text `reason:<code>` in the dossier's review document (funders only, like the notes), so two
 * deciders see each other's edits before it is saved. Opened in an effect, so only in the browser.
 */
export function useSharedReason(dossierId: string, code: string, enabled: boolean): SharedReason {
  const [value, setValue] = useState<string | null>(null);
  const text = useRef<Y.Text | null>(null);
  const lastDelta = useRef<{ retain?: number; insert?: unknown; delete?: number }[]>([]);

  useEffect(() => {
    if (!enabled) return;
    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const provider = new WebsocketProvider(`${scheme}//${window.location.host}/collab`, dossierReviewDocument(dossierId), doc, {
      disableBc: true,
    });
    provider.awareness.setLocalState(null); // no caret in the notes for this connection
    const ytext = doc.getText(indicatorReasonField(code));
    text.current = ytext;
    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.local) return;
      lastDelta.current = event.delta as typeof lastDelta.current;
      setValue(ytext.toString());
    };
    ytext.observe(onChange);
    const onSync = (synced: boolean) => {
      if (synced) setValue(ytext.toString());
    };
    provider.on("sync", onSync);
    return () => {
      ytext.unobserve(onChange);
      provider.off("sync", onSync);
      provider.destroy();
      doc.destroy();
      text.current = null;
      setValue(null);
    };
  }, [dossierId, code, enabled]);

  return {
    value,
    update(next) {
      const ytext = text.current;
      if (!ytext) return;
      const current = ytext.toString();
      if (current === next) return;
      let start = 0;
      while (start < current.length && start < next.length && current[start] === next[start]) start++;
      let end = 0;
      while (end < current.length - start && end < next.length - start && current[current.length - 1 - end] === next[next.length - 1 - end])
        end++;
      ytext.doc?.transact(() => {
        if (current.length - start - end > 0) ytext.delete(start, current.length - start - end);
        if (next.length - start - end > 0) ytext.insert(start, next.slice(start, next.length - end));
      });
    },
    mapCaret(index) {
      let position = 0;
      let caret = index;
      for (const op of lastDelta.current) {
        if (op.retain) position += op.retain;
        else if (typeof op.insert === "string") {
          if (position <= caret) caret += op.insert.length;
          position += op.insert.length;
        } else if (op.delete) {
          if (position < caret) caret -= Math.min(op.delete, caret - position);
        }
      }
      return caret;
    },
  };
}
