/** RFC 4180 CSV with a BOM (Excel opens UTF-8 correctly) and ; separators (French locale). */
export function toCsv(header: string[], rows: (string | number | Date | null | undefined)[][]): string {
  const cell = (value: string | number | Date | null | undefined): string => {
    if (value === null || value === undefined) return "";
    let text = value instanceof Date ? value.toISOString() : String(value);
    // Spreadsheet formula injection: neutralise leading = + - @.
    if (/^[=+\-@]/.test(text)) text = `'${text}`;
    return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(";")).join("\r\n")}\r\n`;
}
