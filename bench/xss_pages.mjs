#!/usr/bin/env node
// Loads HTML files in one headless Chromium (playwright-core, as installed by
// ../shared/tools/setup.sh) and prints "<title>\t<file>" for each, after the
// page's load event and a short wait, so that onload, onerror, autofocus /
// onfocus, ontoggle and SVG animation handlers have fired. A dialog
// (alert/confirm/prompt) sets the title to XSS too. Used by xss_chromium.sh.
//
//   node bench/xss_pages.mjs FILE.html...
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const home = process.env.CHECKERS_HOME ||
  path.join(process.env.XDG_CACHE_HOME || path.join(process.env.HOME || '/root', '.cache'), 'plan-checkers');
const base = existsSync(path.join(home, 'npmtools', 'node_modules')) ? path.join(home, 'npmtools') : process.cwd();
const require = createRequire(path.join(base, 'x.js'));
const { chromium } = require('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'],
});
const context = await browser.newContext();
for (const file of process.argv.slice(2)) {
  const page = await context.newPage();
  let dialog = false;
  page.on('dialog', (d) => { dialog = true; d.dismiss().catch(() => {}); });
  let title = '';
  try {
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout: 20000 });
    await page.waitForTimeout(300);
    title = dialog ? 'XSS' : await page.title();
  } catch (e) {
    title = '';
  }
  process.stdout.write(`${title}\t${file}\n`);
  await page.close();
}
await browser.close();
