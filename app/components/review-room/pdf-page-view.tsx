import { useEffect, useRef, useState, type ReactNode } from "react";
import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist";
import { loadPdfJs } from "./load-pdfjs";
import { t } from "../../i18n";

export type PdfStatus = { state: "waiting" | "loading" } | { state: "ready"; pageCount: number } | { state: "failed" };

interface Props {
  /** Same-origin URL of the file (/fichiers/<id>?inline=1, access-checked). */
  url: string;
  label: string;
  page: number;
  /** 1 = the page's width fills the viewer. */
  zoom: number;
  onStatus(status: PdfStatus): void;
  /** Drawn over the rendered page, at its size (the annotation layer). */
  children?: ReactNode;
}

/**
 * One page of a PDF drawn with pdf.js on a canvas, fitted to the viewer's width (times `zoom`) and
 * redrawn when the width changes. pdf.js is fetched only once the viewer is near the screen. The
 * document is loaded once per URL; a file pdf.js cannot read reports "failed" (the panel explains).
 */
export function PdfPageView({ url, label, page, zoom, onStatus, children }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [visible, setVisible] = useState(false);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [width, setWidth] = useState(0);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const statusRef = useRef(onStatus);
  statusRef.current = onStatus;

  // Near the screen? (IntersectionObserver; without it, at once.)
  useEffect(() => {
    const element = frame.current;
    if (!element || typeof IntersectionObserver === "undefined") return setVisible(true);
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true), {
      rootMargin: "200px",
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The viewer's width, followed.
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The document.
  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    statusRef.current({ state: "loading" });
    loadPdfJs()
      .then((pdfjs) => {
        if (cancelled) return null;
        const task = pdfjs.getDocument({ url, verbosity: 0 });
        destroy = () => task.destroy();
        return task.promise;
      })
      .then((document) => {
        if (cancelled || !document) return;
        setPdf(document);
        statusRef.current({ state: "ready", pageCount: document.numPages });
      })
      .catch(() => {
        if (!cancelled) statusRef.current({ state: "failed" });
      });
    return () => {
      cancelled = true;
      setPdf(null);
      if (destroy) void destroy().catch(() => undefined);
    };
  }, [url, visible]);

  // The page, drawn at the viewer's width × zoom, sharp on high-density screens.
  useEffect(() => {
    if (!pdf || width === 0 || !canvas.current) return;
    const target = canvas.current;
    let task: RenderTask | null = null;
    let cancelled = false;
    pdf
      .getPage(Math.min(Math.max(1, page), pdf.numPages))
      .then((pdfPage) => {
        if (cancelled) return;
        const natural = pdfPage.getViewport({ scale: 1 });
        const scale = (width * zoom) / natural.width;
        const ratio = window.devicePixelRatio || 1;
        const viewport = pdfPage.getViewport({ scale: scale * ratio });
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        setSize({ width: Math.floor(natural.width * scale), height: Math.floor(natural.height * scale) });
        task = pdfPage.render({ canvas: target, viewport });
        return task.promise;
      })
      .catch((error: unknown) => {
        if ((error as { name?: string } | null)?.name === "RenderingCancelledException") return;
        if (!cancelled) statusRef.current({ state: "failed" });
      });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, page, width, zoom]);

  return (
    <div ref={frame} className="w-full overflow-auto rounded-md border border-border bg-surface-sunken" data-testid="pdf-frame">
      <div
        className="relative mx-auto bg-white"
        style={size ? { width: `${size.width}px`, height: `${size.height}px` } : { minHeight: "12rem" }}
        data-testid="pdf-page"
        data-page={page}
        data-rendered={size ? "true" : "false"}
      >
        <canvas ref={canvas} className="block h-full w-full" role="img" aria-label={t("evidenceViewer.page.canvas", { page, label })} />
        {size ? children : null}
      </div>
    </div>
  );
}
