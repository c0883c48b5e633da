import { crc32, deflateSync } from "node:zlib";

/**
 * The demo's evidence files, made at seed time (no binary in the repository): a three-page PDF
 * programme (so the review room shows page navigation and annotations on a real page) and a small
 * PNG image (shown inline). Both pass the upload checks like any OF's file.
 */
export async function demoPdfBytes(title: string): Promise<Buffer> {
  const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib"); // only when seeding (decision record 050)
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator("Datadock (démonstration)");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const pages: { heading: string; lines: string[] }[] = [
    {
      heading: "Programme de formation",
      lines: [
        "Objectifs : maîtriser les outils de gestion de projet et conduire une équipe.",
        "Public visé : salariés et demandeurs d'emploi, sans prérequis.",
        "Durée : 35 heures, en présentiel, groupes de 12 personnes au plus.",
        "Modalités d'évaluation : étude de cas notée en fin de parcours.",
      ],
    },
    {
      heading: "Tarifs et conditions",
      lines: [
        "Tarif inter-entreprises : 1 450 € HT par personne.",
        "Délai d'accès : 15 jours ouvrés après la signature de la convention.",
        "Accessibilité : locaux de plain-pied, référent handicap joignable.",
        "Conditions d'annulation : voir les conditions générales de vente.",
      ],
    },
    {
      heading: "Engagement qualité",
      lines: [
        "Le responsable pédagogique relit chaque programme une fois par an.",
        "Les évaluations à chaud et à froid sont analysées chaque trimestre.",
        "Fait à Lyon, le 3 mars 2026.",
        "Signature : (à compléter)",
      ],
    },
  ];
  for (const [index, content] of pages.entries()) {
    const page = pdf.addPage([595, 842]);
    page.drawRectangle({ x: 0, y: 782, width: 595, height: 60, color: rgb(0, 0, 0.57) });
    page.drawText(title, { x: 48, y: 804, size: 16, font: bold, color: rgb(1, 1, 1) });
    page.drawText(content.heading, { x: 48, y: 730, size: 22, font: bold, color: rgb(0.1, 0.1, 0.1) });
    content.lines.forEach((line, i) => page.drawText(line, { x: 48, y: 680 - i * 28, size: 12, font, color: rgb(0.2, 0.2, 0.2) }));
    page.drawRectangle({ x: 48, y: 300, width: 499, height: 200, borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 1 });
    page.drawText("Tableau de suivi (extrait)", { x: 60, y: 476, size: 12, font: bold });
    page.drawText(`Page ${index + 1} sur ${pages.length}`, { x: 48, y: 40, size: 10, font, color: rgb(0.4, 0.4, 0.4) });
  }
  return Buffer.from(await pdf.save());
}

/** A PNG (RGB, 8 bits) of a training room's floor plan: three rooms and a corridor, drawn in code. */
export function demoPngBytes(width = 480, height = 320): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  const fill = (x: number, y: number) => {
    const wall =
      x < 8 || y < 8 || x >= width - 8 || y >= height - 8 || (x >= 156 && x < 164 && y < 200) || (x >= 316 && x < 324 && y < 200);
    const corridor = y >= 200 && y < 216;
    const door = (y >= 196 && y < 204 && ((x > 60 && x < 100) || (x > 220 && x < 260) || (x > 380 && x < 420))) || false;
    if (wall && !door) return [40, 40, 60];
    if (corridor) return [220, 220, 230];
    if (y < 200) return x < 160 ? [227, 227, 253] : x < 320 ? [232, 245, 236] : [253, 236, 220];
    return [245, 245, 245];
  };
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] = fill(x, y);
      rows[row + 1 + x * 3] = r!;
      rows[row + 2 + x * 3] = g!;
      rows[row + 3 + x * 3] = b!;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
