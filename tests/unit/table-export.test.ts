import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { tableToCsv, tableToXlsx } from "../../domain/exports/table-export";

/** Exports of the directory and the queue (issue 15.5): the same table as CSV and as an XLSX a spreadsheet opens. */
describe("table exports", () => {
  const table = {
    name: "Annuaire des organismes",
    header: ["Organisme", "SIRET", "Attente"],
    rows: [
      ["Rhône Formation Pro", "43219876500021", 12],
      ["=HYPERLINK()", null, 0],
    ],
  };

  it("CSV: BOM, ';', formula neutralised", () => {
    const csv = tableToCsv(table);
    expect(csv.startsWith("\uFEFFOrganisme;SIRET;Attente\r\n")).toBe(true);
    expect(csv).toContain("Rhône Formation Pro;43219876500021;12");
    expect(csv).toContain("'=HYPERLINK()");
  });

  it("XLSX: one sheet, header then rows, numbers as numbers, formulas as text", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await tableToXlsx(table));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Annuaire des organismes");
    expect(sheet.getRow(1).values).toEqual([undefined, "Organisme", "SIRET", "Attente"]);
    expect(sheet.getRow(2).getCell(1).value).toBe("Rhône Formation Pro");
    expect(sheet.getRow(2).getCell(3).value).toBe(12);
    expect(sheet.getRow(3).getCell(1).value).toBe("'=HYPERLINK()");
  });
});
