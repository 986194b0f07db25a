// The comparison page's picker and the sortable tables, in headless Chromium (issue 27).
//
//   node compare.mjs ROOT     ROOT: a built shipped portal, served over HTTP at /
//
// At 360 and 1280 px, with the keyboard: the picker hides columns and writes them into the
// address, an address with `?dp=` opens that comparison, sorting sets aria-sort and orders
// Vietnamese-formatted numbers as numbers; without JavaScript the tables are plain and the
// picker absent. Prints {"checks": n, "problems": [...]} and exits 1 on a problem.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import puppeteer from "puppeteer-core";

const [root] = process.argv.slice(2);
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml",
  ".js": "text/javascript", ".woff2": "font/woff2" };
const server = await new Promise((ok) => {
  const s = createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (p.endsWith("/")) p += "index.html";
    const file = normalize(join(root, p));
    if (!file.startsWith(normalize(root) + sep)) { res.writeHead(403).end(); return; }
    let body;
    try { body = await readFile(file); } catch { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(body);
  });
  s.listen(0, "127.0.0.1", () => ok(s));
});
const base = `http://127.0.0.1:${server.address().port}/`;
const problems = [];
let checks = 0;
function expect(ok, what) {
  checks++;
  if (!ok) problems.push(what);
}
// The tests' own reading of a Vietnamese number ("3.182.603", "23,03 %"), independent of the page's.
function vi(text) {
  const m = /\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?/.exec(text);
  return m ? Number(m[0].replace(/\./g, "").replace(",", ".")) : null;
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  const visibleCols = () => page.$$eval("table.matrix thead th[data-col]",
    (ths) => ths.filter((th) => th.offsetParent !== null).map((th) => th.dataset.col));
  const summaryRows = () => page.$$eval("table.compare-summary tbody tr",
    (trs) => trs.filter((tr) => !tr.hidden).map((tr) => tr.dataset.col));
  const columnTexts = (sel, index) => page.$$eval(`${sel} tbody tr`, (trs, i) =>
    trs.filter((tr) => !tr.classList.contains("group-row") && !tr.hidden).map((tr) => (tr.cells[i] ? tr.cells[i].textContent.trim() : "")), index);

  for (const width of [360, 1280]) {
    await page.setViewport({ width, height: 900 });
    await page.setJavaScriptEnabled(true);
    const at = `@${width}px`;

    // The picker, with the keyboard: untick two localities.
    await page.goto(base + "so-sanh/", { waitUntil: "load" });
    expect(await page.$eval("[data-picker]", (f) => !f.hidden), `picker shown ${at}`);
    const all = await visibleCols();
    expect(all.length === 4, `4 localities in the matrix ${at}: ${all}`);
    for (const slug of ["duc-tho", "van-son"]) {
      await page.focus(`input[name=dp][value=${slug}]`);
      await page.keyboard.press("Space");
    }
    expect(JSON.stringify(await visibleCols()) === JSON.stringify(["bim-son", "quan-hoa"]),
      `picker hides unticked columns ${at}: ${await visibleCols()}`);
    expect(JSON.stringify(await summaryRows()) === JSON.stringify(["bim-son", "quan-hoa"]),
      `picker hides unticked summary rows ${at}: ${await summaryRows()}`);
    expect(new URL(page.url()).search === "?dp=bim-son,quan-hoa", `address written ${at}: ${page.url()}`);
    const status = await page.$eval("[data-picker-status]", (p) => p.textContent);
    expect(/2\/4/.test(status), `picker status says 2/4 ${at}: ${status}`);
    // Model 5 is in Bỉm Sơn's and Quan Hóa's plans (and Đức Thọ's): its count follows the picker.
    const adopted5 = await page.$eval('a[href$="/mo-hinh/5/"]', (a) => a.closest("tr").querySelector("td[data-adopted]").textContent);
    expect(adopted5 === "2", `model 5 adopted by 2 of those shown ${at}: ${adopted5}`);

    // The address opens the same comparison.
    await page.goto(base + "so-sanh/?dp=duc-tho,quan-hoa", { waitUntil: "load" });
    expect(JSON.stringify(await visibleCols()) === JSON.stringify(["duc-tho", "quan-hoa"]),
      `?dp= opens that comparison ${at}: ${await visibleCols()}`);
    const ticked = await page.$$eval("input[name=dp]:checked", (b) => b.map((x) => x.value));
    expect(JSON.stringify(ticked) === JSON.stringify(["duc-tho", "quan-hoa"]), `?dp= ticks ${at}: ${ticked}`);
    await page.focus("button[data-picker-all]");
    await page.keyboard.press("Enter");
    expect((await visibleCols()).length === 4 && new URL(page.url()).search === "",
      `"all" shows every column and clears the address ${at}: ${page.url()}`);

    // Sorting the summary by a number column with the keyboard, then the other way.
    const items = 2; // the "Số mục" column
    const button = `table.compare-summary thead th:nth-child(${items + 1}) button`;
    expect(await page.$(button) !== null, `sort button in the summary's th ${at}`);
    await page.focus(button);
    await page.keyboard.press("Enter");
    let counts = (await columnTexts("table.compare-summary", items)).map(vi);
    expect(JSON.stringify(counts) === JSON.stringify([...counts].sort((a, b) => a - b)), `ascending numbers ${at}: ${counts}`);
    expect(await page.$eval(`table.compare-summary thead th:nth-child(${items + 1})`, (th) => th.getAttribute("aria-sort")) === "ascending",
      `aria-sort ascending ${at}`);
    await page.keyboard.press("Enter");
    counts = (await columnTexts("table.compare-summary", items)).map(vi);
    expect(JSON.stringify(counts) === JSON.stringify([...counts].sort((a, b) => b - a)), `descending numbers ${at}: ${counts}`);
    const sorted = await page.$$eval("table.compare-summary thead th", (ths) => ths.map((th) => th.getAttribute("aria-sort")).filter(Boolean));
    expect(JSON.stringify(sorted) === JSON.stringify(["descending"]), `one column sorted, descending ${at}: ${sorted}`);

    // The services: totals ("3.182.603") and rates ("23,03 %") sort as numbers.
    await page.goto(base + "dich-vu-cong/", { waitUntil: "load" });
    const table = "section[aria-labelledby=pl-I] table.services"; // Appendix I: one tbody
    for (const [index, name] of [[3, "total"], [5, "rate"]]) {
      const before = (await columnTexts(table, index)).length;
      await page.focus(`${table} thead th:nth-child(${index + 1}) button`);
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter");
      const values = (await columnTexts(table, index)).map(vi).filter((x) => x !== null);
      expect(values.length > 5, `services ${name}: numbers read ${at}: ${values.length}`);
      expect(JSON.stringify(values) === JSON.stringify([...values].sort((a, b) => b - a)),
        `services ${name} descending as numbers ${at}: ${values.slice(0, 8)}`);
      expect((await columnTexts(table, index)).length === before, `services ${name}: no row lost ${at}`);
    }
    // A sortable stacked table shows its buttons on a phone too.
    const shown = await page.$eval(`${table} thead th:nth-child(4) button`, (b) => b.getBoundingClientRect().width > 1);
    expect(shown, `services sort buttons visible ${at}`);

    // Without JavaScript: plain tables, no picker, every locality shown.
    await page.setJavaScriptEnabled(false);
    await page.goto(base + "so-sanh/?dp=bim-son", { waitUntil: "load" });
    expect(await page.$eval("[data-picker]", (f) => f.hidden), `no picker without JavaScript ${at}`);
    expect((await page.$$("th button")).length === 0, `no buttons without JavaScript ${at}`);
    expect((await visibleCols()).length === 4, `every column without JavaScript ${at}`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify({ checks, problems }));
process.exit(problems.length ? 1 : 0);
