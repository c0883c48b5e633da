// Copies pdf.js's worker into the served files (public/pdfjs/, gitignored) under a name carrying the
// pdfjs-dist version, so a cached worker never meets another version's library. The evidence viewer
// (app/components/review-room/pdf-document.client.ts) points GlobalWorkerOptions.workerSrc at it:
// same origin, so the CSP's script-src 'self' allows the module worker.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function pdfWorkerTarget() {
  const { version } = JSON.parse(readFileSync(join(ROOT, "node_modules/pdfjs-dist/package.json"), "utf8"));
  return join(ROOT, "public/pdfjs", `pdf.worker-${version}.min.mjs`);
}

/** Copies the worker when it is missing; removes other versions' workers. */
export function copyPdfWorker() {
  const target = pdfWorkerTarget();
  if (existsSync(target)) return target;
  mkdirSync(dirname(target), { recursive: true });
  for (const old of readdirSync(dirname(target))) rmSync(join(dirname(target), old));
  copyFileSync(join(ROOT, "node_modules/pdfjs-dist/build/pdf.worker.min.mjs"), target);
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`pdf.js worker: ${copyPdfWorker()}`);
