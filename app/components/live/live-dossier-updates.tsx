import { t } from "../../i18n";
import { useDossierPresence } from "./use-dossier-presence";

/**
 * For the OF's dossier pages: joins its own dossier's room (the server checks it is theirs), so the page
 * reloads its data when a funder decides, changes the status or answers a thread. Shows the connection state.
 */
export function LiveDossierUpdates({ dossierId, indicatorCode = null }: { dossierId: string; indicatorCode?: string | null }) {
  const { connected } = useDossierPresence(dossierId, { fixedIndicator: indicatorCode });
  return (
    <p className="live-state" data-state={connected ? "connected" : "reconnecting"} data-testid="live-updates" role="status">
      <span className="live-state__dot" aria-hidden="true" /> {t(connected ? "live.updates.on" : "live.updates.off")}
    </p>
  );
}
