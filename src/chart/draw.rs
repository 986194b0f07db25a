//! Drawing a [`ChartSpec`] as SVG with plotters' SVG backend.
//!
//! Labels stay `<text>` (selectable, read by screen readers, restyled by the
//! theme's CSS); their widths are measured with the Noto Sans subset compiled
//! into the binary, so layout needs no system font.

use super::text::{font, measure, register_font, wrap};
use super::{ChartSpec, Kind, Point, PointKind};
use crate::common::escape::xml_escape;
use crate::common::format;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of the drawing; the SVG scales to its container through `viewBox`.
const W: i32 = 360;
const PAD: i32 = 8;
const LABEL: f64 = 16.0;
const SMALL: f64 = 14.0;

const INK: RGBColor = RGBColor(0x0b, 0x0c, 0x0c);
const MUTED: RGBColor = RGBColor(0x4b, 0x54, 0x59);
const AXIS: RGBColor = RGBColor(0x6f, 0x77, 0x7b);
const GRID: RGBColor = RGBColor(0xdd, 0xdf, 0xe0);
const REST: RGBColor = RGBColor(0xd8, 0xdc, 0xde);
const BG: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Okabe–Ito hues, darkened where needed so each has at least 3:1 contrast on white
/// (5,1; 3,9; 5,3; 4,9; 5,0).
pub const PALETTE: [RGBColor; 5] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x00, 0x7a, 0x5a),
    RGBColor(0xa6, 0x52, 0x9a),
    RGBColor(0x8a, 0x6a, 0x00),
];

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Res = Result<(), String>;

fn err(e: impl std::fmt::Display) -> String {
    format!("cannot draw chart: {e}")
}

struct Pen<'a, 'b> {
    area: &'b Area<'a>,
}

/// Calls `f` with the text style of a label at `px` (bold or not) in `color`, anchored at `h`:
/// one style per size and weight and thread, recoloured in place, because making one looks
/// the font up and copies it (a national build draws millions of labels).
fn with_style<R>(
    px: f64,
    bold: bool,
    color: &RGBColor,
    h: HPos,
    f: impl FnOnce(&TextStyle<'static>) -> R,
) -> R {
    thread_local! {
        static STYLES: std::cell::RefCell<Vec<((u64, bool), TextStyle<'static>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    STYLES.with_borrow_mut(|styles| {
        let key = (px.to_bits(), bold);
        let i = match styles.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let weight = if bold {
                    FontStyle::Bold
                } else {
                    FontStyle::Normal
                };
                styles.push((key, font(px).style(weight).color(&INK)));
                styles.len() - 1
            }
        };
        let style = &mut styles[i].1;
        style.color = color.to_backend_color();
        style.pos = Pos::new(h, VPos::Top);
        f(style)
    })
}

impl Pen<'_, '_> {
    fn text(&self, s: &str, (x, y): (i32, i32), px: f64, h: HPos, color: &RGBColor) -> Res {
        with_style(px, false, color, h, |style| {
            self.area.draw_text(s, style, (x, y)).map_err(err)
        })
    }
    fn bold(&self, s: &str, (x, y): (i32, i32), px: f64) -> Res {
        with_style(px, true, &INK, HPos::Left, |style| {
            self.area.draw_text(s, style, (x, y)).map_err(err)
        })
    }
    fn rect(&self, a: (i32, i32), b: (i32, i32), color: &RGBColor, filled: bool) -> Res {
        let style = if filled {
            color.filled()
        } else {
            color.stroke_width(1)
        };
        self.area.draw(&Rectangle::new([a, b], style)).map_err(err)
    }
    fn line(&self, pts: Vec<(i32, i32)>, color: &RGBColor, width: u32, dashed: bool) -> Res {
        let style = color.stroke_width(width);
        if dashed {
            self.area
                .draw(&DashedPathElement::new(pts, 6, 4, style))
                .map_err(err)
        } else {
            self.area.draw(&PathElement::new(pts, style)).map_err(err)
        }
    }
    fn marker(&self, at: (i32, i32), r: i32, color: &RGBColor, hollow: bool) -> Res {
        if hollow {
            self.area
                .draw(&Circle::new(at, r, BG.filled()))
                .map_err(err)?;
            self.area
                .draw(&Circle::new(at, r, color.stroke_width(2)))
                .map_err(err)
        } else {
            self.area
                .draw(&Circle::new(at, r, color.filled()))
                .map_err(err)
        }
    }
}

/// Draws a chart: an `<svg>` with `viewBox`, `role="img"`, `<title>` and `<desc>`.
pub fn draw(spec: &ChartSpec) -> Result<String, String> {
    register_font();
    let height = match spec.kind {
        Kind::Line => line_height(spec),
        Kind::Sparkline => 40,
        Kind::Ranking => ranking_layout(spec).1,
        Kind::PartOfWhole => part_layout(spec).1,
        Kind::Status => status_layout(spec).1,
    };
    let width = if spec.kind == Kind::Sparkline { 160 } else { W };
    let mut buf = String::new();
    {
        let area =
            SVGBackend::with_string(&mut buf, (width as u32, height as u32)).into_drawing_area();
        let pen = Pen { area: &area };
        match spec.kind {
            Kind::Line => draw_line(spec, &pen, height)?,
            Kind::Sparkline => draw_sparkline(spec, &pen, width, height)?,
            Kind::Ranking => draw_ranking(spec, &pen)?,
            Kind::PartOfWhole => draw_parts(spec, &pen)?,
            Kind::Status => draw_status(spec, &pen)?,
        }
        area.present().map_err(err)?;
    }
    Ok(accessible(&buf, spec, width, height))
}

/// Replaces plotters' fixed-size `<svg>` tag by one that scales and is announced as an image,
/// without the line breaks plotters puts around every tag.
///
/// That is all the minifying an SVG needs here: running minify-html over each chart
/// (four on every locality page) cost a seventh of a national build for 10 % of its bytes.
fn accessible(svg: &str, spec: &ChartSpec, width: i32, height: i32) -> String {
    let body = compact(svg.find('>').map_or(svg, |i| &svg[i + 1..]));
    let class = match spec.kind {
        Kind::Sparkline => "chart-svg sparkline",
        _ => "chart-svg",
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" class=\"{class}\" role=\"img\"><title>{}</title><desc>{}</desc>{body}",
        xml_escape(&spec.title),
        xml_escape(&spec.description),
    )
}

/// Drops the line breaks next to a tag. A break inside a `<text>` next to its tags is
/// white space that SVG trims anyway; one inside a label stays.
fn compact(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut lines = svg.split('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if let Some(next) = lines.peek()
            && !line.ends_with('>')
            && !next.starts_with('<')
        {
            out.push('\n');
        }
    }
    out
}

/// Round tick steps (1, 2, 5 × 10ⁿ) from 0 to at least `max`.
fn ticks(max: f64, percent: bool) -> Vec<f64> {
    if percent {
        return vec![0.0, 25.0, 50.0, 75.0, 100.0];
    }
    let max = if max > 0.0 { max } else { 1.0 };
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let step = if step < 1.0 { 1.0 } else { step };
    let n = (max / step).ceil() as usize;
    (0..=n.max(1)).map(|i| i as f64 * step).collect()
}

fn value_text(x: f64, percent: bool) -> String {
    if percent {
        format::percent(x)
    } else {
        format::number(x)
    }
}

fn has_value(p: &Point) -> bool {
    p.value.is_some()
        && matches!(
            p.kind,
            PointKind::Reported | PointKind::Derived | PointKind::LowerBound
        )
}

/// The bounds of a range point, lower first.
fn range_of(p: &Point) -> Option<(f64, f64)> {
    match (p.kind, p.value, p.upper) {
        (PointKind::Range, Some(a), Some(b)) => Some((a, b)),
        _ => None,
    }
}

/// The highest number a point reaches: its value, or a range's upper bound.
fn top_of(p: &Point) -> Option<f64> {
    range_of(p)
        .map(|(_, b)| b)
        .or(p.value.filter(|_| has_value(p)))
}

/// A range as an interval: a bar from `y0` to `y1` at `x`, capped at both ends, never a
/// marker (a line chart's segments skip it, so no line reads it as one value).
fn draw_interval(pen: &Pen, x: i32, (y0, y1): (i32, i32), color: &RGBColor) -> Res {
    pen.line(vec![(x, y0), (x, y1)], color, 3, false)?;
    for y in [y0, y1] {
        pen.line(vec![(x - 6, y), (x + 6, y)], color, 3, false)?;
    }
    Ok(())
}

/// The segments of a line: (index of its end, value at its start, value at its end, dashed).
/// Only neighbours that both have a value are joined, so a missing month breaks the line;
/// a segment touching a derived value is dashed.
fn segments(points: &[Point]) -> impl Iterator<Item = (usize, f64, f64, bool)> + '_ {
    (1..points.len()).filter_map(|i| {
        let (a, b) = (&points[i - 1], &points[i]);
        if !(has_value(a) && has_value(b)) {
            return None;
        }
        let dashed = a.kind == PointKind::Derived || b.kind == PointKind::Derived;
        Some((i, a.value?, b.value?, dashed))
    })
}

fn line_height(spec: &ChartSpec) -> i32 {
    240 + if spec.has_derived() { 26 } else { 0 } + if spec.has_range() { 26 } else { 0 }
}

fn draw_line(spec: &ChartSpec, pen: &Pen, height: i32) -> Res {
    let max = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter_map(top_of)
        .fold(0.0f64, f64::max);
    let ticks = ticks(max, spec.percent);
    let top_value = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let tick_labels: Vec<String> = ticks.iter().map(|t| value_text(*t, spec.percent)).collect();
    let left = PAD
        + tick_labels
            .iter()
            .map(|t| measure(t, SMALL))
            .max()
            .unwrap_or(0)
        + 8;
    let multi = spec.series.len() > 1;
    let right_room = if multi {
        spec.series
            .iter()
            .map(|s| measure(&s.name, SMALL))
            .max()
            .unwrap_or(0)
            + 16
    } else {
        PAD + 4
    };
    let right = W - right_room;
    let top = 28;
    let bottom = 240 - 34;
    let y_of = |v: f64| bottom - ((v / top_value) * f64::from(bottom - top)).round() as i32;
    let n = spec.categories.len().max(1);
    let inset = 28;
    let x_of = |i: usize| {
        if n == 1 {
            (left + right) / 2
        } else {
            left + inset + (i as i32) * (right - left - 2 * inset) / (n as i32 - 1)
        }
    };
    // Grid and y labels, when there is any value to read against them.
    let any_value = spec
        .series
        .iter()
        .any(|s| s.points.iter().any(|p| top_of(p).is_some()));
    for (t, label) in ticks.iter().zip(&tick_labels).filter(|_| any_value) {
        let y = y_of(*t);
        pen.line(vec![(left, y), (right, y)], &GRID, 1, false)?;
        pen.text(label, (left - 6, y - 9), SMALL, HPos::Right, &MUTED)?;
    }
    pen.line(vec![(left, bottom), (right, bottom)], &AXIS, 1, false)?;
    let room = if n > 1 {
        (right - left - 2 * inset) / (n as i32 - 1)
    } else {
        right - left
    };
    draw_months(spec, pen, &x_of, bottom, room)?;
    let label_each = n <= 6 && !multi;
    for (si, s) in spec.series.iter().enumerate() {
        let color = PALETTE[si % PALETTE.len()];
        for (i, va, vb, dashed) in segments(&s.points[..s.points.len().min(n)]) {
            let ends = vec![(x_of(i - 1), y_of(va)), (x_of(i), y_of(vb))];
            pen.line(ends, &color, 3, dashed)?;
        }
        let last = s.points.iter().rposition(|p| top_of(p).is_some());
        for (i, p) in s.points.iter().enumerate().take(n) {
            let x = x_of(i);
            if let Some((a, b)) = range_of(p) {
                draw_interval(pen, x, (y_of(a), y_of(b)), &color)?;
                if label_each || Some(i) == last {
                    pen.text(&p.text, (x, y_of(b) - 26), SMALL, HPos::Center, &INK)?;
                }
                continue;
            }
            match (p.kind, p.value) {
                (PointKind::NoneThisMonth, _) => {
                    let lines = wrap(&p.text, SMALL, room.max(70));
                    for (k, l) in lines.iter().enumerate() {
                        let y = bottom - 20 - 19 * (lines.len() - k) as i32;
                        pen.text(l, (x, y), SMALL, HPos::Center, &MUTED)?;
                    }
                    pen.text("–", (x, bottom - 18), LABEL, HPos::Center, &color)?;
                }
                (PointKind::Missing, _) | (_, None) => {}
                (kind, Some(v)) => {
                    let at = (x, y_of(v));
                    pen.marker(at, 5, &color, kind == PointKind::Derived)?;
                    if label_each || Some(i) == last {
                        let anchor = if n > 1 && i == n - 1 && !multi {
                            HPos::Right
                        } else {
                            HPos::Center
                        };
                        let ax = if matches!(anchor, HPos::Right) {
                            x + 8
                        } else {
                            x
                        };
                        pen.text(&p.text, (ax, at.1 - 26), SMALL, anchor, &INK)?;
                    }
                }
            }
        }
        if multi && let Some(i) = last {
            let v = top_of(&s.points[i]).unwrap_or(0.0);
            pen.text(
                &s.name,
                (x_of(i) + 10, y_of(v) - 9),
                SMALL,
                HPos::Left,
                &color,
            )?;
        }
    }
    draw_notes(spec, pen, height)
}

/// The legends under a line chart: derived values, then ranges, each on a line of its own.
fn draw_notes(spec: &ChartSpec, pen: &Pen, height: i32) -> Res {
    if spec.has_derived() {
        draw_derived_note(pen, height)?;
    }
    if spec.has_range() {
        let y = height - 22 - if spec.has_derived() { 26 } else { 0 };
        draw_interval(pen, PAD + 14, (y + 16, y + 2), &MUTED)?;
        pen.text(RANGE_NOTE, (PAD + 36, y), SMALL, HPos::Left, &MUTED)?;
    }
    Ok(())
}

/// Explains the interval bars under a line chart with a range.
const RANGE_NOTE: &str = "Khoảng giá trị văn bản nêu (từ … đến …)";

/// The x axis of a line chart: a tick per month (at `x_of`, `room` apart) and as many
/// month labels as fit without overlapping.
fn draw_months(
    spec: &ChartSpec,
    pen: &Pen,
    x_of: &dyn Fn(usize) -> i32,
    bottom: i32,
    room: i32,
) -> Res {
    let n = spec.categories.len().max(1);
    let widest = spec
        .categories
        .iter()
        .map(|c| measure(c, SMALL))
        .max()
        .unwrap_or(0)
        + 10;
    let every = ((widest + room - 1) / room.max(1)).max(1) as usize;
    for (i, c) in spec.categories.iter().enumerate() {
        let x = x_of(i);
        pen.line(vec![(x, bottom), (x, bottom + 5)], &AXIS, 1, false)?;
        if i.is_multiple_of(every) || i == n - 1 && (n - 1).is_multiple_of(every) {
            pen.text(c, (x, bottom + 8), SMALL, HPos::Center, &INK)?;
        }
    }
    Ok(())
}

/// The legend under a line chart with derived values: a dashed hollow sample and what it means.
fn draw_derived_note(pen: &Pen, height: i32) -> Res {
    if let Some(note) = derived_note() {
        let y = height - 22;
        pen.line(vec![(PAD, y + 9), (PAD + 28, y + 9)], &MUTED, 2, true)?;
        pen.marker((PAD + 14, y + 9), 5, &MUTED, true)?;
        pen.text(note, (PAD + 36, y), SMALL, HPos::Left, &MUTED)?;
    }
    Ok(())
}

/// Explains hollow markers and dashed segments under a line chart.
fn derived_note() -> Option<&'static str> {
    Some("Giá trị tính từ mức tăng nêu trong báo cáo")
}

fn draw_sparkline(spec: &ChartSpec, pen: &Pen, width: i32, height: i32) -> Res {
    let Some(s) = spec.series.first() else {
        return Ok(());
    };
    let vals: Vec<f64> = s
        .points
        .iter()
        .flat_map(|p| match range_of(p) {
            Some((a, b)) => vec![a, b],
            None => p.value.filter(|_| has_value(p)).into_iter().collect(),
        })
        .collect();
    let (lo, hi) = vals
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = s.points.len().max(2);
    let x_of = |i: usize| 6 + (i as i32) * (width - 12) / (n as i32 - 1);
    let y_of = |v: f64| {
        if hi > lo {
            height - 6 - (((v - lo) / span) * f64::from(height - 12)).round() as i32
        } else {
            height / 2
        }
    };
    let color = PALETTE[0];
    for (i, va, vb, dashed) in segments(&s.points) {
        let ends = vec![(x_of(i - 1), y_of(va)), (x_of(i), y_of(vb))];
        pen.line(ends, &color, 2, dashed)?;
    }
    for (i, p) in s.points.iter().enumerate() {
        if let Some((a, b)) = range_of(p) {
            draw_interval(pen, x_of(i), (y_of(a), y_of(b)), &color)?;
        } else if let (true, Some(v)) = (has_value(p), p.value) {
            pen.marker((x_of(i), y_of(v)), 4, &color, p.kind == PointKind::Derived)?;
        }
    }
    Ok(())
}

/// Rows of a ranking: (label lines, point), sorted largest first; and the height.
fn ranking_layout(spec: &ChartSpec) -> (Vec<(Vec<String>, Point)>, i32) {
    let mut rows: Vec<(Vec<String>, Point)> = spec
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = spec
                .series
                .first()
                .and_then(|s| s.points.get(i))
                .cloned()
                .unwrap_or_else(Point::missing);
            (wrap(c, SMALL, W - 2 * PAD), p)
        })
        .collect();
    // A range ranks by its upper bound: where its bar ends.
    rows.sort_by(|a, b| {
        top_of(&b.1)
            .unwrap_or(f64::MIN)
            .total_cmp(&top_of(&a.1).unwrap_or(f64::MIN))
    });
    let h = PAD
        + rows
            .iter()
            .map(|(l, _)| 19 * l.len() as i32 + 30)
            .sum::<i32>();
    (rows, h)
}

fn draw_ranking(spec: &ChartSpec, pen: &Pen) -> Res {
    let (rows, _) = ranking_layout(spec);
    let max = if spec.percent {
        100.0
    } else {
        rows.iter().filter_map(|r| top_of(&r.1)).fold(0.0, f64::max)
    };
    let widest_value = rows
        .iter()
        .map(|r| measure(&r.1.text, SMALL))
        .max()
        .unwrap_or(0);
    let full = W - 2 * PAD - widest_value - 8;
    let mut y = PAD;
    for (lines, p) in &rows {
        for l in lines {
            pen.text(l, (PAD, y), SMALL, HPos::Left, &INK)?;
            y += 19;
        }
        y += 2;
        let len_of = |v: f64| {
            if max > 0.0 {
                ((v / max) * f64::from(full)).round() as i32
            } else {
                0
            }
        };
        if let Some((a, b)) = range_of(p) {
            // An interval bar: hollow from the lower bound to the upper, not a filled bar from 0.
            let (x0, x1) = (PAD + len_of(a), PAD + len_of(b).max(len_of(a) + 1));
            pen.rect((x0, y), (x1, y + 18), &PALETTE[0], false)?;
            pen.text(&p.text, (x1 + 6, y + 1), SMALL, HPos::Left, &INK)?;
            y += 28;
            continue;
        }
        match p.value.filter(|_| has_value(p)) {
            Some(v) => {
                let len = len_of(v);
                let color = PALETTE[0];
                pen.rect((PAD, y), (PAD + len.max(1), y + 18), &color, true)?;
                pen.text(&p.text, (PAD + len + 6, y + 1), SMALL, HPos::Left, &INK)?;
            }
            None => pen.text(&p.text, (PAD, y + 1), SMALL, HPos::Left, &MUTED)?,
        }
        y += 28;
    }
    Ok(())
}

/// The categories as bold headings, wrapped to the width; measured with the regular face,
/// so a tenth of the width is left for the wider strokes.
fn headings(spec: &ChartSpec, px: f64) -> Vec<Vec<String>> {
    spec.categories
        .iter()
        .map(|c| wrap(c, px, (W - 2 * PAD) * 9 / 10))
        .collect()
}

/// Rows of a part-of-whole chart: label lines and the height.
fn part_layout(spec: &ChartSpec) -> (Vec<Vec<String>>, i32) {
    let rows = headings(spec, SMALL);
    // Per row: heading lines, the first part's label, the bar, the rest's label, a gap.
    let h = PAD + rows.iter().map(|l| 19 * l.len() as i32 + 78).sum::<i32>();
    (rows, h)
}

fn draw_parts(spec: &ChartSpec, pen: &Pen) -> Res {
    let (rows, _) = part_layout(spec);
    let full = W - 2 * PAD;
    let mut y = PAD;
    for (i, lines) in rows.iter().enumerate() {
        for l in lines {
            pen.bold(l, (PAD, y), SMALL)?;
            y += 19;
        }
        let parts: Vec<(&str, f64, &str)> = spec
            .series
            .iter()
            .filter_map(|s| {
                let p = s.points.get(i)?;
                Some((s.name.as_str(), p.value?, p.text.as_str()))
            })
            .collect();
        let total: f64 = parts.iter().map(|p| p.1).sum();
        let share = |v: f64| if total > 0.0 { v * 100.0 / total } else { 0.0 };
        // Direct labels: the first part at the left, the rest at the right.
        if let Some((name, v, text)) = parts.first() {
            let s = format!("{name}: {text} ({})", format::percent(share(*v)));
            pen.text(&s, (PAD, y), SMALL, HPos::Left, &PALETTE[0])?;
        }
        let rest: Vec<String> = parts
            .iter()
            .skip(1)
            .map(|(name, v, text)| format!("{name}: {text} ({})", format::percent(share(*v))))
            .collect();
        y += 19;
        let mut x = PAD;
        for (k, (_, v, _)) in parts.iter().enumerate() {
            let len = if total > 0.0 {
                ((v / total) * f64::from(full)).round() as i32
            } else {
                0
            };
            let color = if k == 0 { PALETTE[0] } else { REST };
            if len > 0 {
                pen.rect((x, y), (x + len, y + 22), &color, true)?;
            }
            x += len;
        }
        pen.rect((PAD, y), (PAD + full, y + 22), &AXIS, false)?;
        if !rest.is_empty() {
            pen.text(
                &rest.join("; "),
                (W - PAD, y + 26),
                SMALL,
                HPos::Right,
                &MUTED,
            )?;
        }
        y += 26 + 19 + 14;
    }
    Ok(())
}

/// Status chart: per group a heading and one bar per status that occurs.
fn status_layout(spec: &ChartSpec) -> (Vec<Vec<String>>, i32) {
    let heads = headings(spec, LABEL);
    let mut h = PAD;
    for (i, lines) in heads.iter().enumerate() {
        let bars = spec
            .series
            .iter()
            .filter(|s| {
                s.points
                    .get(i)
                    .and_then(|p| p.value)
                    .is_some_and(|v| v > 0.0)
            })
            .count()
            .max(1) as i32;
        h += 19 * lines.len() as i32 + 4 + 24 * bars + 10;
    }
    (heads, h)
}

fn draw_status(spec: &ChartSpec, pen: &Pen) -> Res {
    let (heads, _) = status_layout(spec);
    let label_w = spec
        .series
        .iter()
        .map(|s| measure(&s.name, SMALL))
        .max()
        .unwrap_or(0)
        .min(W / 2);
    let max = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter_map(|p| p.value)
        .fold(0.0, f64::max);
    let x0 = PAD + label_w + 8;
    let full = W - x0 - PAD - measure("000", SMALL) - 6;
    let mut y = PAD;
    for (i, lines) in heads.iter().enumerate() {
        for l in lines {
            pen.bold(l, (PAD, y), LABEL)?;
            y += 19;
        }
        y += 4;
        let mut any = false;
        // One colour: each bar is labelled with its status, so colour carries no meaning.
        for s in &spec.series {
            let Some(p) = s.points.get(i).filter(|p| p.value.is_some_and(|v| v > 0.0)) else {
                continue;
            };
            any = true;
            let v = p.value.unwrap_or(0.0);
            let len = if max > 0.0 {
                ((v / max) * f64::from(full)).round() as i32
            } else {
                0
            };
            let color = PALETTE[0];
            pen.text(&s.name, (PAD + label_w, y + 2), SMALL, HPos::Right, &INK)?;
            pen.rect((x0, y + 2), (x0 + len.max(2), y + 20), &color, true)?;
            pen.text(&p.text, (x0 + len + 6, y + 2), SMALL, HPos::Left, &INK)?;
            y += 24;
        }
        if !any {
            pen.text("Chưa có số liệu", (PAD, y + 2), SMALL, HPos::Left, &MUTED)?;
            y += 24;
        }
        y += 10;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(683.0, false), vec![0.0, 200.0, 400.0, 600.0, 800.0]);
        assert_eq!(ticks(7.0, false), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        let t = ticks(3_182_603.0, false);
        assert!(*t.last().unwrap() >= 3_182_603.0, "{t:?}");
        assert!(t.len() <= 6, "{t:?}");
    }

    #[test]
    fn compact_svg_keeps_breaks_inside_labels_only() {
        assert_eq!(
            compact("<g>\n<text x=\"1\">\nQuan\nHóa\n</text>\n</g>\n"),
            "<g><text x=\"1\">Quan\nHóa</text></g>"
        );
    }
}
