// The site search in headless Chromium (Debian's, via puppeteer-core), and its folding in Node.
//
//   node search.mjs fold STRING...           prints the JSON [[fold(s), words(s)], ...] of the
//                                            theme's search.js, for comparison with the Rust side
//   node search.mjs plan ROOT QUERY...       for each query, what the search page would load from the
//                                            index of the built site ROOT (bytes, word shards, document
//                                            scripts) and find: [{"q", "bytes", "shards", "documents",
//                                            "partial", "hits" (how many), "shown", "first", "results"
//                                            (the shown results' URLs), "ms", "files"}, ...] (no browser;
//                                            the benchmark uses it; ms: the search page's `find` in Node,
//                                            its files read from the disk)
//   node search.mjs agree ROOT QUERY...      for each query, whether the search finds through the index what
//                                            scoring every document finds (see the mode below)
//   node search.mjs queries ROOT CASES_JSON  serves ROOT over HTTP at /, and for each case
//                                            {"q": ..., "url"?: ..., "kind"?: ..., "title"?: ...}
//                                            checks the first result at 360 and 1280 px, typed
//                                            into the search page's box key by key and as ?q=,
//                                            and axe-core (WCAG 2.2 AA) with the first case's results
//   node search.mjs file URL CASES_JSON      the same from a file:// URL of the search page
//                                            (a site built with a file:// base URL), as ?q= only
//
// Prints one JSON object: {"checked": n, "problems": [...], "seen": [...]}, exits 1 on problems.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep, dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const [mode, ...args] = process.argv.slice(2);

if (mode === "fold") {
  const search = require(join(here, "../../themes/default/static/search.js"));
  console.log(JSON.stringify(args.map((s) => [search.fold(s), search.words(s)])));
  process.exit(0);
}

/** The built index under `root`, read from the disk as the page's scripts would load it:
    the search script, the index's table, and `text(file)` / `run(text)` to read a script
    and run it, returning the entries or rows it hands over. */
async function openIndex(root) {
  const { readFileSync } = await import("node:fs");
  const vm = await import("node:vm");
  const search = require(join(here, "../../themes/default/static/search.js"));
  let manifest = null;
  let got = null;
  const sandbox = { minhbachSearch: { manifest: (m) => { manifest = m; }, shard: (_k, e) => { got = e; },
    docs: (_f, rows) => { got = rows; } } };
  const text = (file) => readFileSync(join(root, file), "utf8");
  const run = (t) => { got = null; vm.runInNewContext(t, sandbox); return got; };
  run(text("tim-kiem/chi-muc.js"));
  return { search, manifest, text, run, read: (file) => run(text(file)) };
}

if (mode === "plan") {
  const [root, ...queries] = args;
  const { search, manifest, text, run } = await openIndex(root);
  // The page's own search, its scripts read from the disk (ms: reading, parsing and ranking,
  // on this machine, not a phone).
  const out = [];
  for (const q of queries) {
    const texts = new Map();
    const load = (s) => {
      if (!texts.has(s[1])) texts.set(s[1], text(s[1]));
      return Promise.resolve(run(texts.get(s[1])) || []);
    };
    const t0 = performance.now();
    const r = await search.find(manifest, q, load);
    const ms = Math.round((performance.now() - t0) * 10) / 10;
    const shards = r.files.filter((f) => typeof f[0] === "string");
    out.push({ q, bytes: r.bytes, shards: shards.length, documents: r.files.length - shards.length,
      partial: r.partial, hits: r.count, shown: r.hits.length, first: r.hits.length ? r.hits[0][3] : null,
      results: r.hits.map((d) => d[3]), ms, files: r.files.map((f) => f[1]) });
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

if (mode === "agree") {
  // What `find` (the index's shards, then the rows of the results) finds against scoring
  // every row of the index, for each query: {"q", "partial", "bytes", "hits", "all_hits",
  // "keys", "all_keys"} where keys are the shown results' [score, title length], best first
  // (equal keys are ordered by the locale's collation, not compared here).
  const [root, ...queries] = args;
  const { search, manifest, read } = await openIndex(root);
  const rows = manifest.documents.flatMap((s) => read(s[1]).map((r) => JSON.parse(JSON.stringify(r))));
  const key = (q) => (d) => [search.score(d, q), d[2].length];
  const out = [];
  for (const text of queries) {
    const q = search.query(text);
    const all = search.rank(rows, q);
    const r = await search.find(manifest, text, (s) => Promise.resolve(read(s[1]) || []));
    out.push({ q: text, partial: r.partial, bytes: r.bytes, hits: r.count, all_hits: all.length,
      keys: r.hits.map(key(q)), all_keys: all.slice(0, search.SHOWN).map(key(q)) });
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

const { default: puppeteer } = await import("puppeteer-core");
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".woff2": "font/woff2" };

function serve(root) {
  const server = createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (p.endsWith("/")) p += "index.html";
    const file = normalize(join(root, p));
    if (!file.startsWith(normalize(root) + sep)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

/** The first result once the status says how many there are (or that there are none). */
async function firstResult(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return s && s !== document.getElementById("search").dataset.loading;
  }, { timeout: 10000 });
  return page.evaluate(() => {
    const li = document.querySelector("#search-results li");
    const status = document.getElementById("search-status").textContent;
    if (!li || document.getElementById("search-results").hidden) return { status };
    const a = li.querySelector("a");
    return { status, url: a.getAttribute("href"), title: a.textContent, kind: li.querySelector(".tag").textContent,
      marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
      fits: document.documentElement.scrollWidth <= window.innerWidth };
  });
}

/** axe-core at WCAG 2.2 AA on the page as it is (the results shown), as check-pages.mjs runs it. */
async function axe(page, where) {
  const source = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  const r = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    resultTypes: ["violations"],
  }));
  for (const v of r.violations) {
    problems.push(`${where}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  }
}

function judge(c, r, where, problems) {
  const bad = [];
  if (!r.url) bad.push("no result");
  else {
    if (c.url && !r.url.endsWith(c.url)) bad.push(`first is ${r.url}, expected …${c.url}`);
    if (c.kind && r.kind !== c.kind) bad.push(`first is a ${r.kind}, expected a ${c.kind}`);
    if (c.title && !r.title.includes(c.title)) bad.push(`first is “${r.title}”, expected one with “${c.title}”`);
    if (!r.marks.length) bad.push("no match marked");
    if (r.fits === false) bad.push("the page scrolls sideways");
  }
  if (bad.length) problems.push(`${where} “${c.q}”: ${bad.join("; ")} (status: ${r.status})`);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--allow-file-access-from-files"],
});
const problems = [];
const seen = [];
let checked = 0;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  if (mode === "queries") {
    const [root, casesJson] = args;
    const cases = JSON.parse(casesJson);
    const server = await serve(root);
    const base = `http://127.0.0.1:${server.address().port}/`;
    for (const width of [360, 1280]) {
      await page.setViewport({ width, height: 900 });
      for (const c of cases) {
        await page.goto(`${base}tim-kiem/?q=${encodeURIComponent(c.q)}`, { waitUntil: "load" });
        const r = await firstResult(page);
        seen.push({ width, q: c.q, how: "url", ...r });
        judge(c, r, `@${width}px ?q=`, problems);
        if (c === cases[0]) await axe(page, `@${width}px with the results of “${c.q}”`);
        // Typed key by key, as a reader does: the results follow each key.
        await page.goto(`${base}tim-kiem/`, { waitUntil: "load" });
        await page.focus("#search-q");
        await page.keyboard.type(c.q, { delay: 15 });
        await page.waitForFunction((q) => new URLSearchParams(location.search).get("q") === q.trim(), {}, c.q);
        const typed = await firstResult(page);
        judge(c, typed, `@${width}px typed`, problems);
        // The arrow key leads into the results.
        if (typed.url) {
          await page.keyboard.press("ArrowDown");
          const focused = await page.evaluate(() => document.activeElement.getAttribute("href"));
          if (focused !== typed.url) problems.push(`@${width}px “${c.q}”: ArrowDown focused ${focused}`);
        }
        checked++;
      }
    }
    // The header's box on another page is a plain form that opens the search page.
    await page.goto(`${base}mo-hinh/`, { waitUntil: "load" });
    await page.type("#site-search-q", cases[0].q);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const r = await firstResult(page);
    judge(cases[0], r, "from the header's box", problems);
    server.close();
  } else if (mode === "file") {
    const [url, casesJson] = args;
    for (const c of JSON.parse(casesJson)) {
      await page.goto(`${url}?q=${encodeURIComponent(c.q)}`, { waitUntil: "load" });
      const r = await firstResult(page);
      seen.push({ q: c.q, how: "file", ...r });
      judge(c, r, "file://", problems);
      checked++;
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ checked, problems, seen }));
process.exit(problems.length ? 1 : 0);
