import { useEffect, useState } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { t } from "../../i18n";
import { EvidenceAnnotationsEditor } from "./evidence-annotations.client";

/** What the examination page's loader gives the annotations (the viewer and whether they may write). */
interface ExaminationData {
  me: { id: string; name: string };
  notesEditable: boolean;
}

/**
 * Annotations beside an evidence file on the examination page. The live document is opened only
 * when the reviewer unfolds the panel (one socket per file shown, not per file listed).
 */
export function EvidenceAnnotations({ evidenceId }: { evidenceId: string }) {
  const data = useRouteLoaderData("routes/financeur.examens.$dossierId") as ExaminationData | undefined;
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!data) return null;
  return (
    <details className="annotations-panel" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t("collabDocs.annotations.title")}</summary>
      {open && mounted ? <EvidenceAnnotationsEditor evidenceId={evidenceId} user={data.me} editable={data.notesEditable} /> : null}
    </details>
  );
}
