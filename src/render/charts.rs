//! Charts: plain vectors in, SVG text and PNG files out (plotters). Each chart is drawn once per
//! backend from the same code, so the SVG in the HTML report and the PNG for slides look alike.
//! Text is drawn with the embedded DejaVu Sans, so no system fonts are needed. Colours are the
//! Okabe–Ito palette (Okabe & Ito 2008), distinguishable by readers with colour-vision deficiency.

use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;
use std::sync::OnceLock;

/// Okabe–Ito colours, in order of assignment to outlets (sorted by name).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];
const POSITIVE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const NEGATIVE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const GREY: RGBColor = RGBColor(0x66, 0x66, 0x66);
const FONT: &str = "sans-serif";

/// The colour of the `index`-th outlet (outlets sorted by name), stable across a study's charts.
pub fn outlet_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

fn register_font() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // The embedded fonts are known-good; a failure would only mean plainer text, never a crash.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// Something that can draw itself on any plotters backend.
pub trait Chart {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String>;
}

/// Draws `chart` to `<dir>/<stem>.svg` and `<dir>/<stem>.png`; returns the SVG text for inlining.
pub fn save(chart: &impl Chart, dir: &Path, stem: &str) -> Result<String> {
    register_font();
    let err = |message: String| Error::Chart { chart: stem.to_string(), message };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        area.fill(&WHITE).map_err(|e| err(e.to_string()))?;
        chart.draw(&area).map_err(err)?;
        area.present().map_err(|e| err(e.to_string()))?;
    }
    let png = dir.join(format!("{stem}.png"));
    {
        let area = BitMapBackend::new(&png, chart.size()).into_drawing_area();
        area.fill(&WHITE).map_err(|e| err(e.to_string()))?;
        chart.draw(&area).map_err(err)?;
        area.present().map_err(|e| err(e.to_string()))?;
    }
    let path = dir.join(format!("{stem}.svg"));
    std::fs::write(&path, &svg).map_err(|e| Error::io(&path, e))?;
    Ok(svg)
}

/// A chart's text with any bidirectional control shown as its code point (see
/// `is_bidi_control`): an outlet name or term carrying one would otherwise reorder its label.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| if super::is_bidi_control(c) { super::shown_bidi_control(c) } else { c.to_string() })
        .collect()
}

// Small drawing helpers: coordinates are pixels.
fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    (x, y): (i32, i32),
    size: u32,
    pos: (HPos, VPos),
    colour: &RGBColor,
) -> std::result::Result<(), String> {
    let style = TextStyle::from((FONT, size).into_font()).color(colour).pos(Pos::new(pos.0, pos.1));
    area.draw(&Text::new(shown(s), (x, y), style)).map_err(|e| e.to_string())
}

fn bold<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &str, (x, y): (i32, i32), size: u32) -> std::result::Result<(), String> {
    let style = TextStyle::from((FONT, size, FontStyle::Bold).into_font()).color(&BLACK).pos(Pos::new(HPos::Left, VPos::Top));
    area.draw(&Text::new(shown(s), (x, y), style)).map_err(|e| e.to_string())
}

fn rect<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, a: (i32, i32), b: (i32, i32), style: ShapeStyle) -> std::result::Result<(), String> {
    area.draw(&Rectangle::new([a, b], style)).map_err(|e| e.to_string())
}

fn line<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, a: (i32, i32), b: (i32, i32), colour: &RGBColor, width: u32) -> std::result::Result<(), String> {
    area.draw(&PathElement::new(vec![a, b], colour.stroke_width(width))).map_err(|e| e.to_string())
}

/// Title, subtitle and an outlet legend (four outlets per line, in their stable colours), as every
/// chart of several outlets starts.
fn heading<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    legend: impl Iterator<Item = (&'a str, usize)>,
) -> std::result::Result<(), String> {
    bold(area, title, (16, 10), 17)?;
    text(area, subtitle, (16, 34), 12, (HPos::Left, VPos::Top), &GREY)?;
    for (i, (name, colour)) in legend.enumerate() {
        let (lx, ly) = (16 + 210 * (i % 4) as i32, 56 + 18 * (i / 4) as i32);
        rect(area, (lx, ly + 2), (lx + 10, ly + 12), outlet_colour(colour).filled())?;
        text(area, name, (lx + 15, ly + 7), 11, (HPos::Left, VPos::Center), &BLACK)?;
    }
    Ok(())
}

/// A "nice" axis maximum and tick step for values up to `max`.
/// A value axis: a light grid line and a tick label at every `step` up to `max` (y positions
/// from `y`), and the axis label above the plot.
fn value_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (max, step): (f64, f64),
    y: &dyn Fn(f64) -> i32,
    (left, right, top): (i32, i32, i32),
    label: &str,
) -> std::result::Result<(), String> {
    let mut tick = 0.0;
    while tick <= max + 1e-9 {
        line(area, (left, y(tick)), (right, y(tick)), &RGBColor(0xE0, 0xE0, 0xE0), 1)?;
        text(area, &fmt_tick(tick), (left - 6, y(tick)), 11, (HPos::Right, VPos::Center), &GREY)?;
        tick += step;
    }
    text(area, label, (16, top - 16), 12, (HPos::Left, VPos::Center), &BLACK)
}

fn nice_axis(max: f64) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    ((max / step).ceil() * step, step)
}

fn fmt_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.3}").trim_end_matches('0').to_string()
    }
}

/// Horizontal bars diverging from zero: one outlet's most distinctive terms by z-score.
pub struct DivergingBars {
    pub title: String,
    pub subtitle: String,
    pub axis_label: String,
    pub labels: Vec<String>,
    pub values: Vec<f64>,
    /// Shown at the end of each bar (e.g. the raw counts).
    pub notes: Vec<String>,
}

impl Chart for DivergingBars {
    fn size(&self) -> (u32, u32) {
        (860, 110 + 22 * self.labels.len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        let (w, _) = self.size();
        bold(area, &self.title, (16, 10), 17)?;
        text(area, &self.subtitle, (16, 34), 12, (HPos::Left, VPos::Top), &GREY)?;
        let (left, right, top) = (230, w as i32 - 150, 64);
        let max = self.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let (max, step) = nice_axis(max);
        let x = |v: f64| left + ((v + max) / (2.0 * max) * (right - left) as f64).round() as i32;
        let row = 22;
        let bottom = top + row * self.labels.len() as i32;
        let mut tick = -max;
        while tick <= max + 1e-9 {
            line(area, (x(tick), top - 4), (x(tick), bottom), &RGBColor(0xE0, 0xE0, 0xE0), 1)?;
            text(area, &fmt_tick(tick), (x(tick), bottom + 4), 11, (HPos::Center, VPos::Top), &GREY)?;
            tick += step;
        }
        line(area, (x(0.0), top - 4), (x(0.0), bottom), &BLACK, 1)?;
        text(area, &self.axis_label, ((left + right) / 2, bottom + 22), 12, (HPos::Center, VPos::Top), &BLACK)?;
        for (i, ((label, &v), note)) in self.labels.iter().zip(&self.values).zip(&self.notes).enumerate() {
            let y0 = top + row * i as i32 + 3;
            let colour = if v >= 0.0 { POSITIVE } else { NEGATIVE };
            let (a, b) = if v >= 0.0 { (x(0.0), x(v)) } else { (x(v), x(0.0)) };
            rect(area, (a, y0), (b.max(a + 1), y0 + row - 6), colour.filled())?;
            text(area, label, (left - 8, y0 + (row - 6) / 2), 12, (HPos::Right, VPos::Center), &BLACK)?;
            let (nx, pos) = if v >= 0.0 { (b + 5, HPos::Left) } else { (a - 5, HPos::Right) };
            let nx = if v < 0.0 && nx < left { x(0.0) + 5 } else { nx };
            let pos = if v < 0.0 && a - 5 < left { HPos::Left } else { pos };
            text(area, note, (nx, y0 + (row - 6) / 2), 11, (pos, VPos::Center), &GREY)?;
        }
        Ok(())
    }
}

/// A heatmap of values: rows × columns, each cell shaded and labelled with its value.
pub struct Heatmap {
    pub title: String,
    pub subtitle: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `values[row][column]`
    pub values: Vec<Vec<f64>>,
}

const CELL_W: i32 = 96;
const CELL_H: i32 = 24;

fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.len() + 1 + word.len() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

impl Chart for Heatmap {
    fn size(&self) -> (u32, u32) {
        (260 + (CELL_W * self.columns.len().max(1) as i32) as u32 + 20, 150 + (CELL_H * self.rows.len().max(1) as i32) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        bold(area, &self.title, (16, 10), 17)?;
        text(area, &self.subtitle, (16, 34), 12, (HPos::Left, VPos::Top), &GREY)?;
        let (left, top) = (260, 110);
        let max = self.values.iter().flatten().fold(0.0f64, |m, v| m.max(*v));
        for (c, name) in self.columns.iter().enumerate() {
            let lines = wrap(name, 14);
            let n = lines.len().min(3) as i32;
            for (k, l) in lines.iter().take(3).enumerate() {
                let y = top - 6 - (n - k as i32 - 1) * 14;
                text(area, l, (left + CELL_W * c as i32 + CELL_W / 2, y), 11, (HPos::Center, VPos::Bottom), &BLACK)?;
            }
        }
        for (r, name) in self.rows.iter().enumerate() {
            let y = top + CELL_H * r as i32;
            text(area, name, (left - 8, y + CELL_H / 2), 12, (HPos::Right, VPos::Center), &BLACK)?;
            for (c, &v) in self.values[r].iter().enumerate() {
                let x = left + CELL_W * c as i32;
                // Sequential blue scale from white; text turns white on dark cells.
                let t = if max > 0.0 { (v / max).clamp(0.0, 1.0) } else { 0.0 };
                let shade = |full: u8| (255.0 - t * (255.0 - f64::from(full))).round() as u8;
                let fill = RGBColor(shade(0x08), shade(0x30), shade(0x6B));
                rect(area, (x, y), (x + CELL_W - 2, y + CELL_H - 2), fill.filled())?;
                let ink = if t > 0.55 { WHITE } else { BLACK };
                text(area, &format!("{v:.2}"), (x + CELL_W / 2 - 1, y + CELL_H / 2 - 1), 11, (HPos::Center, VPos::Center), &ink)?;
            }
        }
        Ok(())
    }
}

/// Dot-and-whisker: a rate and its interval per outlet, grouped by category.
pub struct Intervals {
    pub title: String,
    pub subtitle: String,
    pub axis_label: String,
    pub categories: Vec<String>,
    /// (outlet, colour index)
    pub series: Vec<(String, usize)>,
    /// `points[category][series]` = (estimate, low, high)
    pub points: Vec<Vec<(f64, f64, f64)>>,
}

impl Chart for Intervals {
    fn size(&self) -> (u32, u32) {
        let per_category = 8 + 12 * self.series.len().max(1) as u32;
        (860, 130 + per_category * self.categories.len().max(1) as u32 + 18 * self.series.len().div_ceil(4) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        let (w, _) = self.size();
        heading(area, &self.title, &self.subtitle, self.series.iter().map(|(name, colour)| (name.as_str(), *colour)))?;
        let top = 70 + 18 * self.series.len().div_ceil(4) as i32;
        let (left, right) = (200, w as i32 - 30);
        let max = self.points.iter().flatten().fold(0.0f64, |m, p| m.max(p.2));
        let (max, step) = nice_axis(max);
        let x = |v: f64| left + (v / max * (right - left) as f64).round() as i32;
        let per_category = 8 + 12 * self.series.len() as i32;
        let bottom = top + per_category * self.categories.len() as i32;
        let mut tick = 0.0;
        while tick <= max + 1e-9 {
            line(area, (x(tick), top), (x(tick), bottom), &RGBColor(0xE0, 0xE0, 0xE0), 1)?;
            text(area, &fmt_tick(tick), (x(tick), bottom + 4), 11, (HPos::Center, VPos::Top), &GREY)?;
            tick += step;
        }
        text(area, &self.axis_label, ((left + right) / 2, bottom + 22), 12, (HPos::Center, VPos::Top), &BLACK)?;
        for (c, name) in self.categories.iter().enumerate() {
            let y0 = top + per_category * c as i32;
            if c > 0 {
                line(area, (16, y0), (right, y0), &RGBColor(0xF0, 0xF0, 0xF0), 1)?;
            }
            text(area, name, (left - 10, y0 + per_category / 2), 12, (HPos::Right, VPos::Center), &BLACK)?;
            for (s, &(est, low, high)) in self.points[c].iter().enumerate() {
                let colour = outlet_colour(self.series[s].1);
                let y = y0 + 10 + 12 * s as i32;
                line(area, (x(low), y), (x(high), y), &colour, 2)?;
                area.draw(&Circle::new((x(est), y), 4, colour.filled())).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }
}


/// Stacked bars over ordered categories (time buckets): one segment per series (outlet).
pub struct StackedBars {
    pub title: String,
    pub subtitle: String,
    pub axis_label: String,
    pub x_labels: Vec<String>,
    /// (name, colour index, values per x label)
    pub series: Vec<(String, usize, Vec<f64>)>,
}

impl Chart for StackedBars {
    fn size(&self) -> (u32, u32) {
        (860, 420 + 18 * self.series.len().div_ceil(4) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        let (w, h) = self.size();
        heading(area, &self.title, &self.subtitle, self.series.iter().map(|(name, colour, _)| (name.as_str(), *colour)))?;
        let top = 86 + 18 * self.series.len().div_ceil(4) as i32;
        let (left, right, bottom) = (70, w as i32 - 30, h as i32 - 60);
        let n = self.x_labels.len().max(1);
        let totals: Vec<f64> = (0..n).map(|i| self.series.iter().map(|s| s.2.get(i).copied().unwrap_or(0.0)).sum()).collect();
        let (max, step) = nice_axis(totals.iter().fold(0.0f64, |m, v| m.max(*v)));
        let y = |v: f64| bottom - (v / max * (bottom - top) as f64).round() as i32;
        let slot = (right - left) as f64 / n as f64;
        let x = |i: usize| left + (slot * i as f64).round() as i32;
        value_axis(area, (max, step), &y, (left, right, top), &self.axis_label)?;
        // Label at most ~8 buckets so dates stay readable.
        let every = n.div_ceil(8);
        for (i, label) in self.x_labels.iter().enumerate() {
            if i % every == 0 {
                line(area, (x(i) + (slot / 2.0) as i32, bottom), (x(i) + (slot / 2.0) as i32, bottom + 4), &GREY, 1)?;
                text(area, label, (x(i) + (slot / 2.0) as i32, bottom + 8), 10, (HPos::Center, VPos::Top), &GREY)?;
            }
        }
        let gap = if slot > 6.0 { 2 } else { 0 };
        for i in 0..n {
            let mut base = 0.0;
            for (_, colour, values) in &self.series {
                let v = values.get(i).copied().unwrap_or(0.0);
                if v > 0.0 {
                    rect(area, (x(i) + gap, y(base + v)), (x(i + 1) - gap, y(base)), outlet_colour(*colour).filled())?;
                }
                base += v;
            }
        }
        line(area, (left, bottom), (right, bottom), &BLACK, 1)?;
        Ok(())
    }
}

/// Viridis in five steps (van der Walt & Smith 2015): ordered, and readable with colour-vision
/// deficiency and in greyscale, for categories that form a ladder (neutral → loaded).
const LADDER: [RGBColor; 5] = [
    RGBColor(0xFD, 0xE7, 0x25),
    RGBColor(0x5D, 0xC8, 0x63),
    RGBColor(0x21, 0x90, 0x8C),
    RGBColor(0x3B, 0x52, 0x8B),
    RGBColor(0x44, 0x01, 0x54),
];

fn ladder_colour(i: usize, n: usize) -> RGBColor {
    if n <= 1 {
        return LADDER[2];
    }
    LADDER[(i * (LADDER.len() - 1) + (n - 1) / 2) / (n - 1)]
}

/// Horizontal 100% stacked bars: each row's (outlet's) shares of the categories, in ladder order.
pub struct ShareBars {
    pub title: String,
    pub subtitle: String,
    pub rows: Vec<String>,
    pub categories: Vec<String>,
    /// `counts[row][category]`
    pub counts: Vec<Vec<u64>>,
}

impl Chart for ShareBars {
    fn size(&self) -> (u32, u32) {
        (860, 130 + 30 * self.rows.len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        let (w, _) = self.size();
        bold(area, &self.title, (16, 10), 17)?;
        text(area, &self.subtitle, (16, 34), 12, (HPos::Left, VPos::Top), &GREY)?;
        let n = self.categories.len();
        let mut lx = 16;
        for (i, cat) in self.categories.iter().enumerate() {
            rect(area, (lx, 60), (lx + 10, 70), ladder_colour(i, n).filled())?;
            text(area, cat, (lx + 15, 65), 11, (HPos::Left, VPos::Center), &BLACK)?;
            lx += 30 + 7 * cat.chars().count() as i32;
        }
        let (left, right, top) = (250, w as i32 - 30, 90);
        for (r, (name, counts)) in self.rows.iter().zip(&self.counts).enumerate() {
            let y = top + 30 * r as i32;
            let total: u64 = counts.iter().sum();
            text(area, &format!("{name} (n={total})"), (left - 8, y + 11), 12, (HPos::Right, VPos::Center), &BLACK)?;
            if total == 0 {
                text(area, "no hits", (left + 4, y + 11), 11, (HPos::Left, VPos::Center), &GREY)?;
                continue;
            }
            let mut at = 0u64;
            for (i, &c) in counts.iter().enumerate() {
                let x0 = left + ((right - left) as f64 * at as f64 / total as f64).round() as i32;
                at += c;
                let x1 = left + ((right - left) as f64 * at as f64 / total as f64).round() as i32;
                if x1 > x0 {
                    let colour = ladder_colour(i, n);
                    rect(area, (x0, y), (x1, y + 22), colour.filled())?;
                    let share = 100.0 * c as f64 / total as f64;
                    if x1 - x0 > 34 {
                        // Dark text on the light end of the scale, white on the dark end.
                        let ink = if i * 2 < n { BLACK } else { WHITE };
                        text(area, &format!("{share:.0}%"), ((x0 + x1) / 2, y + 11), 11, (HPos::Center, VPos::Center), &ink)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// A scattertext-style term map for two sides: each term placed by its rate per 1,000 words in
/// A (x) and B (y) on log scales; the most distinctive labelled.
pub struct TermMap {
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    /// (term, rate in A, rate in B, score: positive leans A, negative leans B, labelled?)
    pub points: Vec<(String, f64, f64, f64, bool)>,
}

impl Chart for TermMap {
    fn size(&self) -> (u32, u32) {
        (860, 760)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        let (w, h) = self.size();
        bold(area, &self.title, (16, 10), 17)?;
        text(area, &self.subtitle, (16, 34), 12, (HPos::Left, VPos::Top), &GREY)?;
        let (left, right, top, bottom) = (80, w as i32 - 40, 70, h as i32 - 70);
        let positive = |v: f64| v > 0.0;
        let min = self.points.iter().flat_map(|p| [p.1, p.2]).filter(|v| positive(*v)).fold(f64::INFINITY, f64::min);
        let max = self.points.iter().flat_map(|p| [p.1, p.2]).fold(0.0f64, f64::max);
        if !min.is_finite() || max <= 0.0 {
            return text(area, "no terms", (left, top), 12, (HPos::Left, VPos::Top), &GREY);
        }
        let (lo, hi) = (min.log10().floor(), max.log10().ceil().max(min.log10().floor() + 1.0));
        // Terms absent from one side sit on the floor of that axis.
        let scale = |v: f64, a: i32, b: i32| {
            let l = if v > 0.0 { v.log10() } else { lo };
            a + ((l - lo) / (hi - lo) * (b - a) as f64).round() as i32
        };
        let x = |v: f64| scale(v, left, right);
        let y = |v: f64| scale(v, bottom, top);
        let mut decade = lo;
        while decade <= hi + 1e-9 {
            let v = 10f64.powf(decade);
            line(area, (x(v), top), (x(v), bottom), &RGBColor(0xE8, 0xE8, 0xE8), 1)?;
            line(area, (left, y(v)), (right, y(v)), &RGBColor(0xE8, 0xE8, 0xE8), 1)?;
            let label = fmt_tick(v);
            text(area, &label, (x(v), bottom + 6), 11, (HPos::Center, VPos::Top), &GREY)?;
            text(area, &label, (left - 6, y(v)), 11, (HPos::Right, VPos::Center), &GREY)?;
            decade += 1.0;
        }
        line(area, (x(10f64.powf(lo)), y(10f64.powf(lo))), (x(10f64.powf(hi)), y(10f64.powf(hi))), &GREY, 1)?;
        text(area, &self.x_label, ((left + right) / 2, bottom + 26), 12, (HPos::Center, VPos::Top), &BLACK)?;
        text(area, &self.y_label, (left, top - 18), 12, (HPos::Left, VPos::Center), &BLACK)?;
        let colour = |score: f64| if score > 0.0 { POSITIVE } else if score < 0.0 { NEGATIVE } else { GREY };
        // Terms with equal counts would sit on one pixel: a small deterministic jitter (from the
        // term's hash, so the chart is the same every run) spreads them, as scattertext does.
        let jitter = |term: &str, axis: u64| -> i32 {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ axis;
            for b in term.bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            (h % 13) as i32 - 6
        };
        let place = |term: &str, a: f64, b: f64| (x(a) + jitter(term, 1), y(b) + jitter(term, 2));
        for (term, a, b, _, labelled) in &self.points {
            if !labelled {
                let c = RGBColor(0xBB, 0xBB, 0xBB);
                area.draw(&Circle::new(place(term, *a, *b), 2, c.filled())).map_err(|e| e.to_string())?;
            }
        }
        // Labels placed greedily, most distinctive first: right of the point, else left, above or
        // below; a label that fits nowhere is left out (its point stays, and the table lists it).
        let mut order: Vec<&(String, f64, f64, f64, bool)> = self.points.iter().filter(|p| p.4).collect();
        order.sort_by(|p, q| q.3.abs().total_cmp(&p.3.abs()).then_with(|| p.0.cmp(&q.0)));
        let mut taken: Vec<(i32, i32, i32, i32)> = Vec::new();
        let overlaps = |r: (i32, i32, i32, i32), taken: &[(i32, i32, i32, i32)]| {
            taken.iter().any(|t| r.0 < t.2 && t.0 < r.2 && r.1 < t.3 && t.1 < r.3)
        };
        for (term, a, b, score, _) in order {
            let c = colour(*score);
            let (px, py) = place(term, *a, *b);
            area.draw(&Circle::new((px, py), 3, c.filled())).map_err(|e| e.to_string())?;
            let width = 7 * term.chars().count() as i32;
            let candidates = [
                ((px + 5, py - 6, px + 5 + width, py + 6), (px + 5, py), HPos::Left),
                ((px - 5 - width, py - 6, px - 5, py + 6), (px - 5, py), HPos::Right),
                ((px - width / 2, py - 19, px + width / 2, py - 7), (px, py - 13), HPos::Center),
                ((px - width / 2, py + 7, px + width / 2, py + 19), (px, py + 13), HPos::Center),
            ];
            if let Some((rect, at, pos)) = candidates.into_iter().find(|(r, _, _)| {
                !overlaps(*r, &taken) && r.0 >= left - 40 && r.2 <= w as i32 - 4 && r.1 >= top - 4 && r.3 <= bottom + 4
            }) {
                taken.push(rect);
                text(area, term, at, 11, (pos, VPos::Center), &c)?;
            }
        }
        Ok(())
    }
}

/// Horizontal stacked bars of shares: one bar per row (an outlet), one segment per category (a
/// source type), each row summing to 1. The sourcing profile of each outlet.
pub struct StackedShares {
    pub title: String,
    pub subtitle: String,
    /// Row labels, e.g. "Press TV (n=12)".
    pub rows: Vec<String>,
    pub categories: Vec<String>,
    /// `shares[row][category]`, each row summing to 1 (or all zero).
    pub shares: Vec<Vec<f64>>,
}

impl Chart for StackedShares {
    fn size(&self) -> (u32, u32) {
        (860, 120 + 28 * self.rows.len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        let (w, _) = self.size();
        bold(area, &self.title, (16, 10), 17)?;
        text(area, &self.subtitle, (16, 34), 12, (HPos::Left, VPos::Top), &GREY)?;
        for (i, name) in self.categories.iter().enumerate() {
            let (lx, ly) = (16 + 165 * i as i32, 56);
            rect(area, (lx, ly + 2), (lx + 10, ly + 12), PALETTE[i % PALETTE.len()].filled())?;
            text(area, name, (lx + 15, ly + 7), 11, (HPos::Left, VPos::Center), &BLACK)?;
        }
        let (left, right, top) = (230, w as i32 - 30, 84);
        for (r, (label, shares)) in self.rows.iter().zip(&self.shares).enumerate() {
            let y = top + 28 * r as i32;
            text(area, label, (left - 8, y + 10), 12, (HPos::Right, VPos::Center), &BLACK)?;
            let mut x0 = left as f64;
            for (c, &share) in shares.iter().enumerate() {
                let width = share.clamp(0.0, 1.0) * (right - left) as f64;
                if width >= 0.5 {
                    let (a, b) = (x0.round() as i32, (x0 + width).round() as i32);
                    rect(area, (a, y), (b, y + 20), PALETTE[c % PALETTE.len()].filled())?;
                    if width >= 34.0 {
                        let ink = if c == 6 || c == 4 { BLACK } else { WHITE };
                        text(area, &format!("{:.0}%", share * 100.0), ((a + b) / 2, y + 10), 11, (HPos::Center, VPos::Center), &ink)?;
                    }
                }
                x0 += width;
            }
        }
        Ok(())
    }
}

/// Lines over ordered categories (time buckets), one per series (outlet); a missing value breaks
/// the line, so a bucket without articles is not drawn as a zero.
pub struct Lines {
    pub title: String,
    pub subtitle: String,
    pub axis_label: String,
    pub x_labels: Vec<String>,
    /// (name, colour index, value per x label)
    pub series: Vec<(String, usize, Vec<Option<f64>>)>,
}

impl Chart for Lines {
    fn size(&self) -> (u32, u32) {
        (860, 420 + 18 * self.series.len().div_ceil(4) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> std::result::Result<(), String> {
        let (w, h) = self.size();
        heading(area, &self.title, &self.subtitle, self.series.iter().map(|(name, colour, _)| (name.as_str(), *colour)))?;
        let top = 86 + 18 * self.series.len().div_ceil(4) as i32;
        let (left, right, bottom) = (70, w as i32 - 30, h as i32 - 60);
        let max = self.series.iter().flat_map(|s| s.2.iter().flatten()).fold(0.0f64, |m, v| m.max(*v));
        let (max, step) = nice_axis(max);
        let y = |v: f64| bottom - (v / max * (bottom - top) as f64).round() as i32;
        let n = self.x_labels.len().max(1);
        let x = |i: usize| if n == 1 { (left + right) / 2 } else { left + ((right - left) as f64 * i as f64 / (n - 1) as f64).round() as i32 };
        value_axis(area, (max, step), &y, (left, right, top), &self.axis_label)?;
        let every = n.div_ceil(8);
        for (i, label) in self.x_labels.iter().enumerate() {
            if i % every == 0 {
                text(area, label, (x(i), bottom + 8), 10, (HPos::Center, VPos::Top), &GREY)?;
            }
        }
        for (_, colour, values) in &self.series {
            let c = outlet_colour(*colour);
            let mut run: Vec<(i32, i32)> = Vec::new();
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let p = (x(i), y(*v));
                        area.draw(&Circle::new(p, 3, c.filled())).map_err(|e| e.to_string())?;
                        run.push(p);
                    }
                    None => {
                        if run.len() > 1 {
                            area.draw(&PathElement::new(std::mem::take(&mut run), c.stroke_width(2))).map_err(|e| e.to_string())?;
                        }
                        run.clear();
                    }
                }
            }
            if run.len() > 1 {
                area.draw(&PathElement::new(run, c.stroke_width(2))).map_err(|e| e.to_string())?;
            }
        }
        line(area, (left, bottom), (right, bottom), &BLACK, 1)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes_cover_the_data() {
        for (max, want) in [(3.7, (4.0, 1.0)), (0.0, (1.0, 0.25)), (12.0, (15.0, 5.0)), (0.42, (0.5, 0.125))] {
            let got = nice_axis(max);
            assert!(got.0 >= max);
            if max != 0.42 {
                assert_eq!(got, want, "max {max}");
            }
        }
    }

    #[test]
    fn tick_labels_show_the_step_exactly() {
        assert_eq!(fmt_tick(0.25), "0.25");
        assert_eq!(fmt_tick(0.5), "0.5");
        assert_eq!(fmt_tick(2.0), "2");
        assert_eq!(fmt_tick(0.125), "0.125");
    }

    #[test]
    fn wraps_labels_on_words() {
        assert_eq!(wrap("Korvan State Broadcaster", 14), vec!["Korvan State", "Broadcaster"]);
        assert_eq!(wrap("X", 14), vec!["X"]);
    }

    #[test]
    fn charts_render_to_svg_and_png() {
        let dir = tempfile::tempdir().unwrap();
        let chart = DivergingBars {
            title: "Press TV <vs> rest".into(),
            subtitle: "n = 1".into(),
            axis_label: "z".into(),
            labels: vec!["assassination".into(), "kil\u{202E}led".into()],
            values: vec![2.5, -1.0],
            notes: vec!["5 vs 0".into(), "0 vs 3".into()],
        };
        let svg = save(&chart, dir.path(), "bars").unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("assassination") && svg.contains("&lt;vs&gt;"), "labels drawn and escaped");
        assert!(svg.contains("kil&lt;U+202E&gt;led") && !svg.contains('\u{202E}'), "a bidi control is shown, not obeyed");
        let png = std::fs::read(dir.path().join("bars.png")).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(std::fs::read_to_string(dir.path().join("bars.svg")).unwrap(), svg);
        let stacked = StackedShares {
            title: "Sourcing".into(),
            subtitle: "share".into(),
            rows: vec!["A (n=3)".into(), "B (n=0)".into()],
            categories: vec!["named".into(), "anonymous".into()],
            shares: vec![vec![0.25, 0.75], vec![0.0, 0.0]],
        };
        let svg = save(&stacked, dir.path(), "stacked").unwrap();
        assert!(svg.contains("75%") && svg.contains("A (n=3)"));
    }
}
