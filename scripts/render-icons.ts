/**
 * Renders icons/icon.svg to the PNG sizes the manifest lists, with Debian's Chromium.
 * Run after editing the SVG: `npx tsx scripts/render-icons.ts` (the PNGs are committed).
 */
import { readFile, writeFile } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';

const svg = await readFile(new URL('../icons/icon.svg', import.meta.url), 'utf8');
const browser = await puppeteer.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const size of [16, 32, 48, 128]) {
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    const png = await page.screenshot({ omitBackground: true, type: 'png' });
    await writeFile(new URL(`../icons/icon-${size}.png`, import.meta.url), png);
  }
} finally {
  await browser.close();
}
