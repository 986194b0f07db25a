/* Site search (issue 27): finds localities, models, indicators, reports, services and pages
   in the index the site was built with (tim-kiem/chi-muc.js and its shards), offline, with
   no server. Loaded by the search page only; the header's box is a plain form that opens it.

   The index is scripts, not JSON, because fetch() of a file:// URL fails in Chromium and
   the portal must search when opened from a folder too. A shard holds every document with
   a word starting with its key; a query loads, for one of its words, the shards that can
   hold it (at most the table's query_bytes), and matches its other words in those. */
(function () {
  "use strict";

  /** Text as the search compares it: the mirror of `common::text::fold` in Rust (a test
      holds the two to the same output): NFD, marks dropped, đ/Đ → d, lower case. */
  function fold(s) {
    return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  /** The folded words of a text: `common::text::fold_words`. */
  function words(s) {
    return fold(s).split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
  }

  /** The shards a query word needs: those whose keys start with it, and the deepest
      (not "exact") one whose key it starts with; shortest keys first, up to the budget. */
  function plan(manifest, w) {
    let leaf = null;
    const under = [];
    for (const s of manifest.shards) {
      const [key, , , exact] = s;
      if (key.startsWith(w)) under.push(s);
      else if (w.startsWith(key) && !exact && (!leaf || key.length > leaf[0].length)) leaf = s;
    }
    const all = (leaf ? [leaf] : []).concat(under);
    all.sort((a, b) => a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
    const take = [];
    let bytes = 0;
    let partial = false;
    for (const s of all) {
      if (take.length && bytes + s[2] > manifest.query_bytes) { partial = true; break; }
      take.push(s);
      bytes += s[2];
    }
    return { word: w, shards: take, bytes, partial };
  }

  /** The plan of the query word that loads least (a complete one if any). */
  function bestPlan(manifest, qwords) {
    let best = null;
    for (const w of qwords) {
      const p = plan(manifest, w);
      if (!best || (best.partial && !p.partial) || (best.partial === p.partial && p.bytes < best.bytes)) best = p;
    }
    return best;
  }

  const KIND_WEIGHT = { l: 3, i: 3, m: 2, s: 2, r: 1, p: 1 };

  /** A query as the ranking reads it. */
  function query(text) {
    const exact = text.normalize("NFC").toLowerCase().trim().replace(/\s+/g, " ");
    const ws = words(text);
    // The word being typed (the last, unless a space follows it) matches the start of a word.
    const typing = /[\p{Alphabetic}\p{N}]$/u.test(text) ? ws.length - 1 : -1;
    return { words: ws, typing, phrase: ws.join(" "), exact, accented: fold(exact) !== exact };
  }

  /** A document's folded forms, made once. A document is
      [kind, before, title, url, text, context]. */
  function prepared(d) {
    if (!d.f) {
      const tw = words(d[2]);
      const xw = words(d[4]);
      d.f = { tw, xw, tf: tw.join(" "), xf: xw.join(" "),
        tn: d[2].normalize("NFC").toLowerCase(), xn: d[4].normalize("NFC").toLowerCase() };
    }
    return d.f;
  }

  /** How well a document matches (-1: not at all). Every word must be a word of its title
      or text, the one being typed the start of one; words in the title, whole words, the words as a phrase (in the title, or else the text) and, for a
      query typed with its marks, the exact text count most; then titles that start with
      the query. */
  function score(d, q) {
    const f = prepared(d);
    let s = 0;
    for (const [i, w] of q.words.entries()) {
      const prefix = i === q.typing;
      if (f.tw.includes(w)) s += 8;
      else if (prefix && f.tw.some((t) => t.startsWith(w))) s += 5;
      else if (f.xw.includes(w)) s += 3;
      else if (prefix && f.xw.some((t) => t.startsWith(w))) s += 1;
      else return -1;
    }
    if (q.words.length > 1 && (" " + f.tf).includes(" " + q.phrase)) s += 10;
    else if (q.words.length > 1 && (" " + f.xf).includes(" " + q.phrase)) s += 6;
    if ((f.tf + " ").startsWith(q.phrase)) s += 4;
    if (f.tf === q.phrase) s += 6;
    if (q.accented) {
      if (f.tn.includes(q.exact)) s += 40;
      else if (f.xn.includes(q.exact)) s += 15;
    }
    return s + (KIND_WEIGHT[d[0]] || 0) / 4;
  }

  /** The documents of the loaded shards that match, best first, each once. */
  function rank(docs, q) {
    const seen = new Set();
    const hits = [];
    for (const d of docs) {
      if (seen.has(d[3])) continue;
      const s = score(d, q);
      if (s >= 0) { seen.add(d[3]); hits.push([s, d]); }
    }
    hits.sort((a, b) => b[0] - a[0] || a[1][2].length - b[1][2].length || a[1][2].localeCompare(b[1][2], "vi"));
    return hits.map((h) => h[1]);
  }

  /** The stretches [from, to) of `text` (in UTF-16 units) where a folded word starts with
      a query word. */
  function matches(text, qwords) {
    const chars = Array.from(text);
    let folded = "";
    const at = [];
    let pos = 0;
    for (const c of chars) {
      const f = fold(c);
      for (let i = 0; i < f.length; i++) at.push(pos);
      folded += f;
      pos += c.length;
    }
    at.push(pos);
    const out = [];
    const wordChar = /[\p{Alphabetic}\p{N}]/u;
    for (let i = 0; i < folded.length; i++) {
      if (i > 0 && wordChar.test(folded[i - 1])) continue;
      for (const w of qwords) {
        if (folded.startsWith(w, i)) {
          let j = i + w.length;
          out.push([at[i], at[j]]);
          i = j - 1;
          break;
        }
      }
    }
    return out;
  }

  /** `text` with its matches in <mark>, or from around the first match when `around` (characters) is set. */
  function marked(text, qwords, around) {
    const frag = document.createDocumentFragment();
    let ms = matches(text, qwords);
    let from = 0;
    let to = text.length;
    if (around) {
      if (!ms.length) return null;
      from = Math.max(0, ms[0][0] - around);
      to = Math.min(text.length, ms[0][1] + 2 * around);
      // Whole words at both ends.
      if (from > 0) from = text.indexOf(" ", from) + 1 || from;
      if (to < text.length) to = text.lastIndexOf(" ", to) > from ? text.lastIndexOf(" ", to) : to;
      ms = ms.filter((m) => m[0] >= from && m[1] <= to);
    }
    let pos = from;
    if (from > 0) frag.append("… ");
    for (const [a, b] of ms) {
      frag.append(text.slice(pos, a));
      const m = document.createElement("mark");
      m.textContent = text.slice(a, b);
      frag.append(m);
      pos = b;
    }
    frag.append(text.slice(pos, to));
    if (to < text.length) frag.append(" …");
    return frag;
  }

  const api = { fold, words, plan, bestPlan, query, score, rank, matches };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  const form = document.getElementById("search");
  if (!form) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const data = form.dataset;
  const SHOWN = 20;
  let manifest = null;
  const loaded = new Map();
  const waiting = new Map();

  window.minhbachSearch = {
    manifest(m) { manifest = m; },
    shard(key, docs) { waiting.set(key, docs); },
  };

  function script(src) {
    return new Promise((ok, fail) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = ok;
      s.onerror = () => fail(new Error(src));
      document.head.append(s);
    });
  }

  function shard(s) {
    const [key, file] = s;
    if (!loaded.has(file)) {
      loaded.set(file, script(data.base + file).then(() => {
        const docs = waiting.get(key) || [];
        waiting.delete(key);
        return docs;
      }));
    }
    return loaded.get(file);
  }

  function say(template, q, count, shown) {
    status.textContent = template.replace("{query}", q).replace("{count}", String(count).replace(/\B(?=(\d{3})+(?!\d))/g, "."))
      .replace("{shown}", String(shown));
  }

  function show(hits, q) {
    list.replaceChildren();
    for (const d of hits.slice(0, SHOWN)) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = data.base + d[3];
      if (d[1]) a.append(d[1] + " ");
      a.append(marked(d[2], q.words, 0));
      const tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = data["kind" + d[0].toUpperCase()] || "";
      li.append(a, " ", tag);
      if (d[5]) {
        const c = document.createElement("p");
        c.className = "meta";
        c.textContent = d[5];
        li.append(c);
      }
      const snippet = d[4] && marked(d[4], q.words, 60);
      if (snippet) {
        const p = document.createElement("p");
        p.className = "snippet";
        p.append(snippet);
        li.append(p);
      }
      list.append(li);
    }
    list.hidden = hits.length === 0;
  }

  let generation = 0;
  async function run() {
    const typed = input.value;
    const text = typed.trim();
    const mine = ++generation;
    try {
      const url = new URL(location.href);
      if (text) url.searchParams.set("q", text); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
    } catch (e) { /* file:// in some browsers: the address just keeps the first query */ }
    const q = query(typed);
    if (!q.words.length) { list.replaceChildren(); list.hidden = true; status.textContent = ""; return; }
    if (!manifest) { status.textContent = data.loading; return; }
    const p = bestPlan(manifest, q.words);
    let docs;
    try {
      docs = (await Promise.all(p.shards.map(shard))).flat();
    } catch (e) {
      if (mine === generation) status.textContent = data.failed;
      return;
    }
    if (mine !== generation) return;
    const hits = rank(docs, q);
    show(hits, q);
    if (!hits.length) say(p.partial ? data.moreLetters : data.none, text, 0, 0);
    else if (hits.length > SHOWN) say(data.foundMore, text, hits.length, SHOWN);
    else say(data.found, text, hits.length, hits.length);
    if (p.partial && hits.length) status.textContent += " " + data.partial;
  }

  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 60); });
  form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(); });

  // Arrow keys go from the box into the results and through them; Escape goes back.
  function links() { return Array.from(list.querySelectorAll("a")); }
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener("keydown", (e) => {
    const all = links();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });

  const initial = new URLSearchParams(location.search).get("q");
  if (initial) input.value = initial;
  status.textContent = initial ? data.loading : "";
  script(form.dataset.index).then(run, () => { status.textContent = data.failed; });
})();
