/**
 * The fonts the documents are drawn with: DejaVu Serif and Sans, which cover every Vietnamese
 * letter (precomposed and with combining marks), from the `dejavu-fonts-ttf` npm package, so a
 * fresh machine draws the PDF and the chart's picture with nothing installed by hand.
 */
import path from 'node:path';

/** The four faces of a family, as font file paths. */
export interface FontFaces {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

const FILES = {
  serif: ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSerif-Italic.ttf', 'DejaVuSerif-BoldItalic.ttf'],
  sans: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'],
} as const;

let fontDir: string | undefined;

/** The folder of the package's TrueType files. */
export function dejavuFontDir(): string {
  fontDir ??= path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return fontDir;
}

/** The path of one DejaVu font file of the package. */
export function dejavuFontPath(file: string): string {
  return path.join(dejavuFontDir(), file);
}

/** The faces of DejaVu Serif (`serif`) or DejaVu Sans (`sans`). */
export function dejavuFaces(family: keyof typeof FILES): FontFaces {
  const [normal, bold, italics, bolditalics] = FILES[family].map(dejavuFontPath) as [string, string, string, string];
  return { normal, bold, italics, bolditalics };
}
