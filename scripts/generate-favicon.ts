// Writes public/favicon.ico from app/icon.svg, for clients that ask for /favicon.ico directly
// (browsers follow app/icon.svg's <link>, many feed readers and bookmark tools do not). Each size is
// rasterised by Chromium and stored as a PNG inside the ICO container, which every current client
// reads. Run after changing the icon: npx tsx scripts/generate-favicon.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findBrowser } from "../tests/browser";

const SIZES = [16, 32, 48];
const root = path.join(__dirname, "..");

/** An ICO file holding one PNG per size (ICONDIR, one ICONDIRENTRY each, then the images). */
function icoOf(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size % 256, entry); // 0 means 256
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

async function main() {
  const svg = readFileSync(path.join(root, "app/icon.svg"), "utf8");
  const browser = await chromium.launch({
    executablePath: findBrowser(() => chromium.executablePath())?.executablePath,
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  const images: { size: number; png: Buffer }[] = [];
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/width="32" height="32"/, `width="${size}" height="${size}"`);
    await page.setContent(`<body style="margin:0;background:transparent">${sized}</body>`);
    images.push({ size, png: await page.screenshot({ omitBackground: true, type: "png" }) });
  }
  await browser.close();
  writeFileSync(path.join(root, "public/favicon.ico"), icoOf(images));
  console.log(`public/favicon.ico: ${SIZES.join(", ")} px`);
}

void main();
