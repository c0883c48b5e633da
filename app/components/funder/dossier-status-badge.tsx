import { STATUS_LABEL_KEYS, type DossierStatus } from "../../../domain/dossiers/status-machine";
import { t } from "../../i18n";
import { Badge, type Tone } from "../ui/badge";

const TONE: Record<DossierStatus, Tone> = {
  brouillon: "neutral",
  soumis: "info",
  en_examen: "primary",
  a_completer: "warning",
  datadocke: "success",
  non_conforme: "error",
  dereference: "neutral",
};

/** A dossier's status as a badge on the funders' pages (the words carry the meaning; the tone helps). */
export function DossierStatusBadge({ status }: { status: DossierStatus }) {
  return (
    <Badge tone={TONE[status]} className="whitespace-nowrap">
      {t(STATUS_LABEL_KEYS[status])}
    </Badge>
  );
}
