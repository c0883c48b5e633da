import { useRevalidator } from "@remix-run/react";
import type { ThreadPanelView } from "../../../domain/threads/thread-view.service";
import { ThreadPanel } from "./thread-panel";
import { ThreadsLiveProvider } from "./threads-live";

/** The OF's indicator page: its thread with funders, live (messages post to the page's own action, with attachments). */
export function OfIndicatorThread({ view, meId }: { view: ThreadPanelView; meId: string }) {
  const revalidator = useRevalidator();
  return (
    <ThreadsLiveProvider dossierId={view.dossierId} userId={meId}>
      <ThreadPanel
        view={view}
        meId={meId}
        postAction={`/organisme/dossier/indicateur/${encodeURIComponent(view.code)}`}
        allowAttachment
        reload={() => revalidator.revalidate()}
        idPrefix="thread"
        bodyId="message-body"
        labelKeys={{ body: "indicatorPage.messageBody", send: "indicatorPage.messageSend" }}
      />
    </ThreadsLiveProvider>
  );
}
