#!/usr/bin/env bash
# Benchmark of minhbach at national scale, on SYNTHETIC data generated here
# (benches/synth/: 63 provinces, ~700 districts, ~10.400 communes, 44 models,
# 24 months, 30 indicators), and of a 10.000-page Markdown corpus built by
# minhbach and by Hugo in the same run.
#
#   benches/national.sh [--preset national|post-2025] [--pages N]
#
# Prints as its last two lines the results:
#   national: pages=N charts=M bytes=B full_s=X noop_s=Y one_locality_s=Z peak_rss_mb=R
#   markdown: pages=10000 minhbach_s=X hugo_s=Y ratio=Y/X
# and before them: the search index's sizes, the disk's floor (the time to write
# the same site's files from memory: `full_s` is read against it), a second
# one-figure change, and a change of one province-level figure (on which every
# page of the province and the country's comparisons depend), the CPU seconds and
# the bytes written of each build, each on a line of its own.
#
# Binaries are built into and run from $CARGO_TARGET_DIR (default target/, a
# relative one is taken from the repository's root, as cargo does). Work files
# go to $CARGO_TARGET_DIR/bench/ (override with BENCH_DIR). MD_ROUNDS (default
# 5) sets the Markdown rounds; BENCH_SETTLE_S the settling wait (see `settle`).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$repo/$target
work=${BENCH_DIR:-$target/bench}
gen_args=("$@")
[ ${#gen_args[@]} -eq 0 ] && gen_args=(--preset national)

need_apt=()
command -v hugo >/dev/null || need_apt+=(hugo)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (Debian packages)" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >&2
fi

# A previous run's files are deleted first, and the timed builds wait until the
# deletion is 6 minutes old: on ext4 without a journal (this machine's), an inode
# freed less than 30 s ago, or 330 s while its inode-table block is dirty, is
# skipped when allocating, and a run started just after another (130.000 files
# freed) measured its full build 2,7 s slower and its Markdown builds twice as slow.
deleted_at=""
if [ -e "$work" ]; then
  rm -rf "$work"; sync; deleted_at=$(date +%s)
fi
settle() {
  [ -n "$deleted_at" ] || return 0
  local left=$((deleted_at + ${BENCH_SETTLE_S:-360} - $(date +%s)))
  if [ "$left" -gt 0 ]; then
    echo "waiting ${left} s for the inodes freed by deleting the previous run's files (set BENCH_SETTLE_S=0 to skip)" >&2
    sleep "$left"
  fi
  deleted_at=""
}

cargo build --release --locked --bin minhbach --example synth --example floor >&2
bin=$target/release/minhbach
synth=$target/release/examples/synth
floor=$target/release/examples/floor

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

mkdir -p "$work"
site=$work/national; out=$work/national-public
"$synth" "$site" "${gen_args[@]}" --theme-from "$repo" >&2

# CPU seconds (user+system) of a build timed with /usr/bin/time into file $1: on a
# shared or noisy machine they vary less than the wall time.
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }
# Bytes a build timed into file $1 wrote to the file system (its "File system outputs",
# 512-byte blocks, as the kernel counts them: the files of the site and of the cache).
# (%.0f: mawk's %d stops at 2^31 - 1, and a full build writes more bytes than that.)
written() { awk -F': ' '/File system outputs/ { printf "%.0f", $2 * 512 }' "$1"; }
# A rebuild, timed: its log and CPU seconds go to $work/$1.log and $work/time-$1.txt.
rebuild() { /usr/bin/time -v -o "$work/time-$1.txt" "$bin" build --quiet --site "$site" --output "$out" --today 2099-12-31 2>"$work/$1.log"; }

md=$work/markdown; hg=$work/hugo
"$synth" "$md" --markdown 10000 >&2
"$synth" "$hg" --hugo 10000 >&2

# Markdown: the same 10.000 pages for minhbach and for Hugo, minimal templates
# for both, built before the national site: every rebuild of that removes the
# folders of the site it started from, and both tools must meet a disk on
# which nothing was freed in the last minutes (see `settle` above). Every
# build goes into a folder that never existed, nothing is deleted between
# builds, the two tools alternate; each tool's median of the rounds is reported.
sync; settle
rounds=${MD_ROUNDS:-5}
m_all=(); h_all=()
for r in $(seq "$rounds"); do
  sync
  t0=$(now); "$bin" build --quiet --full --site "$md" --output "$md/public-$r" --today 2099-12-31 2>"$work/md.log"; t1=$(now)
  m_all+=("$(secs "$t0" "$t1")"); tail -1 "$work/md.log" >&2
  sync
  t0=$(now); (cd "$hg" && hugo --quiet --destination "$hg/public-$r" >&2); t1=$(now)
  h_all+=("$(secs "$t0" "$t1")")
  echo "markdown round $r: minhbach_s=${m_all[-1]} hugo_s=${h_all[-1]}" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
m_s=$(median "${m_all[@]}"); h_s=$(median "${h_all[@]}")
echo "hugo pages: $(find "$hg/public-1" -name '*.html' | wc -l)" >&2
ratio=$(awk -v m="$m_s" -v h="$h_s" 'BEGIN { printf "%.2f", (m > 0 ? h / m : 0) }')

# Full build from nothing, with peak memory.
sync
t0=$(now)
/usr/bin/time -v -o "$work/time-full.txt" "$bin" build --quiet --site "$site" --output "$out" --today 2099-12-31 2>"$work/full.log"
t1=$(now); full_s=$(secs "$t0" "$t1")
tail -1 "$work/full.log" >&2
rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$work/time-full.txt")
# The summary is in the site's language ("build: N pages, M other files, B bytes …"
# or "build: N trang, M tệp khác, B byte …"): its first and third numbers.
summary=$(grep '^build:' "$work/full.log" | tail -1)
pages=$(grep -oE '[0-9]+' <<<"$summary" | sed -n 1p)
bytes=$(grep -oE '[0-9]+' <<<"$summary" | sed -n 3p)
charts=$(find "$out/du-lieu/bieu-do" -name '*.csv' 2>/dev/null | wc -l)

# The disk's floor: the same files, read into memory first, written into a new
# folder on every core (benches/floor.rs). Nothing was deleted since the wait
# above, so it meets the disk the full build met. Its folder is left in place
# (deleting it would free 60.000 inodes before the timed rebuilds below).
floor_line=$("$floor" "$out" "$work/floor")

# Nothing changed.
t0=$(now); rebuild noop; t1=$(now); noop_s=$(secs "$t0" "$t1")
tail -1 "$work/noop.log" >&2

# One figure of one commune in the last month.
last=$(ls "$site/data/reports" | sort | tail -1)
files=("$site/data/reports/$last/indicators/"*.toml); file=${files[0]}
# Sets the first (a province's: provinces come first in each file) or the last (a
# commune's) value of the figure file.
set_value() {
  python3 - "$file" "$1" "$2" <<'PY'
import sys
p, which, value = sys.argv[1:]
s = open(p, encoding="utf-8").read()
i = s.index("\nvalue = ") if which == "first" else s.rfind("\nvalue = ")
j = s.index("\n", i + 1)
s = s[:i] + "\nvalue = " + value + s[j:]
open(p, "w", encoding="utf-8").write(s)
PY
}
set_value last 424242
t0=$(now); rebuild one; t1=$(now); one_s=$(secs "$t0" "$t1")
tail -1 "$work/one.log" >&2
# The same figure corrected again: a rebuild that starts from the site kept by
# the one before (the first change after a full build starts from the copy of
# links that build kept).
set_value last 424243
t0=$(now); rebuild again; t1=$(now); again_s=$(secs "$t0" "$t1")
tail -1 "$work/again.log" >&2

# One province-level figure (the first value of the file is the province's):
# its page, its districts' and communes' comparisons and the country's pages
# depend on it, so it is reported apart from the commune's.
set_value first 4242424
t0=$(now); rebuild province; t1=$(now); province_s=$(secs "$t0" "$t1")
tail -1 "$work/province.log" >&2

# Search (issue 27): the national index's size, its word shards (how many, the largest),
# its document scripts, and what one query loads (bytes of word shards and document
# scripts, uncompressed and gzipped; how many of each) with the search page's own script
# run by Node on the built index (ms: reading those files, parsing them and ranking, on
# this machine). A query must load at most 300 KB (output::search::QUERY_BYTES).
idx=$out/tim-kiem
search_total=$(find "$idx" -name '*.js' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
search_shards=$(find "$idx/chi-muc" -name '*.js' | wc -l)
search_largest=$(find "$idx/chi-muc" -name '*.js' -printf '%s\n' | sort -n | tail -1)
search_docs=$(find "$idx/tai-lieu" -name '*.js' | wc -l)
if command -v node >/dev/null; then
  node "$repo/tests/browser/search.mjs" plan "$out" "thanh hoa" "nghe an" "xa" "t" >"$work/search-plan.json"
  search_queries=$(python3 - "$work/search-plan.json" "$out" <<'PY'
import gzip, json, os, sys
plans = json.load(open(sys.argv[1]))
def gz(p):
    return sum(len(gzip.compress(open(os.path.join(sys.argv[2], f), "rb").read())) for f in p["files"])
print(" ".join(
    f'query="{p["q"]}":bytes={p["bytes"]},gzip={gz(p)},shards={p["shards"]},documents={p["documents"]},hits={p["hits"]},partial={str(p["partial"]).lower()},ms={p["ms"]}'
    for p in plans))
PY
)
else
  search_queries="(node not found: scripts/install-test-tools.sh installs it)"
fi
echo "search: total_bytes=$search_total shards=$search_shards largest_shard=$search_largest document_files=$search_docs $search_queries"
echo "$floor_line (the disk's floor for full_s)"
echo "national, CPU seconds (user+system): full=$(cpu "$work/time-full.txt") noop=$(cpu "$work/time-noop.txt") one_locality=$(cpu "$work/time-one.txt") again=$(cpu "$work/time-again.txt") one_province=$(cpu "$work/time-province.txt")"
echo "national, bytes written: full=$(written "$work/time-full.txt") noop=$(written "$work/time-noop.txt") one_locality=$(written "$work/time-one.txt") again=$(written "$work/time-again.txt") one_province=$(written "$work/time-province.txt")"
echo "national, a province-level figure: one_province_s=$province_s"
echo "national, a second change: one_locality_s=$again_s"
echo "national: pages=$pages charts=$charts bytes=$bytes full_s=$full_s noop_s=$noop_s one_locality_s=$one_s peak_rss_mb=$((rss_kb / 1024))"
echo "markdown: pages=10000 minhbach_s=$m_s hugo_s=$h_s ratio=$ratio"
