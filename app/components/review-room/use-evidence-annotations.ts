import { useEffect, useState } from "react";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { evidenceAnnotationsDocument } from "../../../collab/shared/document-names";
import { STORED_ACK_PARAMS, trackStoredChanges } from "../../../collab/shared/stored-ack";
import { colourFor } from "../../../collab/shared/user-colour";
import {
  annotationsOf,
  readAnnotations,
  readReplies,
  repliesOf,
  type Annotation,
  type AnnotationReply,
} from "../collab-docs/annotations-model";
import type { Reviewer } from "./use-reviewer";

/** A co-reviewer on the same piece (awareness; name and colour are set by the server from the session). */
export interface PeerPresence {
  clientId: number;
  name: string;
  color: string;
  page: number | null;
}

export interface EvidenceAnnotationsSession {
  doc: Y.Doc | null;
  synced: boolean;
  allStored: boolean;
  annotations: Annotation[];
  replies: Map<string, AnnotationReply[]>;
  peers: PeerPresence[];
}

/** The live annotations of one piece (`evidence:<id>:annotations`): see useAnnotationsDocument. */
export function useEvidenceAnnotations(evidenceId: string, reviewer: Reviewer | null, page: number | null): EvidenceAnnotationsSession {
  return useAnnotationsDocument(evidenceAnnotationsDocument(evidenceId), reviewer, page);
}

/**
 * The live annotations of one annotations document (a piece's `evidence:<id>:annotations`, or the
 * description's `answer:<id>:annotations`, same layout): the document, its annotations and
 * replies as plain objects (refreshed on every change, local or remote), whether everything typed is
 * stored, and who else is on the piece and on which page. Opened in an effect, so only in the browser.
 */
export function useAnnotationsDocument(documentName: string, reviewer: Reviewer | null, page: number | null): EvidenceAnnotationsSession {
  const [doc, setDoc] = useState<Y.Doc | null>(null);
  const [provider, setProvider] = useState<WebsocketProvider | null>(null);
  const [synced, setSynced] = useState(false);
  const [allStored, setAllStored] = useState(true);
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [replies, setReplies] = useState<Map<string, AnnotationReply[]>>(new Map());
  const [peers, setPeers] = useState<PeerPresence[]>([]);

  useEffect(() => {
    const ydoc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebsocketProvider(`${scheme}//${window.location.host}/collab`, documentName, ydoc, {
      params: { ...STORED_ACK_PARAMS },
    });
    const stopTracking = trackStoredChanges(ws, setAllStored);
    const refresh = () => {
      setAnnotations(readAnnotations(ydoc));
      setReplies(readReplies(ydoc));
    };
    const refreshPeers = () => {
      const list: PeerPresence[] = [];
      ws.awareness.getStates().forEach((state, clientId) => {
        if (clientId === ydoc.clientID) return;
        const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
        if (!user || typeof user.name !== "string") return;
        const statePage = (state as { page?: unknown }).page;
        list.push({
          clientId,
          name: user.name,
          color: typeof user.color === "string" ? user.color : "#000091",
          page: typeof statePage === "number" ? statePage : null,
        });
      });
      setPeers(list);
    };
    annotationsOf(ydoc).observeDeep(refresh);
    repliesOf(ydoc).observeDeep(refresh);
    ws.awareness.on("change", refreshPeers);
    ws.on("sync", (isSynced: boolean) => setSynced(isSynced));
    setDoc(ydoc);
    setProvider(ws);
    return () => {
      stopTracking();
      annotationsOf(ydoc).unobserveDeep(refresh);
      repliesOf(ydoc).unobserveDeep(refresh);
      ws.awareness.off("change", refreshPeers);
      ws.destroy();
      ydoc.destroy();
      setDoc(null);
      setProvider(null);
      setSynced(false);
      setAnnotations([]);
      setReplies(new Map());
      setPeers([]);
    };
  }, [documentName]);

  // Our own presence: which page we are on (the server replaces `user` with the session's name and colour).
  useEffect(() => {
    if (!provider || !reviewer) return;
    provider.awareness.setLocalState({ user: { name: reviewer.name, color: colourFor(reviewer.id).hex }, page });
  }, [provider, reviewer, page]);

  return { doc, synced, allStored, annotations, replies, peers };
}
