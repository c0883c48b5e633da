import type { DossierStatus } from "../../../domain/dossiers/status-machine";
import { STATUS_LABEL_KEYS } from "../../../domain/dossiers/status-machine";
import { t } from "../../i18n";

/** The colour of each status badge. */
const TONE: Record<DossierStatus, string> = {
  brouillon: "",
  soumis: "badge--info",
  en_examen: "badge--info",
  a_completer: "badge--warning",
  datadocke: "badge--success",
  non_conforme: "badge--error",
  dereference: "badge--error",
};

/** A dossier status, as a coloured badge with its French label. */
export function StatusBadge({ status }: { status: DossierStatus }) {
  return (
    <span className={`badge ${TONE[status]}`} data-status={status}>
      {t(STATUS_LABEL_KEYS[status])}
    </span>
  );
}
