/**
 * The results report as DOCX (Word), drawn with the `docx` library, for the office to number,
 * sign and file. It names Times New Roman, 14 pt, the font of Party documents, which every Word
 * has with Vietnamese letters (LibreOffice substitutes its metric twin Liberation Serif); the
 * font is not embedded, so the file stays small and editable. The chart is a PNG (see chart-png.ts).
 * A4, margins of the Party's format (left 30 mm, right 15 mm, top and bottom 20 mm).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { DocumentTable, ResultsDocument } from '../domain/report/results-document';
import { chartPng } from './chart-png';

/** Twentieths of a point per millimetre (page measures in DOCX are twips). */
const TWIPS_PER_MM = 1440 / 25.4;
const MARGIN = { left: 30, right: 15, top: 20, bottom: 20 };
/** A4 text width in twips and in pixels (96 per inch), for the table and the chart. */
const TEXT_WIDTH_TWIPS = Math.round((210 - MARGIN.left - MARGIN.right) * TWIPS_PER_MM);
const TEXT_WIDTH_PX = Math.round(((210 - MARGIN.left - MARGIN.right) / 25.4) * 96);

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

type RunStyle = { bold?: boolean; italics?: boolean; underline?: boolean; size?: number };

function line(
  text: string,
  style: RunStyle = {},
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER,
  spacingBefore = 0,
): Paragraph {
  const children: ParagraphChild[] = [
    new TextRun({
      text,
      bold: style.bold,
      italics: style.italics,
      underline: style.underline ? { type: UnderlineType.SINGLE } : undefined,
      size: style.size,
    }),
  ];
  return new Paragraph({ alignment, spacing: { before: spacingBefore, after: 0 }, children });
}

/** The header block: committee, "*" and number on the left; the party line and place and date on the right (a table without borders). */
function headerBlock(doc: ResultsDocument): Table {
  const left = Math.round(TEXT_WIDTH_TWIPS * 0.45);
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: [left, TEXT_WIDTH_TWIPS - left],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: left, type: WidthType.DXA },
            children: [line(doc.committee, { bold: true }), line('*'), line(doc.number, { size: 26 })],
          }),
          new TableCell({
            width: { size: TEXT_WIDTH_TWIPS - left, type: WidthType.DXA },
            children: [line(doc.party, { bold: true, underline: true }), line(doc.placeAndDate, { italics: true, size: 26 }, AlignmentType.RIGHT, 160)],
          }),
        ],
      }),
    ],
  });
}

function bodyParagraphs(doc: ResultsDocument): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of doc.body) {
    if (block.heading) out.push(new Paragraph({ spacing: { before: 120, after: 60 }, children: [new TextRun({ text: block.heading, bold: true })] }));
    for (const p of block.paragraphs)
      out.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: Math.round(10 * TWIPS_PER_MM) },
          spacing: { after: 120 },
          children: [new TextRun(p)],
        }),
      );
    for (const item of block.list ?? []) out.push(new Paragraph({ bullet: { level: 0 }, spacing: { after: 60 }, children: [new TextRun(item)] }));
  }
  return out;
}

function figuresTable(table: DocumentTable): Array<Paragraph | Table> {
  const first = Math.round(TEXT_WIDTH_TWIPS * 0.28);
  const other = Math.floor((TEXT_WIDTH_TWIPS - first) / (table.columns.length - 1));
  const widths = [first, ...table.columns.slice(1).map(() => other)];
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? other, type: WidthType.DXA },
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : table.numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text, bold: header, size: 24 })],
        }),
      ],
    });
  return [
    new Paragraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: [new TextRun({ text: table.caption, bold: true })] }),
    new Table({
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({ tableHeader: true, children: table.columns.map((c, i) => cell(c, i, true)) }),
        ...table.rows.map((row) => new TableRow({ children: row.map((c, i) => cell(c, i, false)) })),
      ],
    }),
  ];
}

function chartParagraphs(doc: ResultsDocument): Paragraph[] {
  if (!doc.chart) return [];
  const picture = chartPng(doc.chart.svg, TEXT_WIDTH_PX * 2);
  const height = Math.round((picture.height / picture.width) * TEXT_WIDTH_PX);
  return [
    new Paragraph({ keepNext: true, spacing: { before: 200, after: 60 }, children: [new TextRun({ text: doc.chart.caption, bold: true })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: 'png',
          data: picture.png,
          transformation: { width: TEXT_WIDTH_PX, height },
          altText: { name: doc.chart.caption, description: doc.chart.caption, title: doc.chart.caption },
        }),
      ],
    }),
  ];
}

/** "Nơi nhận" on the left, the signature block on the right (a table without borders). */
function closingBlock(doc: ResultsDocument): Table {
  const half = Math.round(TEXT_WIDTH_TWIPS / 2);
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: [half, TEXT_WIDTH_TWIPS - half],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: half, type: WidthType.DXA },
            children: [
              line(doc.recipients.heading, { bold: true, italics: true, underline: true, size: 24 }, AlignmentType.LEFT),
              ...doc.recipients.lines.map((l) => line(l, { size: 22 }, AlignmentType.LEFT)),
            ],
          }),
          new TableCell({
            width: { size: TEXT_WIDTH_TWIPS - half, type: WidthType.DXA },
            children: [
              line(doc.signature.onBehalf, { bold: true }),
              line(doc.signature.position, { bold: true }),
              line(doc.signature.name, doc.signature.signed ? { bold: true } : { italics: true }, AlignmentType.CENTER, 1200),
            ],
          }),
        ],
      }),
    ],
  });
}

/** The results report as DOCX bytes. */
export async function resultsReportDocx(doc: ResultsDocument): Promise<Buffer> {
  const document = new Document({
    title: doc.documentTitle,
    subject: doc.subject,
    creator: 'directive-cascade',
    styles: { default: { document: { run: { font: 'Times New Roman', size: 28 }, paragraph: { spacing: { line: 276, lineRule: LineRuleType.AUTO } } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * TWIPS_PER_MM), height: Math.round(297 * TWIPS_PER_MM) },
            margin: {
              left: Math.round(MARGIN.left * TWIPS_PER_MM),
              right: Math.round(MARGIN.right * TWIPS_PER_MM),
              top: Math.round(MARGIN.top * TWIPS_PER_MM),
              bottom: Math.round(MARGIN.bottom * TWIPS_PER_MM),
            },
          },
        },
        children: [
          headerBlock(doc),
          line(doc.title, { bold: true, size: 32 }, AlignmentType.CENTER, 480),
          line(doc.subject, { bold: true }),
          line('-----', {}, AlignmentType.CENTER),
          new Paragraph({ children: [] }),
          ...bodyParagraphs(doc),
          ...doc.tables.flatMap(figuresTable),
          ...chartParagraphs(doc),
          new Paragraph({ children: [] }),
          closingBlock(doc),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
