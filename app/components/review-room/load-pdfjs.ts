/**
 * pdf.js, loaded on first use only: `import("pdfjs-dist")` becomes a chunk of its own (~460 KB) that
 * the page fetches when a PDF is about to be shown, never on first load. Its worker is served from
 * public/pdfjs/ (copied there at build, scripts/copy-pdf-worker.mjs) under the library's version.
 */
type PdfJs = typeof import("pdfjs-dist");

let loading: Promise<PdfJs> | null = null;

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= import("pdfjs-dist").then(
    (pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = `/pdfjs/pdf.worker-${pdfjs.version}.min.mjs`;
      return pdfjs;
    },
    (error: unknown) => {
      loading = null; // a failed chunk load (offline) may be retried
      throw error;
    },
  );
  return loading;
}
