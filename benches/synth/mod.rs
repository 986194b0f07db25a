//! SYNTHETIC data for tests and benchmarks: a national portal with the
//! schema of `data/` (see data/README.md), generated deterministically from a
//! seed. Every figure here is invented; the generated `site.toml` sets
//! `synthetic = true`, so every page title says SYNTHETIC.
//!
//! Density, chosen to resemble what provinces actually report:
//! - a province reports every indicator every month (30), sometimes
//!   "không phát sinh" (none this month), sometimes a lower bound ("trên …"),
//!   often with the change on the previous month;
//! - a district reports a third of them (10), a commune four, because lower
//!   levels report fewer figures;
//! - about one report in eight of a district or commune is missing (a month
//!   with no figures for it);
//! - model statuses (44 models) are reported each month by the country's
//!   report; plans exist for every province and every third district.
//!
//! A month's figures are written one file per province under
//! `reports/YYYY-MM/indicators/<province>.toml`, the layout for portals too
//! large for one file per month.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Size parameters of a synthetic portal.
#[derive(Debug, Clone)]
pub struct Params {
    /// Seed of the generator: the same seed gives the same files.
    pub seed: u64,
    /// Provinces.
    pub provinces: usize,
    /// Districts per province (0: the two-tier structure of 2025, communes under provinces).
    pub districts_per_province: usize,
    /// Communes per district (or per province when there are no districts).
    pub communes_per_parent: usize,
    /// Months of reports, ending with `last_month`.
    pub months: usize,
    /// The last month reported, as (year, month).
    pub last_month: (i32, u32),
    /// Indicators (at least 6).
    pub indicators: usize,
    /// Models.
    pub models: usize,
}

impl Params {
    /// About 63 provinces, 700 districts and 10.600 communes: the structure before 2025.
    pub fn national() -> Params {
        Params {
            seed: 6,
            provinces: 63,
            districts_per_province: 11,
            communes_per_parent: 15,
            months: 24,
            last_month: (2025, 12),
            indicators: 30,
            models: 44,
        }
    }
    /// 34 provinces and about 3.300 communes: the two-tier structure from July 2025.
    pub fn post_2025() -> Params {
        Params {
            provinces: 34,
            districts_per_province: 0,
            communes_per_parent: 97,
            ..Params::national()
        }
    }
    /// A portal of a few dozen pages, for tests.
    pub fn small() -> Params {
        Params {
            seed: 1,
            provinces: 2,
            districts_per_province: 2,
            communes_per_parent: 3,
            months: 3,
            last_month: (2025, 3),
            indicators: 8,
            models: 6,
        }
    }
    /// Number of localities.
    pub fn localities(&self) -> usize {
        let d = self.provinces * self.districts_per_province;
        let c = if self.districts_per_province == 0 {
            self.provinces * self.communes_per_parent
        } else {
            d * self.communes_per_parent
        };
        self.provinces + d + c
    }
    /// Approximate number of HTML pages: one per locality, model, indicator and month, and a dozen more.
    pub fn pages(&self) -> usize {
        self.localities() + self.models + self.indicators + self.months + 12
    }
    /// Sets the communes per parent so that the portal has about `pages` pages.
    pub fn with_pages(mut self, pages: usize) -> Params {
        let fixed = self.models + self.indicators + self.months + 12;
        let parents = if self.districts_per_province == 0 {
            self.provinces
        } else {
            self.provinces * self.districts_per_province
        };
        let upper = self.provinces + self.provinces * self.districts_per_province;
        self.communes_per_parent = pages.saturating_sub(fixed + upper).div_ceil(parents.max(1));
        self
    }
}

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability p.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    /// One of the items.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "Thanh",
    "Hóa",
    "Nghệ",
    "An",
    "Hà",
    "Tĩnh",
    "Quảng",
    "Bình",
    "Trị",
    "Thừa",
    "Thiên",
    "Đà",
    "Phú",
    "Yên",
    "Khánh",
    "Hòa",
    "Ninh",
    "Thuận",
    "Lâm",
    "Đồng",
    "Đắk",
    "Gia",
    "Lai",
    "Sơn",
    "Điện",
    "Biên",
    "Hưng",
    "Vĩnh",
    "Phúc",
    "Bắc",
    "Giang",
    "Cao",
    "Bằng",
    "Lạng",
    "Tuyên",
    "Quang",
    "Thái",
    "Nguyên",
    "Long",
    "Xuyên",
    "Mỹ",
    "Trà",
    "Vinh",
    "Sóc",
    "Trăng",
    "Bạc",
    "Liêu",
    "Kiên",
    "Hậu",
    "Cần",
    "Tiền",
    "Đông",
    "Tây",
    "Nam",
    "Trung",
    "Thượng",
    "Hạ",
    "Tân",
    "Phước",
    "Lộc",
    "Thọ",
    "Xuân",
    "Hồng",
    "Lĩnh",
    "Diễn",
    "Châu",
    "Hoằng",
    "Quỳnh",
    "Nghĩa",
    "Đức",
    "Kỳ",
    "Cẩm",
    "Thạch",
    "Hương",
    "Khê",
    "Ngọc",
    "Lặc",
    "Thiệu",
    "Triệu",
    "Nông",
    "Cống",
    "Như",
    "Quan",
    "Mường",
    "Lát",
    "Bá",
    "Thước",
    "Ứng",
    "Hải",
    "Dương",
    "Phượng",
    "Hoàng",
    "Văn",
    "Thụ",
    "Ái",
    "Quốc",
    "Tuấn",
    "Điền",
    "Trường",
    "Xã",
    "Ỷ",
    "Ễnh",
];

const MODEL_TITLES: &[&str] = &[
    "Xây dựng tối thiểu 20 dịch vụ công không sử dụng hồ sơ giấy",
    "Khám chữa bệnh sử dụng thẻ căn cước công dân và ứng dụng VNeID",
    "Chi trả an sinh xã hội không dùng tiền mặt",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tuyến phố, khu dân cư không dùng tiền mặt",
    "Xác thực điện tử bằng tài khoản định danh mức độ 2",
    "Cấp phiếu lý lịch tư pháp trên ứng dụng VNeID",
    "Sổ sức khỏe điện tử cho người dân",
    "Nhập học trực tuyến, thanh toán học phí không dùng tiền mặt",
    "Chợ 4.0, thanh toán bằng mã QR",
];

/// A name of `n` syllables.
fn name(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| rng.pick(SYLLABLES))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `(year, month)` stepped back by `k` months.
fn month_back((y, m): (i32, u32), k: usize) -> (i32, u32) {
    let idx = y * 12 + m as i32 - 1 - k as i32;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

fn ym((y, m): (i32, u32)) -> String {
    format!("{y}-{m:02}")
}

/// Vietnamese thousands: 3.182.603.
fn vn_number(x: i64) -> String {
    let s = x.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if x < 0 { format!("-{out}") } else { out }
}

/// A locality of the generated portal.
#[derive(Debug, Clone)]
pub struct Place {
    /// Slug.
    pub slug: String,
    /// Name without the kind word.
    pub name: String,
    /// Kind (province, district, commune ...).
    pub kind: &'static str,
    /// Parent slug.
    pub parent: Option<String>,
    /// 0 province, 1 district, 2 commune.
    pub level: u8,
    /// Index of its province.
    pub province: usize,
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every locality, parents first.
    pub places: Vec<Place>,
    /// Months reported, oldest first, as `YYYY-MM`.
    pub months: Vec<String>,
    /// Number of `[[value]]` records written.
    pub values: usize,
}

struct IndicatorDef {
    id: String,
    name: String,
    percent: bool,
    /// (numerator, denominator) for rates.
    parts: Option<(String, String)>,
    scale: f64,
}

fn indicators(n: usize) -> Vec<IndicatorDef> {
    let base = [
        ("Số hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ"),
        ("Số hồ sơ nộp trực tuyến", "hồ sơ"),
        ("Số tài khoản định danh điện tử được kích hoạt", "tài khoản"),
        ("Số thẻ căn cước được cấp", "thẻ"),
        ("Số người hưởng an sinh xã hội", "người"),
        ("Số người nhận chi trả không dùng tiền mặt", "người"),
        ("Số lượt khám chữa bệnh bằng thẻ căn cước", "lượt"),
        ("Số phiếu lý lịch tư pháp cấp qua VNeID", "phiếu"),
        ("Số hồ sơ được số hóa", "hồ sơ"),
        ("Số điểm thanh toán bằng mã QR", "điểm"),
    ];
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < n {
        let k = i / base.len();
        let (name, _) = base[i % base.len()];
        let suffix = if k == 0 {
            String::new()
        } else {
            format!(" (nhóm {})", k + 1)
        };
        // Every third pair of counts gets a rate computed from them.
        if i % 3 == 2 && out.len() + 1 < n {
            let num: &IndicatorDef = &out[out.len() - 1];
            let den: &IndicatorDef = &out[out.len() - 2];
            let parts = (num.id.clone(), den.id.clone());
            out.push(IndicatorDef {
                id: format!("ty-le-{}", i + 1),
                name: format!("Tỷ lệ {}{suffix}", name.to_lowercase()),
                percent: true,
                parts: Some(parts),
                scale: 100.0,
            });
        } else {
            out.push(IndicatorDef {
                id: format!("chi-so-{}", i + 1),
                name: format!("{name}{suffix}"),
                percent: false,
                parts: None,
                // A future rate's numerator is of the size of its denominator, just before it.
                scale: if i % 3 == 1 {
                    out.last().map_or(1e4, |d: &IndicatorDef| d.scale * 0.6)
                } else {
                    10f64.powi(3 + (i % 4) as i32)
                },
            });
        }
        i += 1;
    }
    // A rate's denominator must not be smaller than its numerator: order the pair.
    out
}

/// Writes a synthetic site (site.toml, data/, content/) into `dir`, which should be empty.
///
/// The parts are written in a fixed order because they all draw from one
/// generator: the same seed must give the same files.
pub fn generate(root: &Path, p: &Params) -> io::Result<Generated> {
    let mut rng = Rng::new(p.seed);
    let data = root.join("data");
    fs::create_dir_all(data.join("plans"))?;
    fs::create_dir_all(root.join("content/reports"))?;
    fs::write(
        root.join("site.toml"),
        format!(
            "title = {}\ndescription = {}\nsynthetic = true\npublisher = \"SYNTHETIC\"\n",
            q("Đề án 06 toàn quốc (SYNTHETIC)"),
            q("Dữ liệu SYNTHETIC do máy sinh ra để thử và đo hiệu năng; không phải số liệu thật.")
        ),
    )?;
    let months: Vec<String> = (0..p.months)
        .rev()
        .map(|k| ym(month_back(p.last_month, k)))
        .collect();
    let places = places(&mut rng, p);
    write_localities(&data, &places)?;
    write_sources(&data, &mut rng, &months, &places)?;
    write_models(&data, &mut rng, p)?;
    let inds = indicators(p.indicators);
    write_indicators(&data, &inds)?;
    write_plans(&data, &places, p.models)?;
    let mut reports = Reports::new(p, &places, &inds);
    for (mi, m) in months.iter().enumerate() {
        reports.month(root, &mut rng, mi, m)?;
    }
    let values = reports.values;
    fs::write(
        root.join("content/gioi-thieu.md"),
        "+++\ntitle = \"Giới thiệu (SYNTHETIC)\"\nweight = 1\n+++\n\nCổng này được dựng từ **dữ liệu SYNTHETIC** để thử nghiệm và đo hiệu năng. Không số liệu nào ở đây là thật.\n",
    )?;
    Ok(Generated {
        places,
        months,
        values,
    })
}

/// Invents the localities: every province first, then each province's districts and communes.
fn places(rng: &mut Rng, p: &Params) -> Vec<Place> {
    // Two invented names can slugify alike; a slug must name one locality, so draw again.
    let mut used = std::collections::HashSet::new();
    let mut unique = |rng: &mut Rng, syllables: usize| loop {
        let extra = rng.below(2);
        let n = name(rng, syllables + extra);
        let slug = minhbach::common::text::slugify(&n);
        if used.insert(slug.clone()) {
            return (slug, n);
        }
    };
    let mut places: Vec<Place> = Vec::new();
    for pi in 0..p.provinces {
        let (slug, n) = unique(rng, 2);
        places.push(Place {
            slug,
            name: n,
            kind: if pi % 9 == 0 { "city" } else { "province" },
            parent: None,
            level: 0,
            province: pi,
        });
    }
    for pi in 0..p.provinces {
        let prov = places[pi].slug.clone();
        let parents: Vec<(String, u8)> = if p.districts_per_province == 0 {
            vec![(prov.clone(), 0)]
        } else {
            (0..p.districts_per_province)
                .map(|di| {
                    let (slug, n) = unique(rng, 2);
                    places.push(Place {
                        slug: slug.clone(),
                        name: n,
                        kind: ["district", "district", "district", "town", "city"][di % 5],
                        parent: Some(prov.clone()),
                        level: 1,
                        province: pi,
                    });
                    (slug, 1)
                })
                .collect()
        };
        for (parent, _) in parents {
            for ci in 0..p.communes_per_parent {
                // Long names now and then: "Thị trấn Nông Cống Hoằng Hóa Thượng".
                let (slug, n) = unique(rng, if ci % 7 == 0 { 4 } else { 2 });
                places.push(Place {
                    slug,
                    name: n,
                    kind: ["commune", "commune", "commune", "ward", "township"][ci % 5],
                    parent: Some(parent.clone()),
                    level: 2,
                    province: pi,
                });
            }
        }
    }
    places
}

/// Writes `data/localities.toml`.
fn write_localities(data: &Path, places: &[Place]) -> io::Result<()> {
    let mut s = String::new();
    for pl in places {
        let _ = writeln!(
            s,
            "[[locality]]\nname = {}\nkind = \"{}\"",
            q(&pl.name),
            pl.kind
        );
        if let Some(parent) = &pl.parent {
            let _ = writeln!(s, "parent = \"{parent}\"");
        }
        let _ = writeln!(
            s,
            "cite = {{ source = \"synthetic-plan\", at = \"Phụ lục I\" }}\n"
        );
    }
    fs::write(data.join("localities.toml"), s)
}

/// Writes `data/sources.toml`: one plan, one report a month.
fn write_sources(
    data: &Path,
    rng: &mut Rng,
    months: &[String],
    places: &[Place],
) -> io::Result<()> {
    let mut s = format!(
        "[[source]]\nid = \"synthetic-plan\"\nkind = \"plan\"\nissuer = \"SYNTHETIC\"\nnumber = \"\"\ndate = \"{}\"\ntitle = {}\nfile = \"synthetic\"\nlocality = \"{}\"\n\n",
        &months[0][..4],
        q("Kế hoạch SYNTHETIC triển khai Đề án 06"),
        places[0].slug
    );
    for m in months {
        let _ = writeln!(
            s,
            "[[source]]\nid = \"synthetic-{m}\"\nkind = \"report\"\nissuer = \"SYNTHETIC\"\nnumber = \"{}/BC-SYN\"\ndate = \"{m}\"\ntitle = {}\nfile = \"synthetic\"\nlocality = \"{}\"\n",
            rng.below(900) + 100,
            q(&format!(
                "Báo cáo SYNTHETIC kết quả triển khai Đề án 06 tháng {m}"
            )),
            places[0].slug
        );
    }
    fs::write(data.join("sources.toml"), s)
}

/// Writes `data/models.toml`: the models in five groups.
fn write_models(data: &Path, rng: &mut Rng, p: &Params) -> io::Result<()> {
    let groups = ["I", "II", "III", "IV", "V"];
    let per_group = p.models.div_ceil(groups.len());
    let mut s = String::new();
    for (gi, g) in groups.iter().enumerate() {
        let count = p.models.saturating_sub(gi * per_group).min(per_group);
        let _ = writeln!(
            s,
            "[[group]]\nid = \"{g}\"\nname = {}\nstated_count = {count}\ncite = {{ source = \"synthetic-plan\", at = \"Phụ lục III, nhóm {g}\" }}\n",
            q(&format!("Nhóm mô hình {g} (SYNTHETIC)"))
        );
    }
    for n in 1..=p.models {
        let title = format!(
            "{} tại {}",
            MODEL_TITLES[(n - 1) % MODEL_TITLES.len()],
            name(rng, 2)
        );
        let _ = writeln!(
            s,
            "[[model]]\nnumber = {n}\ngroup = \"{}\"\ntitle = {}\ngoal = {}\ncite = {{ source = \"synthetic-plan\", at = \"Phụ lục III, STT {n}\" }}\n",
            groups[((n - 1) / per_group).min(4)],
            q(&title),
            q("Mục tiêu SYNTHETIC: triển khai trên toàn bộ địa bàn trước hạn.")
        );
    }
    fs::write(data.join("models.toml"), s)
}

/// Writes `data/indicators.toml`.
fn write_indicators(data: &Path, inds: &[IndicatorDef]) -> io::Result<()> {
    let mut s = String::new();
    for i in inds {
        let _ = write!(
            s,
            "[[indicator]]\nid = \"{}\"\nname = {}\nunit = \"{}\"\n",
            i.id,
            q(&i.name),
            if i.percent { "percent" } else { "count" }
        );
        if let Some((n, d)) = &i.parts {
            let _ = write!(s, "numerator = \"{n}\"\ndenominator = \"{d}\"\n");
        } else {
            let _ = writeln!(s, "counted = \"hồ sơ\"");
        }
        let _ = writeln!(
            s,
            "higher_is_better = true\ncite = {{ source = \"synthetic-plan\", at = \"Phụ lục II\" }}\n"
        );
    }
    fs::write(data.join("indicators.toml"), s)
}

/// Writes `data/plans/<slug>.toml` for every province and every third district.
fn write_plans(data: &Path, places: &[Place], models: usize) -> io::Result<()> {
    for (k, pl) in places
        .iter()
        .enumerate()
        .filter(|(_, pl)| pl.level == 0 || (pl.level == 1 && pl.slug.len() % 3 == 0))
    {
        let items = 4 + k % 8;
        let mut s = format!(
            "[plan]\nlocality = \"{}\"\nkind = \"models\"\ntitle = {}\nperiod = \"Từ tháng 01/2024 đến tháng 12/2025\"\nstated_count = {items}\ncite = {{ source = \"synthetic-plan\", at = \"Mục II\" }}\n\n",
            pl.slug,
            q(&format!(
                "Kế hoạch SYNTHETIC triển khai các mô hình tại {}",
                pl.name
            ))
        );
        for it in 1..=items {
            let model = (k + it * 5) % models + 1;
            let _ = writeln!(
                s,
                "[[item]]\nnumber = \"{it}\"\nmodel = {model}\ntitle = {}\nlead = [{}]\ndeadline = \"{}\"\ncite = {{ source = \"synthetic-plan\", at = \"Mục III.{it}\" }}\n",
                q(MODEL_TITLES[(model - 1) % MODEL_TITLES.len()]),
                q(&format!("UBND {}", pl.name)),
                [
                    "30/9/2024",
                    "tháng 6/2025",
                    "Quý II/2025",
                    "Năm 2025",
                    "thường xuyên"
                ][it % 5]
            );
        }
        fs::write(data.join("plans").join(format!("{}.toml", pl.slug)), s)?;
    }
    Ok(())
}

/// Writes `reports/<month>/models.toml`: every model's status, as the country's report gives it.
fn write_model_statuses(
    dir: &Path,
    rng: &mut Rng,
    models: usize,
    mi: usize,
    m: &str,
) -> io::Result<()> {
    let statuses = [
        "completed",
        "maintaining",
        "on_track",
        "in_progress",
        "no_results",
        "not_started",
    ];
    let mut s = String::new();
    for n in 1..=models {
        // A model's status moves on every six months.
        let st = statuses[(n + mi / 6) % statuses.len()];
        let _ = writeln!(
            s,
            "[[status]]\nmodel = {n}\nrow = \"{n}\"\nassessment = {}\nstatus = \"{st}\"\nresults = {}\ncite = {{ source = \"synthetic-{m}\", at = \"Phụ lục III, STT {n}\" }}\n",
            q("Đánh giá SYNTHETIC của tháng."),
            q(&format!(
                "Đã triển khai tại {} đơn vị (SYNTHETIC).",
                rng.below(500)
            ))
        );
    }
    fs::write(dir.join("models.toml"), s)
}

/// The monthly reports: what stays from one month to the next, and the count of values written.
struct Reports<'a> {
    p: &'a Params,
    places: &'a [Place],
    inds: &'a [IndicatorDef],
    /// A running level per (locality, indicator), so that figures grow month by month.
    level: Vec<f64>,
    /// For a rate's numerator, the index of its denominator.
    denominator_of: Vec<Option<usize>>,
    /// This month's figure of the locality being written, per indicator (0 when not given).
    this_month: Vec<f64>,
    /// `[[value]]` records written so far.
    values: usize,
}

impl<'a> Reports<'a> {
    /// Reports with no month written yet.
    fn new(p: &'a Params, places: &'a [Place], inds: &'a [IndicatorDef]) -> Reports<'a> {
        let denominator_of = inds
            .iter()
            .map(|i| {
                inds.iter()
                    .filter_map(|r| r.parts.as_ref())
                    .find(|(n, _)| *n == i.id)
                    .and_then(|(_, d)| inds.iter().position(|x| &x.id == d))
            })
            .collect();
        Reports {
            p,
            places,
            inds,
            level: vec![0.0; places.len() * inds.len()],
            denominator_of,
            this_month: vec![0.0; inds.len()],
            values: 0,
        }
    }

    /// Writes month `m` (the `mi`-th): its report, model statuses, figures, and now and then a bulletin.
    fn month(&mut self, root: &Path, rng: &mut Rng, mi: usize, m: &str) -> io::Result<()> {
        let places = self.places;
        let dir = root.join("data/reports").join(m);
        fs::create_dir_all(dir.join("indicators"))?;
        fs::write(
            dir.join("report.toml"),
            format!(
                "[report]\nmonth = \"{m}\"\nlocality = \"{}\"\nsource = \"synthetic-{m}\"\nstatus = \"final\"\ntitle = {}\n",
                places[0].slug,
                q(&format!("Báo cáo SYNTHETIC tháng {m}"))
            ),
        )?;
        write_model_statuses(&dir, rng, self.p.models, mi, m)?;
        // One file per province: the layout for portals too large for one file per month.
        let mut files: Vec<String> = vec![String::new(); self.p.provinces];
        for (li, pl) in places.iter().enumerate() {
            self.locality(rng, &mut files[pl.province], li, mi, m);
        }
        for (pi, text) in files.iter().enumerate() {
            if !text.is_empty() {
                fs::write(
                    dir.join("indicators")
                        .join(format!("{}.toml", places[pi].slug)),
                    text,
                )?;
            }
        }
        if mi % 4 == 3 {
            fs::write(
                root.join("content/reports").join(format!("{m}.md")),
                format!(
                    "+++\ntitle = {}\ndescription = {}\n+++\n\nBản tin SYNTHETIC của tháng {m}: số liệu do máy sinh ra.\n",
                    q(&format!("Bản tin tháng {m} (SYNTHETIC)")),
                    q("Tóm tắt SYNTHETIC.")
                ),
            )?;
        }
        Ok(())
    }

    /// Appends to `s` the figures of locality `li` for month `m`, or nothing when it did not report.
    fn locality(&mut self, rng: &mut Rng, s: &mut String, li: usize, mi: usize, m: &str) {
        let pl = &self.places[li];
        let inds = self.inds;
        // Lower levels report fewer figures.
        let reported = match pl.level {
            0 => inds.len(),
            1 => (inds.len() / 3).max(3),
            _ => 4.min(inds.len()),
        };
        if pl.level > 0 && rng.chance(0.125) {
            return; // no report from this locality this month
        }
        self.this_month.iter_mut().for_each(|x| *x = 0.0);
        for (k, i) in inds[..reported].iter().enumerate() {
            // A rate comes with its two parts, so give the parts first.
            if i.parts.is_none() {
                self.count(rng, s, li, k, mi, m);
            }
        }
        self.rates(rng, s, li, reported, m);
    }

    /// Appends the figure of count `k` for locality `li`: a value, a lower bound, or none this month.
    fn count(&mut self, rng: &mut Rng, s: &mut String, li: usize, k: usize, mi: usize, m: &str) {
        let pl = &self.places[li];
        let i = &self.inds[k];
        let slot = li * self.inds.len() + k;
        let scale = i.scale / (1.0 + 20.0 * pl.level as f64);
        let prev = self.level[slot];
        let growth = (rng.below(1000) as f64 / 1000.0 * scale * 0.05).round();
        let mut x = if prev == 0.0 {
            (scale * (1.0 + rng.below(100) as f64 / 50.0)).round()
        } else {
            prev + growth
        };
        // A rate's numerator stays below its denominator.
        if let Some(d) = self.denominator_of[k]
            && self.this_month[d] > 0.0
        {
            x = x.min((self.this_month[d] * 0.97).floor());
        }
        self.this_month[k] = x;
        self.level[slot] = x;
        let _ = write!(
            s,
            "[[value]]\nindicator = \"{}\"\nlocality = \"{}\"\n",
            i.id, pl.slug
        );
        let roll = rng.below(100);
        if roll < 3 {
            s.push_str("none_this_month = true\n");
        } else if roll < 6 {
            let _ = writeln!(s, "lower_bound = {}", (x / 100.0).floor() * 100.0);
        } else {
            let _ = writeln!(s, "value = {x}");
            if pl.level == 0 {
                // As in the real reports, the first month states its change on the month before,
                // from which the program derives that month's figure.
                if mi == 0 {
                    let _ = writeln!(
                        s,
                        "delta = {{ by = {growth}, on = \"{}\" }}",
                        ym(month_back(self.p.last_month, self.p.months))
                    );
                }
                let _ = writeln!(
                    s,
                    "as_written = {}",
                    q(&format!(
                        "{} hồ sơ, tăng {} hồ sơ so với tháng trước",
                        vn_number(x as i64),
                        vn_number(if prev > 0.0 { x - prev } else { growth } as i64)
                    ))
                );
            }
        }
        let _ = writeln!(
            s,
            "cite = {{ source = \"synthetic-{m}\", at = \"Phụ lục IV, {}\" }}\n",
            k + 1
        );
        self.values += 1;
    }

    /// Appends now and then a province's printed rate; the program computes it from its parts.
    fn rates(&mut self, rng: &mut Rng, s: &mut String, li: usize, reported: usize, m: &str) {
        let pl = &self.places[li];
        let inds = self.inds;
        for i in inds[..reported].iter().filter(|i| i.parts.is_some()) {
            let part = |id: &str| {
                inds.iter()
                    .position(|x| x.id == id)
                    .map_or(0.0, |k| self.this_month[k])
            };
            let (n, d) = i
                .parts
                .as_ref()
                .map_or((0.0, 0.0), |(n, d)| (part(n), part(d)));
            if pl.level == 0 && d > 0.0 && rng.chance(0.5) {
                // Printed as the document prints it; one in ten disagrees with its parts.
                let computed = (n * 10000.0 / d).round() / 100.0;
                let stated = if rng.chance(0.1) {
                    (computed - 1.0 - rng.below(300) as f64 / 100.0).max(0.0)
                } else {
                    computed
                };
                let _ = writeln!(
                    s,
                    "[[value]]\nindicator = \"{}\"\nlocality = \"{}\"\nstated = {}\ncite = {{ source = \"synthetic-{m}\", at = \"Phụ lục IV\" }}\n",
                    i.id,
                    pl.slug,
                    (stated * 100.0).round() / 100.0
                );
                self.values += 1;
            }
        }
    }
}

/// Templates of a minimal theme: every page is its title and its content,
/// the same as the Hugo layouts the benchmark compares with.
pub const MINIMAL_TEMPLATE: &str = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{{ title }} — {{ site.title }}</title></head><body><main><h1>{{ title }}</h1>{% if content %}{{ content | safe }}{% endif %}</main></body></html>\n";

/// Writes a site whose only content is Markdown: site.toml, the minimal data
/// a site needs (four empty catalogues), a minimal theme, and the corpus.
pub fn markdown_site(dir: &Path, pages: usize, seed: u64) -> io::Result<()> {
    fs::create_dir_all(dir.join("data"))?;
    fs::write(
        dir.join("site.toml"),
        "title = \"Markdown (SYNTHETIC)\"\nsynthetic = true\n",
    )?;
    for f in ["sources", "localities", "models", "indicators"] {
        fs::write(dir.join("data").join(format!("{f}.toml")), "")?;
    }
    let templates = dir.join("themes/minimal/templates");
    fs::create_dir_all(&templates)?;
    fs::write(
        dir.join("site.toml"),
        "title = \"Markdown (SYNTHETIC)\"\nsynthetic = true\ntheme = \"minimal\"\n",
    )?;
    for t in [
        "index.html",
        "page.html",
        "404.html",
        "models.html",
        "model.html",
        "indicators.html",
        "indicator.html",
        "localities.html",
        "locality.html",
        "reports.html",
        "report.html",
        "deadlines.html",
        "sources.html",
        "data.html",
        "services.html",
        "corrections.html",
        "chart.html",
    ] {
        fs::write(templates.join(t), MINIMAL_TEMPLATE)?;
    }
    markdown_corpus(dir, pages, seed)
}

/// Writes the same corpus as a Hugo site with equally minimal layouts.
pub fn hugo_site(dir: &Path, pages: usize, seed: u64) -> io::Result<()> {
    fs::create_dir_all(dir.join("layouts/_default"))?;
    fs::write(
        dir.join("hugo.toml"),
        "title = \"Markdown (SYNTHETIC)\"\nbaseURL = \"/\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n[markup.goldmark.renderer]\nunsafe = false\n",
    )?;
    let layout = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{{ .Title }} — {{ .Site.Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n";
    for f in ["single.html", "list.html"] {
        fs::write(dir.join("layouts/_default").join(f), layout)?;
    }
    fs::write(dir.join("layouts/index.html"), layout)?;
    markdown_corpus(dir, pages, seed)
}

/// Writes a plain Markdown corpus of `pages` pages (about 650 words each,
/// with headings, a list, a table and a link, TOML front matter) under
/// `dir/content/`, for comparing generators.
pub fn markdown_corpus(dir: &Path, pages: usize, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let content = dir.join("content");
    for i in 0..pages {
        let section = content.join(format!("muc-{:02}", i % 100));
        if i < 100 {
            fs::create_dir_all(&section)?;
        }
        let mut s = format!(
            "+++\ntitle = {}\ndate = \"2025-{:02}-{:02}\"\n+++\n\n",
            q(&format!("Trang {i}: {}", name(&mut rng, 3))),
            i % 12 + 1,
            i % 28 + 1
        );
        let mut words = 0;
        let para = |rng: &mut Rng, s: &mut String, n: usize| {
            for w in 0..n {
                if w > 0 {
                    s.push(' ');
                }
                s.push_str(&rng.pick(SYLLABLES).to_lowercase());
            }
            s.push_str(".\n\n");
            n
        };
        for h in 0..3 {
            let _ = writeln!(s, "## Mục {} {}\n", h + 1, name(&mut rng, 2));
            words += para(&mut rng, &mut s, 120);
            if h == 0 {
                for k in 0..5 {
                    let _ = writeln!(s, "- Ý {} {}", k + 1, name(&mut rng, 4));
                }
                s.push('\n');
                words += 25;
            }
            if h == 1 {
                s.push_str("| Chỉ số | Giá trị | Ghi chú |\n|---|---:|---|\n");
                for k in 0..5 {
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} |",
                        name(&mut rng, 2),
                        rng.below(100000),
                        k
                    );
                }
                s.push('\n');
                words += 25;
            }
            if h == 2 {
                let _ = writeln!(
                    s,
                    "Xem thêm [trang trước](/muc-{:02}/trang-{}/) và [nguồn](https://example.org/nguon/{i}).\n",
                    (i + 99) % 100,
                    i.saturating_sub(1)
                );
                words += 6;
            }
        }
        while words < 650 {
            words += para(&mut rng, &mut s, 80);
        }
        fs::write(section.join(format!("trang-{i}.md")), s)?;
    }
    Ok(())
}

/// Copies a folder recursively (the theme, into a generated site).
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
