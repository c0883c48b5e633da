import { Readable } from "node:stream";
import type { Executor } from "../../db/executor";
import { notFound } from "../errors";
import { sanitizeRichText } from "../dossiers/rich-text";
import { STATUS_LABEL_KEYS } from "../dossiers/status-machine";
import { findRoomDossier, listRoomIndicators } from "../examination/review-room.queries";
import { sanitizeFileName } from "../files/file-name";
import { storeHolding, type FileStore, type FileStoreKind } from "../files/file-store";
import { createPostgresFileStore } from "../files/postgres-file-store";
import { formatDate, formatDateTime } from "../i18n/format";
import { t } from "../i18n/translate";
import type { Actor } from "../permissions/actor";
import { canExportDossier } from "../permissions/policy";
import {
  listExportCorrectiveActions,
  listExportDecisionHistory,
  listExportEvidence,
  listExportMessages,
  listExportThreads,
} from "./dossier-export.queries";

/**
 * A whole dossier as one ZIP for the funders and the coordination (issue 15.5, decision record 046):
 * `dossier.html`, readable in any browser without Datadock (the indicators' wording, the OF's
 * sanitized answers, the evidence linked to its files, decisions and reasons, corrective actions,
 * the decision history and every thread), the evidence files under `preuves/`, the threads'
 * attachments under `echanges/`, and a `LISEZ-MOI.txt`.
 *
 * Same approach as the OF's own-data ZIP (organisation-export.service.ts): the small parts are read
 * first, the files are streamed one after the other from their store into the archive, itself
 * streamed to the client as it is written: never held whole in memory or on disk.
 */
export interface DossierExport {
  fileName: string;
  stream: Readable;
}

interface StoredFile {
  fileId: string | null;
  store: FileStoreKind | null;
  storage_key: string | null;
  file_name: string | null;
  content_type: string | null;
  fileCreatedAt: Date | null;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (text: string | null | undefined) => (text ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, "<br>")}</p>`)
    .join("");

export async function exportDossier(
  db: Executor,
  files: FileStore,
  actor: Actor,
  dossierId: string,
  now = new Date(),
): Promise<DossierExport> {
  const dossier = await findRoomDossier(db, dossierId);
  // A dossier the actor may not export is "not found", as at every other door (decision 021).
  if (!dossier || !canExportDossier(actor, { organisationId: dossier.organisationId, status: dossier.status })) throw notFound();
  const [indicators, referentiel, evidence, actions, history, threads, messages] = await Promise.all([
    listRoomIndicators(db, dossierId, dossier.referentiel_version_id),
    db
      .selectFrom("referentiel_versions")
      .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
      .select(["referentiels.name", "referentiel_versions.version"])
      .where("referentiel_versions.id", "=", dossier.referentiel_version_id)
      .executeTakeFirstOrThrow(),
    listExportEvidence(db, dossierId),
    listExportCorrectiveActions(db, dossierId),
    listExportDecisionHistory(db, dossierId),
    listExportThreads(db, dossierId),
    listExportMessages(db, dossierId),
  ]);
  const codeOf = new Map(indicators.map((i) => [i.id, i.code]));

  // Where each file goes in the archive; the HTML links to it by that relative path.
  const entries: Array<{ file: StoredFile; path: string }> = [];
  const pathFor = (file: StoredFile, folder: string) => {
    if (!file.fileId || !file.file_name) return null;
    const path = `${folder}/${file.fileId.slice(0, 8)}-${sanitizeFileName(file.file_name)}`;
    if (!entries.some((e) => e.path === path)) entries.push({ file, path });
    return path;
  };
  const evidencePaths = new Map(
    evidence.map((e) => [e.id, pathFor(e, `preuves/${sanitizeFileName(codeOf.get(e.indicator_id) ?? "autres")}`)]),
  );
  const messagePaths = new Map(messages.map((m) => [m.id, pathFor(m, "echanges")]));

  const postgres = createPostgresFileStore(db);
  const unavailable = new Set<string>();
  const readers = entries.map(({ file, path }) => {
    const store = storeHolding({ store: file.store! }, files, () => postgres);
    if (!store) unavailable.add(path);
    return { file, path, store };
  });

  const html = dossierHtml({
    dossier,
    referentiel: `${referentiel.name} (v${referentiel.version})`,
    now,
    indicators: indicators.map((i) => ({
      ...i,
      evidence: evidence
        .filter((e) => e.indicator_id === i.id)
        .map((e) => ({ ...e, path: evidencePaths.get(e.id) ?? null, unavailable: unavailable.has(evidencePaths.get(e.id) ?? "") })),
      actions: actions.filter((a) => a.indicator_id === i.id),
      history: history.filter((h) => h.indicator_id === i.id),
    })),
    threads: threads.map((th) => ({
      ...th,
      messages: messages
        .filter((m) => m.thread_id === th.id)
        .map((m) => ({ ...m, path: messagePaths.get(m.id) ?? null, unavailable: unavailable.has(messagePaths.get(m.id) ?? "") })),
    })),
  });

  const { ZipArchive } = await import("archiver"); // loaded on first export (decision record 050)
  const archive = new ZipArchive({ zlib: { level: 6 } });
  archive.append(html, { name: "dossier.html", date: now });
  for (const { file, path, store } of readers) {
    if (!store) continue;
    const ref = { id: file.fileId!, storage_key: file.storage_key! };
    // Lazily read: the store is asked for the bytes only when the archive reaches this entry.
    archive.append(Readable.from(store.read(ref)), {
      name: path,
      date: file.fileCreatedAt ? new Date(file.fileCreatedAt) : now,
      store: isCompressed(file.content_type ?? ""),
    });
  }
  archive.append(readme(dossier.organisationName, now, [...unavailable]), { name: "LISEZ-MOI.txt", date: now });
  void archive.finalize().catch((err: unknown) => archive.destroy(err instanceof Error ? err : new Error(String(err))));
  const day = now.toISOString().slice(0, 10);
  return { fileName: sanitizeFileName(`dossier-${dossier.siret ?? dossier.organisationId}-${day}.zip`), stream: archive };
}

/** PDFs, images and office files are compressed already: stored as they are (cheaper, same size). */
function isCompressed(contentType: string): boolean {
  return /^(image\/(png|jpeg)|application\/(pdf|zip|vnd\.openxmlformats))/.test(contentType);
}

function readme(name: string, now: Date, unavailable: string[]): string {
  const lines = [t("dossierExport.readme", { organisation: name, date: now.toISOString() })];
  if (unavailable.length > 0) lines.push("", t("dossierExport.readmeUnavailable"), ...unavailable.map((p) => `- ${p}`));
  return `${lines.join("\n")}\n`;
}

type Row<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>> extends Array<infer R> ? R : never;
type Linked = { path: string | null; unavailable: boolean };

interface HtmlInput {
  dossier: NonNullable<Awaited<ReturnType<typeof findRoomDossier>>>;
  referentiel: string;
  now: Date;
  indicators: Array<
    Row<typeof listRoomIndicators> & {
      evidence: Array<Row<typeof listExportEvidence> & Linked>;
      actions: Row<typeof listExportCorrectiveActions>[];
      history: Row<typeof listExportDecisionHistory>[];
    }
  >;
  threads: Array<Row<typeof listExportThreads> & { messages: Array<Row<typeof listExportMessages> & Linked> }>;
}

const fileLink = (path: string | null, unavailable: boolean, name: string) =>
  !path || unavailable ? esc(t("dossierExport.fileUnavailable", { name })) : `<a href="${esc(encodeURI(path))}">${esc(name)}</a>`;

/** The readable dossier: a standalone page (inline style, no script, no remote resource). */
function dossierHtml({ dossier, referentiel, now, indicators, threads }: HtmlInput): string {
  const title = t("dossierExport.title", { organisation: dossier.organisationName, referentiel });
  const out: string[] = [
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(title)}</title>`,
    `<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}section{border-top:1px solid #ccc;margin-top:1.5rem}.meta{color:#555}.decision{font-weight:bold}blockquote{margin:0;padding-left:1rem;border-left:3px solid #ccc}</style>`,
    `</head><body><h1>${esc(title)}</h1>`,
    `<p class="meta">${esc(t("dossierExport.generated", { date: formatDateTime(now) }))}<br>`,
    `${esc(t("dossierExport.status", { status: t(STATUS_LABEL_KEYS[dossier.status]) }))}`,
    dossier.siret ? `<br>${esc(t("dossierExport.siret", { siret: dossier.siret }))}` : "",
    dossier.submitted_at ? `<br>${esc(t("dossierExport.submittedAt", { date: formatDate(dossier.submitted_at) }))}` : "",
    `</p>`,
  ];
  let criterion: string | null = null;
  for (const i of indicators) {
    if (i.criterionId !== criterion) {
      criterion = i.criterionId;
      out.push(`<h2>${esc(t("dossierExport.criterion", { number: i.criterionNumber, title: i.criterionTitle }))}</h2>`);
    }
    out.push(`<section id="indicateur-${esc(i.code)}"><h3>${esc(i.code)} — ${esc(i.title)}</h3>`);
    out.push(`<h4>${esc(t("dossierExport.answer"))}</h4>`);
    if (i.not_applicable) out.push(`<p>${esc(t("dossierExport.notApplicable", { reason: i.not_applicable_reason ?? "" }))}</p>`);
    else if (i.description) out.push(`<blockquote>${sanitizeRichText(i.description)}</blockquote>`);
    else out.push(`<p>${esc(t("dossierExport.noAnswer"))}</p>`);
    out.push(`<h4>${esc(t("dossierExport.evidence"))}</h4>`);
    if (i.evidence.length === 0) out.push(`<p>${esc(t("dossierExport.noEvidence"))}</p>`);
    else {
      out.push("<ul>");
      for (const e of i.evidence) {
        const name = e.label || e.file_name || e.url || "";
        out.push(
          e.kind === "link"
            ? `<li><a href="${esc(e.url)}" rel="noreferrer">${esc(name)}</a> (${esc(e.url)})</li>`
            : `<li>${fileLink(e.path, e.unavailable, name)}</li>`,
        );
      }
      out.push("</ul>");
    }
    const decision = t(i.decision ? `examination.decision.${i.decision}` : "examination.decision.none");
    out.push(`<p class="decision">${esc(t("dossierExport.decision", { decision }))}</p>`);
    if (i.reason) out.push(`<p>${esc(t("dossierExport.reason", { reason: i.reason }))}</p>`);
    if (i.actions.length > 0) {
      out.push(`<h4>${esc(t("dossierExport.correctiveActions"))}</h4><ul>`);
      for (const a of i.actions) {
        const line = t("dossierExport.correctiveAction", {
          what: a.what,
          who: a.who,
          due: formatDate(a.due_on),
          status: t(`corrective.status.${a.status}`),
        });
        out.push(`<li>${esc(line)}</li>`);
      }
      out.push("</ul>");
    }
    if (i.history.length > 0) {
      out.push(`<h4>${esc(t("dossierExport.history"))}</h4><ul>`);
      for (const h of i.history) {
        const line = t("dossierExport.historyEntry", {
          date: formatDateTime(h.created_at),
          decision: t(`examination.decision.${h.decision}`),
          organisation: h.organisationName ? ` (${h.organisationName})` : "",
          reason: h.reason ? ` : ${h.reason}` : "",
        });
        out.push(`<li>${esc(line)}</li>`);
      }
      out.push("</ul>");
    }
    out.push("</section>");
  }
  out.push(`<h2>${esc(t("dossierExport.threads"))}</h2>`);
  if (threads.length === 0) out.push(`<p>${esc(t("dossierExport.noThreads"))}</p>`);
  for (const th of threads) {
    const heading = th.code ? t("dossierExport.threadIndicator", { code: th.code }) : t("dossierExport.threadGeneral");
    out.push(`<section><h3>${esc(heading)}</h3>`);
    for (const m of th.messages) {
      const author = [m.authorName ?? t("dossierExport.formerMember"), m.authorOrganisation].filter(Boolean).join(", ");
      out.push(`<article><p class="meta">${esc(author)} — ${esc(formatDateTime(m.created_at))}</p>${paragraphs(m.body)}`);
      if (m.fileId && m.file_name)
        out.push(`<p>${esc(t("dossierExport.attachment", { name: "" }))}${fileLink(m.path, m.unavailable, m.file_name)}</p>`);
      out.push("</article>");
    }
    out.push("</section>");
  }
  out.push("</body></html>\n");
  return out.join("\n");
}
