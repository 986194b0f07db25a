/* Site search (issue 27): finds localities, models, indicators, reports, services and pages
   in the index the site was built with (tim-kiem/chi-muc.js, its word shards and its
   document scripts), offline, with no server. Loaded by the search page only; the
   header's box is a plain form that opens it.

   The index is scripts, not JSON, because fetch() of a file:// URL fails in Chromium and
   the portal must search when opened from a folder too. A word shard lists, for each
   folded word starting with its key, the numbers of its documents; a document script holds
   the rows of consecutive documents. A query loads, for each of its words, the shards that
   can hold it, ranks the documents every word matches, and loads the rows of the results
   it shows, at most the table's query_bytes in all. */
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
      (not "exact") one whose key it starts with; shortest keys first, up to `budget`. */
  function plan(manifest, w, budget) {
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
      if (take.length && bytes + s[2] > budget) { partial = true; break; }
      take.push(s);
      bytes += s[2];
    }
    return { word: w, shards: take, bytes, partial };
  }

  /** The shards of all the query's words (each file once), the words that need least
      first, at most the table's shard_bytes together: partial if a word's did not fit.
      `narrows[i]`: whether the loaded shards tell which documents word i matches (all
      of them, or some if partial); not when none of its shards fit. */
  function shardPlan(manifest, qwords) {
    const plans = qwords.map((w) => plan(manifest, w, Infinity));
    const order = plans.map((p, i) => i).sort((a, b) => plans[a].bytes - plans[b].bytes);
    const take = new Map();
    let bytes = 0;
    let partial = false;
    const narrows = plans.map((p) => !p.shards.length);
    for (const i of order) {
      for (const s of plans[i].shards) {
        if (!take.has(s[1])) {
          if (take.size && bytes + s[2] > manifest.shard_bytes) { partial = true; break; }
          take.set(s[1], s);
          bytes += s[2];
        }
        narrows[i] = true;
      }
    }
    return { shards: Array.from(take.values()), bytes, partial, narrows };
  }

  /** Whether a word's title positions (bits 0–4: words 0–4, bit 5: a word from the
      5th on; see `output::search`) may hold position `p`, and whether surely. */
  function at(mask, p) {
    return p < 5 ? { may: (mask >> p) & 1, sure: (mask >> p) & 1 } : { may: (mask >> 5) & 1, sure: 0 };
  }

  /** What the shards tell of a document's bonuses in `score` (the phrase, the start, the
      whole title, the marks typed): [at least, at most]. `rs[i]`: query word i's places in it. */
  function bonuses(q, rs) {
    const n = rs.length;
    // The phrase matches whole words, the last its start, as `score` compares strings.
    const mask = (i) => (i < n - 1 ? rs[i].tw : rs[i].tp);
    const phraseAt = (p) => {
      let may = true;
      let sure = true;
      for (let i = 0; i < n; i++) {
        const a = at(mask(i), p + i);
        may = may && a.may;
        sure = sure && a.sure;
      }
      return { may, sure };
    };
    let lo = 0;
    let hi = 0;
    const start = phraseAt(0);
    if (start.sure) lo += 4;
    if (start.may) hi += 4;
    // The title is the phrase: every word whole in its place, the last one its last word,
    // so the title is as long as the last place of that word (if one of the first five).
    const last = rs[n - 1].tw;
    let whole = rs[n - 1].last && (last >> 5 ? n > 5 : 31 - Math.clz32(last) === n - 1);
    for (let i = 0; i < n && whole; i++) whole = at(rs[i].tw, i).may;
    if (whole) {
      hi += 6;
      let sure = n <= 5;
      for (let i = 0; i < n && sure; i++) sure = at(rs[i].tw, i).sure;
      if (sure) lo += 6;
    }
    if (n > 1) {
      let may = false;
      let sure = false;
      for (let p = 0; p <= 5; p++) {
        const a = phraseAt(p);
        may = may || a.may;
        sure = sure || a.sure;
      }
      if (sure) lo += 10;
      if (may) hi += 10;
      else if (rs.every((r, i) => (i < n - 1 ? r.xw : r.xp))) hi += 6;
    }
    if (q.accented) hi += rs.every((r) => r.tp) ? 40 : 15;
    return [lo, hi];
  }

  /** The documents every query word matches, by the loaded shards' entries ([word, codes]:
      see `output::search`), each with the least (`lo`) and the most (`hi`) it can score
      as far as the shards tell it, those that can score most first (ties in document
      order, which is the ranking's order of kinds and title lengths). A word that does not
      narrow them (see shardPlan) is matched in their rows. */
  function candidates(q, entries, narrows) {
    const per = q.words.map(() => new Map());
    for (const [w, codes] of entries) {
      const ids = [];
      let id = 0;
      for (const c of codes) { id += Math.floor(c / 256); ids.push(id, c % 256); }
      for (const [i, qw] of q.words.entries()) {
        if (!w.startsWith(qw)) continue;
        const whole = w === qw;
        const prefix = i === q.typing;
        const m = per[i];
        for (let k = 0; k < ids.length; k += 2) {
          const bits = ids[k + 1];
          const title = bits >> 2;
          const text = bits & 1;
          // The word's part of `score`: in the title, whole or (the word being typed) its start, else the text.
          const s = title && whole ? 8 : title && prefix ? 5 : text && whole ? 3 : text && prefix ? 1 : 0;
          let r = m.get(ids[k]);
          if (!r) { r = { s: 0, tw: 0, tp: 0, xw: 0, xp: 0, last: false }; m.set(ids[k], r); }
          if (s > r.s) r.s = s;
          r.tp |= title;
          r.xp |= text;
          if (whole) {
            r.tw |= title;
            r.xw |= text;
            if (bits & 2) r.last = true;
          }
        }
      }
    }
    const known = per.filter((m, i) => narrows[i]);
    if (!known.length) return [];
    known.sort((a, b) => a.size - b.size);
    const out = [];
    const none = { s: 0, tw: 0, tp: 0, xw: 0, xp: 0, last: false };
    const all = narrows.every(Boolean);
    for (const id of known[0].keys()) {
      const rs = per.map((m) => m.get(id) || none);
      if (rs.some((r, i) => narrows[i] && !r.s)) continue;
      const s = rs.reduce((n, r) => n + r.s, 0);
      // A word not narrowing: its part is only seen in the row (at most 8, and every bonus).
      const [lo, hi] = all ? bonuses(q, rs) : [0, 8 * q.words.length + 60];
      out.push({ id, lo: s + lo, hi: s + hi });
    }
    out.sort((a, b) => b.hi - a.hi || b.lo - a.lo || a.id - b.id);
    return out;
  }

  /** The document script holding document `id` (the table lists them by first number). */
  function docScript(manifest, id) {
    const ds = manifest.documents;
    let lo = 0;
    let hi = ds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ds[mid][0] <= id) lo = mid; else hi = mid - 1;
    }
    return ds[lo];
  }

  /** The search: what a query finds in the index, loading its parts with `load` (a
      shard or document script's entry of the table → a promise of its contents).
      Returns { hits (the first SHOWN rows, best first), count, partial, bytes, files }. */
  async function find(manifest, text, load) {
    const q = query(text);
    const sp = shardPlan(manifest, q.words);
    const lists = await Promise.all(sp.shards.map(load));
    const cands = candidates(q, lists.flat(), sp.narrows);
    const files = sp.shards.slice();
    let budget = manifest.query_bytes - sp.bytes;
    let partial = sp.partial;
    const rows = new Map();
    const ids = new Map();
    const loadDocs = async (scripts) => {
      const got = await Promise.all(scripts.map(load));
      scripts.forEach((s, k) => got[k].forEach((r, j) => { rows.set(s[0] + j, r); ids.set(r, s[0] + j); }));
      files.push(...scripts);
      for (const s of scripts) budget -= s[2];
    };
    const ranked = () => rankScored(cands.filter((c) => rows.has(c.id)).sort((a, b) => a.id - b.id)
      .map((c) => rows.get(c.id)), q);
    // The documents that can score most first, until the shown ones are sure (no document
    // left can rank before the last of them) or the budget is spent.
    let next = 0;
    for (;;) {
      while (next < cands.length && rows.has(cands[next].id)) next++;
      if (next >= cands.length) break;
      const hits = ranked();
      if (hits.length >= SHOWN) {
        // A document left ranks after it if it scores less, or as much and comes later in
        // the documents' order (a lighter kind or a longer title); kinds weigh less than 1.
        const [score, row] = hits[SHOWN - 1];
        const worst = Math.floor(score);
        const id = ids.get(row);
        if (cands.every((c) => rows.has(c.id) || c.hi < worst || (c.hi === worst && c.id > id))) break;
      }
      const s = docScript(manifest, cands[next].id);
      if (s[2] > budget) { partial = true; break; }
      await loadDocs([s]);
    }
    const hits = ranked();
    const left = cands.filter((c) => !rows.has(c.id)).length;
    return { q, hits: hits.slice(0, SHOWN).map((h) => h[1]), count: hits.length + left, partial,
      bytes: manifest.query_bytes - budget, files };
  }

  /** Mirrored by `Kind::weight` in Rust, which numbers the documents by it. */
  const KIND_WEIGHT = { l: 3, i: 3, m: 2, s: 2, r: 1, p: 1 };
  /** Results shown. */
  const SHOWN = 20;

  /** A query as the ranking reads it. */
  function query(text) {
    const exact = text.normalize("NFC").toLowerCase().trim().replace(/\s+/g, " ");
    const ws = words(text);
    // The word being typed (the last, unless a space follows it) matches the start of a word.
    const typing = /[\p{Alphabetic}\p{N}]$/u.test(text) ? ws.length - 1 : -1;
    return { words: ws, typing, phrase: ws.join(" "), exact, accented: fold(exact) !== exact };
  }

  /** A document's folded forms, made once. A document is
      [kind, before, title, url, text, context], and after it what goes after the
      title (a locality kind, in English) when there is one. */
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

  /** The documents that match, best first, each page once, as [score, row]. */
  function rankScored(docs, q) {
    const seen = new Set();
    const hits = [];
    for (const d of docs) {
      if (seen.has(d[3])) continue;
      const s = score(d, q);
      if (s >= 0) { seen.add(d[3]); hits.push([s, d]); }
    }
    hits.sort((a, b) => b[0] - a[0] || a[1][2].length - b[1][2].length || a[1][2].localeCompare(b[1][2], "vi"));
    return hits;
  }

  /** The documents that match, best first, each page once. */
  function rank(docs, q) {
    return rankScored(docs, q).map((h) => h[1]);
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

  const api = { fold, words, plan, shardPlan, candidates, find, query, score, rank, matches, SHOWN };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  const form = document.getElementById("search");
  if (!form) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const data = form.dataset;
  let manifest = null;
  const loaded = new Map();
  const waiting = new Map();

  // A script of the index calls one of these as it loads; `load` takes what it gave.
  window.minhbachSearch = {
    manifest(m) { manifest = m; },
    shard(key, entries) { waiting.set("s" + key, entries); },
    docs(first, rows) { waiting.set("d" + first, rows); },
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

  /** A shard's entries or a document script's rows (its entry of the table: a shard's
      starts with its key, a document script's with its first number), loaded once. */
  function load(s) {
    const [key, file] = s;
    const name = (typeof key === "string" ? "s" : "d") + key;
    if (!loaded.has(file)) {
      loaded.set(file, script(data.base + file).then(() => {
        const got = waiting.get(name) || [];
        waiting.delete(name);
        return got;
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
      if (d[6]) a.append(" " + d[6]);
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
    let r;
    try {
      r = await find(manifest, typed, load);
    } catch (e) {
      if (mine === generation) status.textContent = data.failed;
      return;
    }
    if (mine !== generation) return;
    show(r.hits, q);
    if (!r.hits.length) say(r.partial ? data.moreLetters : data.none, text, 0, 0);
    else if (r.count > r.hits.length) say(data.foundMore, text, r.count, r.hits.length);
    else say(data.found, text, r.count, r.count);
    if (r.partial && r.hits.length) status.textContent += " " + data.partial;
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
