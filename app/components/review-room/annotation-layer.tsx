import { useRef, useState, type PointerEvent } from "react";
import type { AnnotationRegion } from "../../../domain/collab/evidence-annotation.schema";
import { colourFor } from "../../../collab/shared/user-colour";
import type { Annotation } from "../collab-docs/annotations-model";
import { t } from "../../i18n";
import { cx } from "../ui/class-names";

interface Props {
  page: number;
  /** Annotations with a region on this page. */
  annotations: Annotation[];
  draft: AnnotationRegion | null;
  selectedId: string | null;
  /** Whether the reviewer may draw (canAnnotate and the annotations are connected). */
  canDraw: boolean;
  /** Touch pointers draw only in "select a region" mode, so a finger still scrolls the page. */
  touchDraws: boolean;
  onDraw(region: AnnotationRegion): void;
  onSelect(id: string): void;
}

/** Below this size (relative to the page) a drag is a click, not a region. */
const MIN_SIZE = 0.01;

const clamp = (value: number) => Math.min(1, Math.max(0, value));
// CSS lengths, not text for people: a percentage rounded to three decimals.
const percent = (value: number) => `${Math.round(value * 100_000) / 1000}%`;

/**
 * The layer over one page (PDF page or image): every annotation's region in its author's colour with
 * the author's name, the region being drawn, and the pointer drag that draws a new one. Coordinates
 * are relative to the page (0–1), so a region stays in place at every zoom and screen width.
 */
export function AnnotationLayer({ page, annotations, draft, selectedId, canDraw, touchDraws, onDraw, onSelect }: Props) {
  const layer = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number; pointerId: number } | null>(null);

  const at = (event: PointerEvent) => {
    const box = layer.current?.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return { x: 0, y: 0 };
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!canDraw || event.button !== 0 || event.target !== event.currentTarget) return;
    if (event.pointerType === "touch" && !touchDraws) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const { x, y } = at(event);
    setDrag({ x0: x, y0: y, x1: x, y1: y, pointerId: event.pointerId });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag || drag.pointerId !== event.pointerId) return;
    const { x, y } = at(event);
    setDrag({ ...drag, x1: x, y1: y });
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag || drag.pointerId !== event.pointerId) return;
    const { x, y } = at(event);
    setDrag(null);
    const region = { page, x: Math.min(drag.x0, x), y: Math.min(drag.y0, y), w: Math.abs(x - drag.x0), h: Math.abs(y - drag.y0) };
    if (region.w >= MIN_SIZE && region.h >= MIN_SIZE) onDraw(region);
  };

  const drawing = drag
    ? { x: Math.min(drag.x0, drag.x1), y: Math.min(drag.y0, drag.y1), w: Math.abs(drag.x1 - drag.x0), h: Math.abs(drag.y1 - drag.y0) }
    : null;
  const shownDraft = drawing ?? (draft && draft.page === page ? draft : null);

  return (
    <div
      ref={layer}
      data-testid="annotation-layer"
      className={cx("absolute inset-0 select-none", canDraw && "cursor-crosshair", canDraw && touchDraws ? "touch-none" : "touch-pan-y")}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
    >
      {annotations.map((annotation) => {
        const region = annotation.region;
        if (!region) return null;
        const colour = colourFor(annotation.authorId).hex;
        const selected = annotation.id === selectedId;
        return (
          <button
            key={annotation.id}
            type="button"
            data-testid="annotation-highlight"
            data-annotation-id={annotation.id}
            aria-pressed={selected}
            onClick={() => onSelect(annotation.id)}
            className="absolute block cursor-pointer rounded-sm border-2 p-0 text-left"
            style={{
              left: percent(region.x),
              top: percent(region.y),
              width: percent(region.w),
              height: percent(region.h),
              borderColor: colour,
              backgroundColor: `${colour}${selected ? "40" : "1f"}`,
              outline: selected ? `2px solid ${colour}` : undefined,
              outlineOffset: selected ? "2px" : undefined,
            }}
          >
            <span
              // Above the region, or inside it when the region starts at the top of the page (not clipped).
              className={cx(
                "absolute left-0 top-0 max-w-full truncate px-1 text-xs font-bold leading-5 text-white",
                region.y < 0.04 ? "rounded-br-sm" : "-translate-y-full rounded-t-sm",
              )}
              style={{ backgroundColor: colour }}
            >
              <span className="sr-only">{t("evidenceViewer.annotations.highlightOf")} </span>
              {annotation.authorName}
            </span>
          </button>
        );
      })}
      {shownDraft ? (
        <div
          data-testid="annotation-draft"
          aria-hidden="true"
          className="pointer-events-none absolute rounded-sm border-2 border-dashed border-primary bg-primary/10"
          style={{ left: percent(shownDraft.x), top: percent(shownDraft.y), width: percent(shownDraft.w), height: percent(shownDraft.h) }}
        />
      ) : null}
    </div>
  );
}
