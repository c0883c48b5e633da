import type { DossierStatus } from "../../../domain/dossiers/status-machine";
import { STATUS_LABEL_KEYS } from "../../../domain/dossiers/status-machine";
import { t } from "../../i18n";
import { Badge, type Tone } from "../ui/badge";

/** The tone of each status badge (the words carry the meaning; the tone helps). */
const TONE: Record<DossierStatus, Tone> = {
  brouillon: "neutral",
  soumis: "info",
  en_examen: "info",
  a_completer: "warning",
  datadocke: "success",
  non_conforme: "error",
  dereference: "error",
};

/** A dossier status, as a coloured badge with its French label. */
export function StatusBadge({ status }: { status: DossierStatus }) {
  return (
    <span data-status={status}>
      <Badge tone={TONE[status]} className="whitespace-nowrap">
        {t(STATUS_LABEL_KEYS[status])}
      </Badge>
    </span>
  );
}
