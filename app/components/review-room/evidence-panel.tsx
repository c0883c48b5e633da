import { useEffect, useId, useState } from "react";
import type { RoomEvidence } from "../../../domain/examination/review-room.view";
import type { AnnotationRegion } from "../../../domain/collab/evidence-annotation.schema";
import { formatNumber } from "../../../domain/i18n/format";
import type { MessageKey } from "../../../domain/i18n/fr";
import type { Annotation } from "../collab-docs/annotations-model";
import { t } from "../../i18n";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cx } from "../ui/class-names";
import { AnnotationLayer } from "./annotation-layer";
import { AnnotationList } from "./annotation-list";
import { readOpenEvidence, readPlace, writeOpenEvidence, writePlace, type EvidencePlace } from "./evidence-place";
import { PdfPageView, type PdfStatus } from "./pdf-page-view";
import { useEvidenceAnnotations } from "./use-evidence-annotations";
import { useReviewer } from "./use-reviewer";

export interface EvidencePanelProps {
  evidence: RoomEvidence[];
  dossierId: string;
  indicatorCode: string;
  /** Funder reviewers who may annotate (the room decides; the collaboration server enforces). */
  canAnnotate: boolean;
  /** "Demander un complément" on an annotation: the quoted passage and its page, for the reason. */
  onRequestComplement(quote: string, page?: number): void;
}

/**
 * The evidence of one indicator in the review room (issue 13, items 2–4): a list of the pieces and
 * the open one shown in the page — a PDF page by page (pdf.js, loaded only then), an image inline, a
 * link to open in a new tab, any other file explained and offered for download — with the live
 * annotations drawn on it (`evidence:<id>:annotations`). Funder side only: the route never mounts it
 * for an OF, and the collaboration server refuses OFs the annotations document.
 *
 * Each reviewer keeps their place (open piece per indicator, page and zoom per piece) in sessionStorage.
 */
export function EvidencePanel({ evidence, dossierId, indicatorCode, canAnnotate, onRequestComplement }: EvidencePanelProps) {
  const headingId = useId();
  const [openId, setOpenId] = useState<string | null>(evidence[0]?.id ?? null);
  // After hydration: the remembered piece (the server renders the first one).
  useEffect(() => {
    const remembered = readOpenEvidence(dossierId, indicatorCode);
    setOpenId(remembered && evidence.some((e) => e.id === remembered) ? remembered : (evidence[0]?.id ?? null));
  }, [dossierId, indicatorCode, evidence]);
  const open = evidence.find((e) => e.id === openId) ?? null;

  const choose = (id: string) => {
    setOpenId(id);
    writeOpenEvidence(dossierId, indicatorCode, id);
  };

  return (
    <section aria-labelledby={headingId} className="@container" data-testid="evidence-panel">
      <h3 id={headingId} className="mb-1 mt-0 text-lg">
        {t("evidenceViewer.title")}
      </h3>
      {evidence.length === 0 ? (
        <p className="text-ink-muted">{t("evidenceViewer.empty")}</p>
      ) : (
        <>
          <p className="mb-3 mt-0 text-sm text-ink-muted">{t("evidenceViewer.lead")}</p>
          {evidence.length > 1 ? (
            <ul className="m-0 mb-3 flex list-none flex-wrap gap-2 p-0" aria-label={t("evidenceViewer.list")}>
              {evidence.map((piece) => (
                <li key={piece.id}>
                  <button
                    type="button"
                    aria-pressed={piece.id === openId}
                    onClick={() => choose(piece.id)}
                    className={cx(
                      "flex min-h-10 max-w-full items-center gap-2 rounded-md border px-3 py-1 text-left text-sm",
                      piece.id === openId ? "border-primary bg-primary-soft font-bold text-primary" : "border-border bg-white text-ink",
                    )}
                  >
                    <Badge tone={piece.id === openId ? "primary" : "neutral"}>{t(`evidenceViewer.kind.${piece.kind}`)}</Badge>
                    <span className="min-w-0 break-words">{piece.label || piece.fileName || piece.url}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {open ? (
            <EvidenceViewer
              key={open.id}
              piece={open}
              canAnnotate={canAnnotate}
              onRequestComplement={(annotation) => {
                const label = open.label || open.fileName || "";
                const quote =
                  open.kind === "pdf" && annotation.page
                    ? t("evidenceViewer.complement.withPage", { label, page: annotation.page, comment: annotation.body })
                    : t("evidenceViewer.complement.noPage", { label, comment: annotation.body });
                onRequestComplement(quote, open.kind === "pdf" ? (annotation.page ?? undefined) : undefined);
              }}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

const fileUrl = (fileId: string, inline: boolean) => `/fichiers/${encodeURIComponent(fileId)}${inline ? "?inline=1" : ""}`;

function DownloadLink({ piece }: { piece: RoomEvidence }) {
  if (!piece.fileId) return null;
  const name = piece.fileName || piece.label;
  return (
    <p className="m-0">
      <a href={fileUrl(piece.fileId, false)} download className="font-bold" data-testid="evidence-download">
        {t("evidenceViewer.download", { name })}
      </a>
      {piece.sizeBytes !== null ? (
        <span className="text-ink-muted">
          {" "}
          · {t("evidenceViewer.size", { size: formatNumber(Math.max(1, piece.sizeBytes / 1024), 0) })}
        </span>
      ) : null}
    </p>
  );
}

/** One piece, shown according to its kind. */
function EvidenceViewer({
  piece,
  canAnnotate,
  onRequestComplement,
}: {
  piece: RoomEvidence;
  canAnnotate: boolean;
  onRequestComplement(annotation: Annotation): void;
}) {
  if (piece.kind === "link" && piece.url) {
    return (
      <div className="rounded-md border border-border bg-surface-alt p-4" data-testid="evidence-link">
        <p className="mb-1 mt-0">{t("evidenceViewer.link.body")}</p>
        <p className="mb-2 mt-0 break-all font-mono text-sm">{piece.url}</p>
        <a href={piece.url} target="_blank" rel="noopener noreferrer" className="font-bold">
          {t("evidenceViewer.link.open", { label: piece.label || piece.url })} {t("evidenceViewer.link.newTab")}
        </a>
      </div>
    );
  }
  if ((piece.kind === "pdf" || piece.kind === "image") && piece.fileId) {
    return <AnnotatedDocument piece={piece} fileId={piece.fileId} canAnnotate={canAnnotate} onRequestComplement={onRequestComplement} />;
  }
  return (
    <Alert tone="info" title={t("evidenceViewer.fileNotShown.title")} announce={false}>
      <p>{t("evidenceViewer.fileNotShown.body")}</p>
      <DownloadLink piece={piece} />
    </Alert>
  );
}

/** A PDF or an image with its annotation layer, page controls and the annotations beside it. */
function AnnotatedDocument({
  piece,
  fileId,
  canAnnotate,
  onRequestComplement,
}: {
  piece: RoomEvidence;
  fileId: string;
  canAnnotate: boolean;
  onRequestComplement(annotation: Annotation): void;
}) {
  const paged = piece.kind === "pdf";
  const reviewer = useReviewer();
  const [place, setPlace] = useState<EvidencePlace>({ page: 1, zoom: 1 });
  const [status, setStatus] = useState<PdfStatus>({ state: "waiting" });
  const [imageFailed, setImageFailed] = useState(false);
  const [draft, setDraft] = useState<AnnotationRegion | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [touchDraws, setTouchDraws] = useState(false);
  const pageInputId = useId();
  useEffect(() => setPlace(readPlace(piece.id)), [piece.id]);

  const pageCount = status.state === "ready" ? status.pageCount : null;
  const page = pageCount ? Math.min(place.page, pageCount) : place.page;
  const live = useEvidenceAnnotations(piece.id, reviewer, paged ? page : 1);
  const canDraw = canAnnotate && reviewer !== null && live.synced;

  const move = (next: Partial<EvidencePlace>) => {
    const updated = { ...place, ...next };
    setPlace(updated);
    writePlace(piece.id, updated);
  };
  const goTo = (target: number) => {
    if (!Number.isInteger(target)) return;
    move({ page: Math.min(Math.max(1, target), pageCount ?? target) });
  };

  const failed = paged ? status.state === "failed" : imageFailed;
  if (failed) {
    const kind = paged ? "pdfFailed" : "imageFailed";
    return (
      <div data-testid="evidence-failed">
        <Alert tone="error" title={t(`evidenceViewer.${kind}.title` as MessageKey)}>
          <p>{t(`evidenceViewer.${kind}.body` as MessageKey)}</p>
          <DownloadLink piece={piece} />
        </Alert>
      </div>
    );
  }

  const onThisPage = live.annotations.filter((a) => a.region && (!paged || a.region.page === page));
  const layer = (
    <AnnotationLayer
      page={paged ? page : 1}
      annotations={onThisPage}
      draft={draft}
      selectedId={selectedId}
      canDraw={canDraw}
      touchDraws={touchDraws}
      onDraw={setDraft}
      onSelect={setSelectedId}
    />
  );
  const peersHere = live.peers;

  return (
    <div className="grid gap-4 @3xl:grid-cols-[minmax(0,1fr)_18rem]" data-testid="evidence-document" data-evidence-id={piece.id}>
      <div className="flex min-w-0 flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          {paged ? (
            <>
              <Button variant="secondary" size="sm" onClick={() => goTo(page - 1)} disabled={page <= 1}>
                {t("evidenceViewer.page.previous")}
              </Button>
              <span className="flex items-center gap-1 text-sm">
                <label htmlFor={pageInputId}>{t("evidenceViewer.page.number")}</label>
                <input
                  id={pageInputId}
                  key={page}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={pageCount ?? undefined}
                  defaultValue={page}
                  className="w-16 rounded-sm border border-border px-2 py-1"
                  onKeyDown={(event) => event.key === "Enter" && goTo(Number(event.currentTarget.value))}
                  onBlur={(event) => goTo(Number(event.currentTarget.value))}
                  data-testid="page-input"
                />
                {pageCount ? <span>{t("evidenceViewer.page.of", { count: pageCount })}</span> : null}
              </span>
              <Button variant="secondary" size="sm" onClick={() => goTo(page + 1)} disabled={pageCount === null || page >= pageCount}>
                {t("evidenceViewer.page.next")}
              </Button>
              <span className="flex items-center gap-1">
                <Button
                  variant="tertiary"
                  size="sm"
                  onClick={() => move({ zoom: Math.max(0.5, place.zoom - 0.25) })}
                  disabled={place.zoom <= 0.5}
                >
                  {t("evidenceViewer.zoom.out")}
                </Button>
                <Button variant="tertiary" size="sm" onClick={() => move({ zoom: 1 })} aria-pressed={place.zoom === 1}>
                  {t("evidenceViewer.zoom.fit")}
                </Button>
                <Button
                  variant="tertiary"
                  size="sm"
                  onClick={() => move({ zoom: Math.min(3, place.zoom + 0.25) })}
                  disabled={place.zoom >= 3}
                >
                  {t("evidenceViewer.zoom.in")}
                </Button>
              </span>
            </>
          ) : null}
        </div>
        {canDraw ? (
          <div className="flex flex-wrap items-center gap-2">
            <Button size="sm" onClick={() => setDraft({ page: paged ? page : 1, x: 0, y: 0, w: 1, h: 1 })}>
              {paged ? t("evidenceViewer.draw.wholePage") : t("evidenceViewer.draw.wholeImage")}
            </Button>
            <Button
              variant="secondary"
              size="sm"
              aria-pressed={touchDraws}
              onClick={() => setTouchDraws(!touchDraws)}
              className="@3xl:hidden"
            >
              {t("evidenceViewer.draw.toggle")}
            </Button>
            <span className="text-sm text-ink-muted">{t("evidenceViewer.draw.hint")}</span>
          </div>
        ) : null}
        {paged ? (
          <>
            <PdfPageView url={fileUrl(fileId, true)} label={piece.label} page={page} zoom={place.zoom} onStatus={setStatus}>
              {layer}
            </PdfPageView>
            <p className="m-0 text-sm text-ink-muted" aria-live="polite">
              {status.state === "ready" ? t("evidenceViewer.page.status", { page, count: status.pageCount }) : t("evidenceViewer.loading")}
            </p>
          </>
        ) : (
          <div className="rounded-md border border-border bg-surface-sunken p-2">
            <div className="relative mx-auto w-fit max-w-full">
              <img
                src={fileUrl(fileId, true)}
                alt={piece.label}
                className="block h-auto max-w-full"
                onError={() => setImageFailed(true)}
                data-testid="evidence-image"
              />
              {layer}
            </div>
          </div>
        )}
        <DownloadLink piece={piece} />
      </div>
      <div className="flex min-w-0 flex-col gap-2" data-testid="annotations-column">
        <h4 className="m-0 text-base">{t("evidenceViewer.annotations.title")}</h4>
        {peersHere.length > 0 ? (
          <p className="m-0 flex flex-wrap items-center gap-2 text-sm" data-testid="evidence-presence">
            <span className="text-ink-muted">{t("evidenceViewer.presence.here")}</span>
            {peersHere.map((peer) => (
              <span
                key={peer.clientId}
                className="inline-flex items-center gap-1 rounded-full border px-2"
                style={{ borderColor: peer.color }}
              >
                <span aria-hidden="true" className="inline-block size-2 rounded-full" style={{ backgroundColor: peer.color }} />
                {paged && peer.page ? t("evidenceViewer.presence.onPage", { name: peer.name, page: peer.page }) : peer.name}
              </span>
            ))}
          </p>
        ) : null}
        {!live.synced || !live.doc ? (
          <p className="m-0 text-sm text-ink-muted">{t("evidenceViewer.annotations.connecting")}</p>
        ) : (
          <>
            {!canAnnotate ? <p className="m-0 text-sm text-ink-muted">{t("evidenceViewer.annotations.readOnly")}</p> : null}
            <AnnotationList
              doc={live.doc}
              reviewer={reviewer}
              canAnnotate={canDraw}
              paged={paged}
              page={page}
              annotations={live.annotations}
              replies={live.replies}
              draft={draft}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onGoToPage={goTo}
              onDraftDone={() => setDraft(null)}
              onRequestComplement={onRequestComplement}
            />
            {canDraw && !live.allStored ? <p className="m-0 text-sm text-ink-muted">{t("evidenceViewer.annotations.saving")}</p> : null}
          </>
        )}
      </div>
    </div>
  );
}
