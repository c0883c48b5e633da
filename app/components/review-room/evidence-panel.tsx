import type { SerializeFrom } from "@remix-run/node";
import type { RoomEvidence } from "../../../domain/examination/review-room.view";
import { t } from "../../i18n";
import { Badge } from "../ui/badge";
import { EvidenceAnnotations } from "../collab-docs/evidence-annotations";

export interface EvidencePanelProps {
  evidence: SerializeFrom<RoomEvidence>[];
  dossierId: string;
  indicatorCode: string;
  /** Funder reviewers who may annotate (the viewer's annotations, issue 13 item 3). */
  canAnnotate: boolean;
  /** "Demander un complément" from an annotation: pre-fills the decision's reason. */
  onRequestComplement: (quote: string, page?: number) => void;
}

/** Where a piece of evidence opens: the file (inline) or the link. */
export function evidenceHref(item: SerializeFrom<RoomEvidence>): string {
  return item.kind === "link" ? (item.url ?? "#") : `/fichiers/${item.fileId}?inline=1`;
}

/**
 * The selected indicator's evidence. Component boundary for the evidence viewer (branch
 * evidence-viewer): it renders PDFs and images in place and annotations inside this panel, with the
 * same props. For now: a list with "Ouvrir" links in a new tab.
 */
export function EvidencePanel({ evidence }: EvidencePanelProps) {
  if (evidence.length === 0) return <p className="m-0 text-ink-muted">{t("examination.page.noEvidence")}</p>;
  return (
    <ul className="m-0 flex list-none flex-col gap-2 p-0" data-testid="evidence-list">
      {evidence.map((item) => {
        const label = item.label || item.fileName || item.url || t(`room.evidence.kind.${item.kind}`);
        return (
          <li
            key={item.id}
            className="flex flex-col gap-2 rounded-sm border border-line bg-surface-alt px-3 py-2"
            data-evidence-id={item.id}
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="flex min-w-0 items-center gap-2">
                <Badge>{t(`room.evidence.kind.${item.kind}`)}</Badge>
                <span className="min-w-0 break-words">{label}</span>
              </span>
              <a href={evidenceHref(item)} target="_blank" rel="noopener noreferrer" className="text-sm font-medium">
                {t("room.evidence.open")}
                <span className="sr-only"> {label}</span>
              </a>
            </div>
            {/* Today's annotations (a comment with a page); the evidence viewer replaces them with marks on the document. */}
            {item.kind !== "link" ? <EvidenceAnnotations evidenceId={item.id} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
