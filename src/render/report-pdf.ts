/**
 * The results report as PDF, drawn with pdfmake (pure JavaScript over pdfkit: no browser process,
 * so the API server and `cascade summary` make it anywhere Node runs) in DejaVu Serif, embedded as
 * a subset so every Vietnamese letter shows on any reader. The chart's SVG is drawn as vectors.
 * A4, margins of the Party's format (left 30 mm, right 15 mm, top and bottom 20 mm).
 */
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { DocumentTable, ResultsDocument } from '../domain/report/results-document';
import { dejavuFaces, dejavuFontDir } from './report-fonts';

const MM = 72 / 25.4;
const PAGE_MARGINS: [number, number, number, number] = [30 * MM, 20 * MM, 15 * MM, 20 * MM];
/** A4 width less the margins, in points. */
const TEXT_WIDTH = 210 * MM - PAGE_MARGINS[0] - PAGE_MARGINS[2];

let configured = false;

/** Registers the fonts once, and forbids reading any URL or file but the fonts': a report draws only what it is given. */
function configure(): void {
  if (configured) return;
  pdfmake.setFonts({ DejaVuSerif: dejavuFaces('serif'), DejaVuSans: dejavuFaces('sans') });
  pdfmake.setUrlAccessPolicy(() => false);
  const fonts = dejavuFontDir() + path.sep;
  pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fonts));
  configured = true;
}

/**
 * A justified paragraph's inline pieces: a word holding `-` or `/` ("01-CT/TW", "48.790/50.000")
 * is one unbreakable piece, because pdfmake breaks after those signs and justifying then spreads
 * the parts apart ("01- CT/ TW").
 */
function justified(text: string): Content {
  const pieces = text.split(/(\S*[-/]\S*)/).filter((p) => p !== '');
  return {
    text: pieces.map((p) => (/^\S*[-/]\S*$/.test(p) ? { text: p, noWrap: true } : p)),
    alignment: 'justify',
    leadingIndent: 10 * MM,
    margin: [0, 0, 0, 6],
  };
}

function bodyContent(doc: ResultsDocument): Content[] {
  const out: Content[] = [];
  for (const block of doc.body) {
    if (block.heading) out.push({ text: block.heading, bold: true, margin: [0, 6, 0, 3] });
    for (const p of block.paragraphs) out.push(justified(p));
    if (block.list) out.push({ ul: block.list, margin: [10 * MM, 0, 0, 6] });
  }
  return out;
}

/** Rows a table may have and still be kept on one page with its caption. */
const SHORT_TABLE_ROWS = 25;

function tableContent(table: DocumentTable): Content[] {
  const header: TableCell[] = table.columns.map((c) => ({ text: c, bold: true, alignment: 'center', fontSize: 10 }));
  const rows: TableCell[][] = table.rows.map((row) => row.map((cell, i) => ({ text: cell, alignment: table.numeric[i] ? 'right' : 'left', fontSize: 10 })));
  const body: Content = {
    table: { headerRows: 1, keepWithHeaderRows: 1, widths: ['*', ...table.columns.slice(1).map(() => 'auto' as const)], body: [header, ...rows] },
    margin: [0, 0, 0, 10],
  };
  const caption: Content = { text: table.caption, bold: true, margin: [0, 6, 0, 4] };
  // A short table (a row per level, a province's districts) stays on one page with its caption; a
  // long one (the 34 provinces of a national report) breaks, its heading row repeated on each page.
  return table.rows.length <= SHORT_TABLE_ROWS ? [{ unbreakable: true, stack: [caption, body] }] : [caption, body];
}

/**
 * The chart's SVG for pdfkit's SVG drawer, which ignores `paint-order`: a label with a white halo
 * drawn under it (`paint-order="stroke"`) would come out as white strokes over its letters. The
 * halo only keeps a label legible over a line; the label is drawn without it.
 */
function withoutTextHalos(svg: string): string {
  return svg.replace(/<text\b[^>]*\bpaint-order="stroke"[^>]*>/g, (tag) => tag.replace(/\s(stroke|stroke-width|stroke-miterlimit|paint-order)="[^"]*"/g, ''));
}

function chartContent(doc: ResultsDocument): Content[] {
  if (!doc.chart) return [];
  return [
    {
      unbreakable: true,
      stack: [
        { text: doc.chart.caption, bold: true, margin: [0, 6, 0, 4] },
        // The chart names DejaVu Sans; pdfmake maps an SVG font it does not know to `font`.
        { svg: withoutTextHalos(doc.chart.svg), width: TEXT_WIDTH, font: 'DejaVuSans', margin: [0, 0, 0, 10] } as Content,
      ],
    },
  ];
}

/** The results report as PDF bytes. */
export async function resultsReportPdf(doc: ResultsDocument): Promise<Buffer> {
  configure();
  const definition = {
    pageSize: 'A4' as const,
    pageMargins: PAGE_MARGINS,
    info: { title: doc.documentTitle, subject: doc.subject, creator: 'directive-cascade', producer: 'directive-cascade (pdfmake)' },
    language: doc.lang === 'vi' ? 'vi-VN' : 'en-GB',
    defaultStyle: { font: 'DejaVuSerif', fontSize: 12, lineHeight: 1.15 },
    content: [
      {
        columns: [
          {
            width: '45%',
            stack: [
              { text: doc.committee, bold: true, alignment: 'center' },
              { text: '*', alignment: 'center' },
              { text: doc.number, alignment: 'center', fontSize: 11 },
            ],
          },
          {
            width: '55%',
            stack: [
              { text: doc.party, bold: true, decoration: 'underline', alignment: 'center' },
              { text: doc.placeAndDate, italics: true, alignment: 'right', margin: [0, 8, 0, 0], fontSize: 11 },
            ],
          },
        ],
      },
      { text: doc.title, bold: true, fontSize: 15, alignment: 'center', margin: [0, 24, 0, 2] },
      { text: doc.subject, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      { text: '-----', alignment: 'center', margin: [0, 0, 0, 12] },
      ...bodyContent(doc),
      ...doc.tables.flatMap(tableContent),
      ...chartContent(doc),
      {
        columns: [
          {
            width: '50%',
            stack: [
              { text: doc.recipients.heading, bold: true, italics: true, decoration: 'underline', fontSize: 11 },
              ...doc.recipients.lines.map((l) => ({ text: l, fontSize: 10 })),
            ],
          },
          {
            width: '50%',
            stack: [
              { text: doc.signature.onBehalf, bold: true, alignment: 'center' },
              { text: doc.signature.position, bold: true, alignment: 'center' },
              { text: doc.signature.name, ...(doc.signature.signed ? { bold: true } : { italics: true }), alignment: 'center', margin: [0, 48, 0, 0] },
            ],
          },
        ],
        margin: [0, 16, 0, 0],
        unbreakable: true,
      },
    ] as Content[],
  };
  return pdfmake.createPdf(definition).getBuffer();
}
