import { formatLongDate } from "../i18n/format";
import { t } from "../i18n/translate";
import { formatAttestationCode } from "./attestation-code";
import type { AttestationRecord } from "./attestations.queries";

/**
 * The attestation as a one-page A4 PDF (pdf-lib), in French: the OF, the référentiel, the date of
 * datadockage, the verification code and a QR code of the verification URL drawn as vector squares
 * (qrcode's module matrix). The standard Helvetica font encodes WinAnsi: French accents are in it;
 * the narrow no-break spaces of French number and date formats are written as plain spaces.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

function winAnsi(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, " ").replace(/[’]/g, "'");
}

export function verificationUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/verifier/${formatAttestationCode(code)}`;
}

export async function renderAttestationPdf(record: AttestationRecord, publicUrl: string): Promise<Uint8Array> {
  // Loaded on first use (decision record 050): most instances never render an attestation, and the package weighs on every process.
  const [{ PDFDocument, StandardFonts, rgb }, { default: QRCode }] = await Promise.all([import("pdf-lib"), import("qrcode")]);
  const url = verificationUrl(publicUrl, record.code);
  const pdf = await PDFDocument.create();
  const code = formatAttestationCode(record.code);
  pdf.setTitle(winAnsi(t("attestation.pdf.title")));
  pdf.setSubject(winAnsi(`${record.organisationName} — ${code}`));
  pdf.setKeywords([record.code, record.siret ?? ""]);
  pdf.setLanguage("fr-FR");
  pdf.setProducer("Datadock");
  pdf.setCreator("Datadock");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage(A4);
  const [width, height] = A4;
  let y = height - MARGIN;
  const line = (text: string, size = 12, font = regular, gap = 8) => {
    page.drawText(winAnsi(text), { x: MARGIN, y: y - size, size, font, color: rgb(0.1, 0.1, 0.12) });
    y -= size + gap;
  };

  line(t("attestation.pdf.title"), 22, bold, 18);
  line(t("attestation.pdf.lead"), 11, regular, 22);
  line(record.organisationName, 16, bold, 12);
  line(t("attestation.pdf.siret", { siret: record.siret ?? "—" }));
  line(t("attestation.pdf.nda", { nda: record.nda ?? "—" }), 12, regular, 18);
  line(t("attestation.pdf.referentiel", { referentiel: `${record.referentielName} (version ${record.referentielVersion})` }));
  line(t("attestation.pdf.date", { date: formatLongDate(record.datadockeAt) }), 12, regular, 28);
  line(t("attestation.pdf.code", { code }), 14, bold, 10);
  line(t("attestation.pdf.verify"), 10);
  line(url, 10, regular, 16);

  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const modules = qr.modules.size;
  const side = 160;
  const cell = side / modules;
  const left = width - MARGIN - side;
  const bottom = MARGIN + 40;
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (qr.modules.get(row, col)) {
        page.drawRectangle({
          x: left + col * cell,
          y: bottom + (modules - 1 - row) * cell,
          width: cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
      }
    }
  }
  page.drawText(winAnsi(t("attestation.pdf.issued", { date: formatLongDate(record.issuedAt) })), {
    x: MARGIN,
    y: MARGIN,
    size: 9,
    font: regular,
    color: rgb(0.35, 0.35, 0.4),
  });
  return pdf.save();
}
