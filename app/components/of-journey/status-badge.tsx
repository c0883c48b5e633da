import type { DossierStatus } from "../../../domain/dossiers/status-machine";
import { STATUS_LABEL_KEYS } from "../../../domain/dossiers/status-machine";
import { t } from "../../i18n";

const TONE: Record<DossierStatus, string> = {
  brouillon: "",
  soumis: "badge--info",
  en_examen: "badge--info",
  a_completer: "badge--warning",
  datadocke: "badge--success",
  non_conforme: "badge--error",
  dereference: "badge--error",
};

export function StatusBadge({ status }: { status: DossierStatus }) {
  return (
    <span className={`badge ${TONE[status]}`} data-status={status}>
      {t(STATUS_LABEL_KEYS[status])}
    </span>
  );
}

export function formatDate(iso: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return date.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "short" });
}
