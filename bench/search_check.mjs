#!/usr/bin/env node
// The site search in a real browser, from file:// (no server): for each
// PAGE QUERY EXPECTED_HREF triple, opens PAGE in headless Chromium
// (playwright-core, as installed by ../shared/tools/setup.sh) and checks
//   - with JavaScript off the search box is not shown (the page is complete
//     without it);
//   - with JavaScript on it is shown, "/" puts the cursor in it, typing QUERY
//     loads search-index.js and announces the number of results in the
//     aria-live status; a result links to EXPECTED_HREF (relative to the
//     version folder);
//   - Down moves to the first result, Up returns to the box, Escape clears,
//     and Enter on a result opens a page whose URL ends with that result's
//     href and whose anchor (if any) names an element that exists;
//   - no script error on the way.
//
//   node bench/search_check.mjs SITE_DIR PAGE QUERY EXPECTED_HREF [PAGE QUERY EXPECTED_HREF]...
//
// Ends with "N passed, N failed"; exit 1 when anything failed.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const home = process.env.CHECKERS_HOME ||
  path.join(process.env.XDG_CACHE_HOME || path.join(process.env.HOME || '/root', '.cache'), 'plan-checkers');
const base = existsSync(path.join(home, 'npmtools', 'node_modules')) ? path.join(home, 'npmtools') : process.cwd();
const require = createRequire(path.join(base, 'x.js'));
const { chromium } = require('playwright-core');

const [site, ...cases] = process.argv.slice(2);
if (!site || cases.length === 0 || cases.length % 3 !== 0) {
  console.error('usage: node bench/search_check.mjs SITE_DIR PAGE QUERY EXPECTED_HREF...');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--allow-file-access-from-files'],
});
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++; else { failed++; console.log(`FAIL ${what}`); }
}
try {
  for (let c = 0; c < cases.length; c += 3) {
    const [pageRel, query, expected] = cases.slice(c, c + 3);
    const url = pathToFileURL(path.resolve(site, pageRel)).href;
    const name = `${pageRel} "${query}"`;

    const off = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await off.goto(url);
    check(!(await off.isVisible('.site-search')), `${name}: search box shown without JavaScript`);

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    check(await page.isVisible('.site-search'), `${name}: search box not shown with JavaScript`);
    await page.keyboard.press('/');
    check(await page.evaluate(() => document.activeElement?.id === 'site-search-input'), `${name}: "/" does not focus the box`);
    await page.keyboard.type(query);
    // Wait for the results of the whole query: a slow machine types slower
    // than the 120 ms debounce, and a result list for a prefix ("crossw")
    // would be replaced under the keys pressed next.
    const settled = (q) => page.waitForFunction(
      (q) => document.querySelector('.site-search-status').textContent.includes('\u201c' + q + '\u201d'),
      q, { timeout: 10000 }).catch(() => {});
    await settled(query);
    const status = await page.textContent('.site-search-status');
    check(/^\d+ results? for/.test(status), `${name}: status says "${status}"`);
    const hrefs = await page.$$eval('.site-search-results a', (as) => as.map((a) => a.getAttribute('href')));
    const root = '../'.repeat(pageRel.split('/').length - 1);
    check(hrefs.includes(root + expected), `${name}: no result for ${expected} in ${JSON.stringify(hrefs.slice(0, 8))}`);

    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    check(first === hrefs[0], `${name}: Down does not reach the first result`);
    await page.keyboard.press('ArrowUp');
    check(await page.evaluate(() => document.activeElement?.id === 'site-search-input'), `${name}: Up does not return to the box`);
    await page.keyboard.press('Escape');
    check(await page.evaluate(() => document.querySelector('.site-search-results').hidden &&
      document.querySelector('#site-search-input').value === ''), `${name}: Escape does not clear`);

    await page.keyboard.type(query);
    await settled(query);
    await page.waitForSelector('.site-search-results a', { timeout: 10000 }).catch(() => {});
    const target = await page.$eval('.site-search-results a', (a) => a.href).catch(() => '');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL((u) => u.href === target, { timeout: 10000 }).catch(() => {}), page.keyboard.press('Enter')]);
    check(target !== '' && page.url() === target, `${name}: Enter opened ${page.url()}, not ${target}`);
    const hash = new URL(page.url()).hash.slice(1);
    if (hash) {
      check(await page.evaluate((id) => !!document.getElementById(decodeURIComponent(id)), hash), `${name}: no element #${hash}`);
    }
    check(errors.length === 0, `${name}: script errors ${JSON.stringify(errors)}`);
    await ctx.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
