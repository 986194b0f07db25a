// Loads built pages in headless Chromium (Debian's, via puppeteer-core) and checks them.
//
//   node check-pages.mjs xss ROOT [ROOT...]   one HTML page of each kind (folder and depth) of each built site: no payload ran
//   node check-pages.mjs axe ROOT PAGE...     axe-core at WCAG 2.2 AA at 360 and 1280 px, focus visible
//
// Each ROOT is served over HTTP at / (as the portal is deployed). Prints one JSON
// object: {"pages": n, "problems": [...]}, and exits 1 if there are problems.
import { createServer } from "node:http";
import { readFile, readdir } from "node:fs/promises";
import { extname, join, normalize, relative, sep } from "node:path";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const [mode, ...args] = process.argv.slice(2);
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml",
  ".json": "application/json", ".csv": "text/csv", ".xml": "application/xml", ".woff2": "font/woff2",
  ".txt": "text/plain", ".js": "text/javascript" };

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

async function htmlPages(root, dir = root) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await htmlPages(root, p)));
    else if (e.name.endsWith(".html")) out.push(relative(root, p).split(sep).join("/"));
  }
  return out.sort();
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
let pages = 0;
try {
  const page = await browser.newPage();
  // Nothing may leave 127.0.0.1: a payload that fetches elsewhere is a problem too.
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:" || u.protocol === "about:") r.continue();
    else { problems.push(`request to ${r.url()} from ${page.url()}`); r.abort(); }
  });
  page.on("dialog", async (d) => { problems.push(`dialog ${d.type()} on ${page.url()}`); await d.dismiss(); });
  if (mode === "xss") {
    for (const root of args) {
      const server = await serve(root);
      const base = `http://127.0.0.1:${server.address().port}/`;
      // One page of each kind: pages of one kind share a template.
      const kinds = new Map();
      for (const rel of await htmlPages(root)) {
        const parts = rel.split("/");
        const kind = `${parts.length > 1 ? parts[0] : rel}/${parts.length}`;
        if (!kinds.has(kind)) kinds.set(kind, rel);
      }
      for (const rel of kinds.values()) {
        await page.goto(base + rel, { waitUntil: "load" });
        const ran = await page.evaluate(() => [window.__pwned, window.top.__pwned,
          document.documentElement.getAttribute("data-pwned"), getComputedStyle(document.body).display]);
        if (ran[0] != null || ran[1] != null || ran[2] != null) problems.push(`payload ${ran} ran on ${rel} of ${root}`);
        if (ran[3] === "none") problems.push(`injected CSS hid the page ${rel} of ${root}`);
        pages++;
      }
      server.close();
    }
  } else if (mode === "axe") {
    const [root, ...rels] = args;
    const server = await serve(root);
    const base = `http://127.0.0.1:${server.address().port}/`;
    for (const rel of rels) {
      for (const width of [360, 1280]) {
        await page.setViewport({ width, height: 900 });
        await page.goto(base + rel, { waitUntil: "load" });
        await page.evaluate(axeSource);
        // As the page loads, then with every disclosure open (a reader opens them: their content counts too).
        for (const opened of [false, true]) {
          if (opened) await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
          const r = await page.evaluate(() => axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
            resultTypes: ["violations"],
          }));
          for (const v of r.violations) {
            problems.push(`${rel} @${width}px${opened ? " (details open)" : ""}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
          }
        }
        await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = false; }));
        // Keyboard focus is visible: the first Tab lands on something with an outline or a shadow.
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const e = document.activeElement;
          if (!e || e === document.body) return "nothing focused";
          const s = getComputedStyle(e);
          const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
          return visible ? "" : `no visible focus on ${e.outerHTML.slice(0, 80)}`;
        });
        if (focus) problems.push(`${rel} @${width}px: ${focus}`);
        pages++;
      }
    }
    server.close();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ pages, problems }));
process.exit(problems.length ? 1 : 0);
