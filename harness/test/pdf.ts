/**
 * What a printed report says, read back from Chromium's PDF with pdf.js: each page's text runs.
 * (Chromium prints a chart's canvas as vector drawing, not as an image, so charts are checked
 * through the print stylesheet's computed rules instead: see report-print-pdf.test.ts.)
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPage {
  number: number;
  /** The page's text runs, in drawing order. */
  text: string[];
}

export async function readPdf(pdf: Uint8Array): Promise<PdfPage[]> {
  const doc = await getDocument({ data: pdf, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const content = await (await doc.getPage(number)).getTextContent();
    const text = content.items.flatMap((item) => ('str' in item && item.str.trim() ? [item.str.trim()] : []));
    pages.push({ number, text });
  }
  await doc.destroy();
  return pages;
}
