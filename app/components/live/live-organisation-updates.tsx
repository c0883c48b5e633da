import type { DossierChangeEvent } from "../../../collab/shared/events";
import { t } from "../../i18n";
import { useLiveSocket } from "./use-live-socket";
import { useLiveRevalidation } from "./use-live-revalidation";

/**
 * For an OF's space seen by funders: joins the organisation's room (authorised on the server) and
 * reloads the page's data when any of its dossiers changes.
 */
export function LiveOrganisationUpdates({ organisationId }: { organisationId: string }) {
  const revalidate = useLiveRevalidation();
  const id = organisationId.toLowerCase();
  const { connected } = useLiveSocket((socket) => {
    socket.emit("organisation:join", organisationId, () => {});
    const onChange = (event: DossierChangeEvent) => {
      if (event.organisationId === id) revalidate();
    };
    socket.on("dossier:changed", onChange);
    return () => void socket.off("dossier:changed", onChange);
  });
  return (
    <p className="live-state" data-state={connected ? "connected" : "reconnecting"} data-testid="live-updates" role="status">
      <span className="live-state__dot" aria-hidden="true" /> {t(connected ? "live.updates.on" : "live.updates.off")}
    </p>
  );
}
