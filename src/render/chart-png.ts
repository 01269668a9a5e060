/**
 * An SVG chart as PNG, for the DOCX report: Word and LibreOffice both show a PNG, not every
 * reader a DOCX's SVG. resvg (Rust, shipped prebuilt inside its npm package) draws it without a
 * browser, with DejaVu Sans loaded from the package's own file and no system fonts, so the
 * picture is the same on every machine.
 */
import { Resvg } from '@resvg/resvg-js';
import { dejavuFontPath } from './report-fonts';

/** The PNG and its size in pixels. */
export interface ChartPicture {
  png: Buffer;
  width: number;
  height: number;
}

/** Draws `svg` `width` pixels wide (twice the size it is shown at in the document, for print). */
export function chartPng(svg: string, width: number): ChartPicture {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [dejavuFontPath('DejaVuSans.ttf'), dejavuFontPath('DejaVuSans-Bold.ttf')],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
