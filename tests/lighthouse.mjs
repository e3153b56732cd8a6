// Run Lighthouse (npm `lighthouse`, pinned in package.json) on a list of URLs, with one
// headless Chromium for all of them, once with the mobile and once with the desktop
// configuration. Called by tests/audit.py, which serves the site and judges the scores.
//
//   node tests/lighthouse.mjs OUT_DIR URL [URL ...]
//
// Writes OUT_DIR/<form factor>/<n>.json and <n>.html (the full Lighthouse result, as
// data and as Lighthouse's self-contained report page) and prints one JSON line per run:
//   {"url", "formFactor", "scores": {category: 0-100}, "failing": [audit ids], "report"}
// CHROME_PATH selects the browser (tests/audit.py sets it from CHROMIUM_PATH or finds
// Debian's Chromium; default /usr/bin/chromium);
// LH_FORM_FACTORS=mobile (or desktop) runs one profile only (default: both).
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const [outDir, ...urls] = process.argv.slice(2);
if (!outDir || urls.length === 0) {
  console.error('usage: node tests/lighthouse.mjs OUT_DIR URL [URL ...]');
  process.exit(2);
}
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// No full-page screenshot: it is only an illustration in the report, and on long pages it
// takes longer than the audit itself.
const common = {onlyCategories: categories, disableFullPageScreenshot: true};
const mobileConfig = {extends: 'lighthouse:default', settings: common};
const desktop = {...desktopConfig, settings: {...desktopConfig.settings, ...common}};
try {
  const wanted = (process.env.LH_FORM_FACTORS || 'mobile,desktop').split(',');
  const profiles = [['mobile', mobileConfig], ['desktop', desktop]].filter(([name]) => wanted.includes(name));
  for (const [formFactor, config] of profiles) {
    fs.mkdirSync(path.join(outDir, formFactor), {recursive: true});
    for (const [n, url] of urls.entries()) {
      const result = await lighthouse(url, {port: chrome.port, output: ['json', 'html'], logLevel: 'error'}, config);
      const lhr = result.lhr;
      const report = path.join(outDir, formFactor, `${n}.json`);
      fs.writeFileSync(report, result.report[0]);
      fs.writeFileSync(report.replace(/\.json$/, '.html'), result.report[1]);
      const scores = Object.fromEntries(categories.map(c => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
      // Audits that count towards a category score and did not get full marks.
      const failing = [];
      for (const c of categories) {
        for (const ref of lhr.categories[c].auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) failing.push(`${c}:${ref.id}`);
        }
      }
      const runtimeError = lhr.runtimeError ? lhr.runtimeError.message : null;
      console.log(JSON.stringify({url, formFactor, scores, failing, report, runtimeError}));
    }
  }
} finally {
  await chrome.kill();
}
