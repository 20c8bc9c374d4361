//! Plots as SVG (always) or PNG (chosen by the file extension), drawn with plotters.
//!
//! Text uses the DejaVu Sans font compiled into the binary, so no system font library is needed
//! for either format.

use std::path::{Path, PathBuf};
use std::sync::Once;

use ecom_supply::{Forecast, Frequency, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use crate::error::CliError;
use crate::map_view::MapView;
use crate::world;

const FONT: &str = "sans-serif";

/// Something that can draw itself on any plotters backend.
pub(crate) trait Plot {
    /// Pixel size (width, height).
    fn size(&self) -> (u32, u32) {
        (1000, 560)
    }

    /// Draws on `area`.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// The plot formats, chosen by the file extension.
const FORMATS: &str = ".svg or .png";

/// A `--plot` path: checked when the flags are parsed, so a wrong extension is an error before
/// any work (an SVG written into a `.jpg` would be a file no viewer opens).
pub(crate) fn parse_plot_path(s: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(s);
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("png") => Ok(path),
        Some(e) => Err(format!("{s:?}: plots are {FORMATS}, not .{e}")),
        None => Err(format!("{s:?}: name the plot file {FORMATS}")),
    }
}

/// Writes `plot` to `path`: PNG for a `.png` extension, SVG for `.svg`.
pub(crate) fn render(path: &Path, plot: &impl Plot) -> Result<(), CliError> {
    register_fonts();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Output(format!("{}: {e}", dir.display())))?;
    }
    let size = plot.size();
    let name = path.to_string_lossy();
    parse_plot_path(&name).map_err(CliError::Input)?;
    let is_png = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let result = if is_png {
        let area = BitMapBackend::new(path, size).into_drawing_area();
        plot.draw(&area)
            .and_then(|()| area.present().map_err(|e| e.to_string()))
    } else {
        let area = SVGBackend::new(path, size).into_drawing_area();
        plot.draw(&area)
            .and_then(|()| area.present().map_err(|e| e.to_string()))
    };
    result.map_err(|e| CliError::Output(format!("{}: {e}", path.display())))
}

fn register_fonts() {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        // The bytes are a valid TrueType font shipped by the dejavu crate; failure would be a
        // build problem, and plots would then only lack text.
        let _ = register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Short tick labels: 450k, 1.6M, 0.25.
fn tick(v: f64) -> String {
    let a = v.abs();
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    };
    if a >= 1e9 {
        format!("{}G", trim(format!("{:.2}", v / 1e9)))
    } else if a >= 1e6 {
        format!("{}M", trim(format!("{:.2}", v / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim(format!("{:.1}", v / 1e3)))
    } else if a >= 100.0 || a == 0.0 {
        format!("{v:.0}")
    } else {
        trim(format!("{v:.3}"))
    }
}

/// Padded (min, max) of the finite values.
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.05).max(1e-9);
    (lo - pad, hi + pad)
}

/// History, forecast mean and interval bands of one series.
pub(crate) struct ForecastPlot<'a> {
    pub(crate) title: String,
    pub(crate) history: &'a [f64],
    pub(crate) start: Option<NaiveDate>,
    pub(crate) frequency: Option<Frequency>,
    pub(crate) forecast: &'a Forecast,
    /// How many of the last observations to show (all when `None`).
    pub(crate) show_last: Option<usize>,
}

impl ForecastPlot<'_> {
    fn label(&self, x: f64) -> String {
        let i = x.round();
        match (self.start, self.frequency) {
            (Some(s), Some(f)) if i >= 0.0 => f
                .advance(s, i as u32)
                .map_or_else(|| format!("{i}"), |d| d.to_string()),
            _ => format!("{i}"),
        }
    }
}

impl Plot for ForecastPlot<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        area.fill(&WHITE).map_err(err)?;
        let n = self.history.len();
        let first = n.saturating_sub(self.show_last.unwrap_or(n));
        let h = self.forecast.horizon();
        let mut ys: Vec<f64> = self.history[first..].to_vec();
        ys.extend(&self.forecast.mean);
        for iv in &self.forecast.intervals {
            ys.extend(&iv.lower);
            ys.extend(&iv.upper);
        }
        // Missing observations (NaN) are not drawn: the line joins the observed ones.
        let (y0, y1) = range(ys.into_iter().filter(|v| !v.is_nan()));
        let (x0, x1) = (first as f64, (n + h) as f64);
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, (FONT, 22))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(8)
            .x_label_formatter(&|x| self.label(*x))
            .y_desc("units")
            .y_label_formatter(&|y| tick(*y))
            .label_style((FONT, 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(err)?;

        // Widest band first so narrower ones are drawn on top of it.
        let mut intervals: Vec<_> = self.forecast.intervals.iter().collect();
        intervals.sort_by(|a, b| b.level.total_cmp(&a.level));
        for (i, iv) in intervals.iter().enumerate() {
            let shade = 0.18 + 0.17 * i as f64;
            let mut poly: Vec<(f64, f64)> = (0..h).map(|t| ((n + t) as f64, iv.upper[t])).collect();
            poly.extend((0..h).rev().map(|t| ((n + t) as f64, iv.lower[t])));
            let color = BLUE.mix(shade);
            chart
                .draw_series(std::iter::once(Polygon::new(poly, color.filled())))
                .map_err(err)?
                .label(format!("{}% interval", iv.level))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 18, y + 5)], color.filled())
                });
        }
        chart
            .draw_series(LineSeries::new(
                self.history[first..]
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_nan())
                    .map(|(i, &v)| ((first + i) as f64, v)),
                BLACK.stroke_width(1),
            ))
            .map_err(err)?
            .label("history")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK));
        // Join the forecast to the last observation so the line is continuous.
        let last = self
            .history
            .iter()
            .rposition(|v| !v.is_nan())
            .unwrap_or(n - 1);
        let joined = std::iter::once((last as f64, self.history[last])).chain(
            self.forecast
                .mean
                .iter()
                .enumerate()
                .map(|(t, &v)| ((n + t) as f64, v)),
        );
        chart
            .draw_series(LineSeries::new(joined, BLUE.stroke_width(2)))
            .map_err(err)?
            .label("forecast")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font((FONT, 13))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(err)?;
        Ok(())
    }
}

/// What a site map's coordinates are.
pub(crate) enum MapKind {
    /// Latitude and longitude: drawn over the world's countries, true to shape.
    Geo,
    /// Plane coordinates, with the names of the horizontal and vertical axes.
    Plane {
        /// Horizontal axis (the second coordinate).
        x: String,
        /// Vertical axis (the first coordinate).
        y: String,
    },
}

/// Customers coloured by the site serving them, and the sites: over the world's countries for
/// geographic data, on plain axes otherwise.
pub(crate) struct SiteMap<'a> {
    pub(crate) title: String,
    /// Geographic or plane coordinates.
    pub(crate) kind: MapKind,
    /// (latitude, longitude) per customer; (vertical, horizontal) for [`MapKind::Plane`].
    pub(crate) points: &'a [(f64, f64)],
    /// Demand per customer (marker area grows with it).
    pub(crate) weights: Option<&'a [f64]>,
    /// Site index per customer.
    pub(crate) assignments: &'a [usize],
    /// (latitude, longitude) per site, or (vertical, horizontal).
    pub(crate) sites: &'a [(f64, f64)],
}

type MapChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Sea behind a geographic map, land and its outline: light enough for the markers on top.
const SEA: RGBColor = RGBColor(241, 246, 251);
const LAND: RGBColor = RGBColor(230, 230, 226);
const COAST: RGBColor = RGBColor(165, 165, 165);

impl Plot for SiteMap<'_> {
    fn size(&self) -> (u32, u32) {
        (1100, 620)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        area.fill(&WHITE).map_err(err)?;
        let titled = area
            .margin(12, 12, 12, 12)
            .titled(&self.title, (FONT, 22))
            .map_err(err)?;
        let mut builder = ChartBuilder::on(&titled);
        builder.x_label_area_size(36).y_label_area_size(60);
        let all = || self.points.iter().chain(self.sites).copied();
        match &self.kind {
            MapKind::Geo => {
                // Building draws nothing, so a first chart only measures the plotting area
                // the window must be shaped to.
                let (w, h) = builder
                    .build_cartesian_2d(0.0..1.0, 0.0..1.0)
                    .map_err(err)?
                    .plotting_area()
                    .dim_in_pixel();
                let view = MapView::fit(all(), w.saturating_sub(1), h.saturating_sub(1));
                let mut chart = builder
                    .build_cartesian_2d(view.west..view.east, view.south..view.north)
                    .map_err(err)?;
                chart.plotting_area().fill(&SEA).map_err(err)?;
                chart
                    .configure_mesh()
                    .x_desc("longitude")
                    .y_desc("latitude")
                    .x_label_formatter(&|x| MapView::lon_label(*x))
                    .y_label_formatter(&|y| MapView::lat_label(*y))
                    .label_style((FONT, 13))
                    .bold_line_style(BLACK.mix(0.12))
                    .light_line_style(BLACK.mix(0.0))
                    .draw()
                    .map_err(err)?;
                draw_world(&mut chart, &view)?;
                self.draw_sites(&mut chart, |&(lat, lon)| (view.lon(lon), lat))
            }
            MapKind::Plane { x, y } => {
                let (y0, y1) = range(all().map(|p| p.0));
                let (x0, x1) = range(all().map(|p| p.1));
                let mut chart = builder.build_cartesian_2d(x0..x1, y0..y1).map_err(err)?;
                chart
                    .configure_mesh()
                    .x_desc(x.as_str())
                    .y_desc(y.as_str())
                    .label_style((FONT, 13))
                    .light_line_style(BLACK.mix(0.05))
                    .draw()
                    .map_err(err)?;
                self.draw_sites(&mut chart, |&(v, h)| (h, v))
            }
        }
    }
}

/// Land under the markers: every country ring (and its copy 360° away, for windows across the
/// antimeridian) clipped to the window, filled, then outlined.
fn draw_world<DB: DrawingBackend>(
    chart: &mut MapChart<'_, DB>,
    view: &MapView,
) -> Result<(), String> {
    let mut fills = Vec::new();
    let mut outlines = Vec::new();
    for ring in world::countries()?.iter().flat_map(|c| &c.rings) {
        let (west, _, east, _) = world::bbox(ring.iter().copied());
        for shift in view.shifts(west, east) {
            let moved: Vec<(f64, f64)> =
                ring.iter().map(|&(lon, lat)| (lon + shift, lat)).collect();
            let fill = view.clip_polygon(&moved);
            if !fill.is_empty() {
                fills.push(fill);
                outlines.extend(view.clip_outline(&moved));
            }
        }
    }
    chart
        .draw_series(fills.into_iter().map(|p| Polygon::new(p, LAND.filled())))
        .map_err(err)?;
    chart
        .draw_series(
            outlines
                .into_iter()
                .map(|l| PathElement::new(l, COAST.stroke_width(1))),
        )
        .map_err(err)?;
    Ok(())
}

impl SiteMap<'_> {
    /// Spokes, customers and labelled sites; `at` maps a stored point to chart coordinates.
    fn draw_sites<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut MapChart<'a, DB>,
        at: impl Fn(&(f64, f64)) -> (f64, f64),
    ) -> Result<(), String> {
        let color = |k: usize| Palette99::pick(k).mix(0.9);
        // Thin spokes from each customer to its site show the assignment.
        chart
            .draw_series(
                self.points
                    .iter()
                    .zip(self.assignments)
                    .filter_map(|(p, &k)| {
                        let s = self.sites.get(k)?;
                        Some(PathElement::new(vec![at(p), at(s)], color(k).mix(0.15)))
                    }),
            )
            .map_err(err)?;
        let max_w = self.weights.map_or(1.0, |w| {
            w.iter().copied().fold(0.0, f64::max).max(f64::MIN_POSITIVE)
        });
        let marker = RGBColor(128, 128, 128).mix(0.55);
        chart
            .draw_series(self.points.iter().zip(self.assignments).enumerate().map(
                |(i, (p, &k))| {
                    let w = self.weights.map_or(0.25, |w| w[i] / max_w);
                    let r = (2.0 + 8.0 * w.sqrt()).round() as i32;
                    // A faint dark rim keeps pale palette colours visible over land.
                    EmptyElement::at(at(p))
                        + Circle::new((0, 0), r, color(k).mix(0.55).filled())
                        + Circle::new((0, 0), r, BLACK.mix(0.3).stroke_width(1))
                },
            ))
            .map_err(err)?
            .label(if self.weights.is_some() {
                "customer (area by demand)"
            } else {
                "customer"
            })
            .legend(move |(x, y)| Circle::new((x + 9, y), 5, marker.filled()));
        let font = (FONT, 14).into_font().style(FontStyle::Bold);
        for (k, s) in self.sites.iter().enumerate() {
            let series = chart
                .draw_series([
                    TriangleMarker::new(at(s), 11, BLACK.filled()),
                    TriangleMarker::new(at(s), 8, color(k).filled()),
                ])
                .map_err(err)?;
            if k == 0 {
                series.label("site").legend(|(x, y)| {
                    EmptyElement::at((x + 9, y))
                        + TriangleMarker::new((0, 0), 8, BLACK.filled())
                        + TriangleMarker::new((0, 0), 6, WHITE.filled())
                });
            }
            // Label to the upper right of the marker, on a pale box so it reads over land,
            // borders and spokes.
            let text = format!("site {}", k + 1);
            let (w, h) = font.box_size(&text).map_err(err)?;
            let (w, h) = (w as i32, h as i32);
            let label = EmptyElement::at(at(s))
                + Rectangle::new([(9, -19), (15 + w, -13 + h)], WHITE.mix(0.75).filled())
                + Text::new(text, (12, -16), font.clone());
            chart.draw_series(std::iter::once(label)).map_err(err)?;
        }
        let (xs, ys) = (chart.x_range(), chart.y_range());
        chart
            .configure_series_labels()
            .position(quiet_corner(
                self.points.iter().chain(self.sites).map(&at),
                xs,
                ys,
            ))
            .label_font((FONT, 13))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(err)?;
        Ok(())
    }
}

/// The corner of the chart with the fewest markers, for the legend.
fn quiet_corner(
    points: impl Iterator<Item = (f64, f64)>,
    xs: std::ops::Range<f64>,
    ys: std::ops::Range<f64>,
) -> SeriesLabelPosition {
    // Corner boxes about the legend's size: a quarter of the width, a fifth of the height.
    let (dx, dy) = ((xs.end - xs.start) * 0.25, (ys.end - ys.start) * 0.2);
    let mut counts = [0usize; 4];
    for (x, y) in points {
        let left = x < xs.start + dx;
        let right = x > xs.end - dx;
        let low = y < ys.start + dy;
        let high = y > ys.end - dy;
        for (i, hit) in [low && left, high && right, high && left, low && right]
            .into_iter()
            .enumerate()
        {
            counts[i] += usize::from(hit);
        }
    }
    let best = (0..4).min_by_key(|&i| counts[i]).unwrap_or(0);
    [
        SeriesLabelPosition::LowerLeft,
        SeriesLabelPosition::UpperRight,
        SeriesLabelPosition::UpperLeft,
        SeriesLabelPosition::LowerRight,
    ][best]
        .clone()
}

/// A curve over k (inertia, total cost or silhouette) with the chosen k marked.
pub(crate) struct KCurve {
    pub(crate) title: String,
    pub(crate) ks: Vec<usize>,
    /// One or two panels: (axis label, value per k).
    pub(crate) panels: Vec<(String, Vec<f64>)>,
    pub(crate) chosen: Option<usize>,
}

impl Plot for KCurve {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        area.fill(&WHITE).map_err(err)?;
        let titled = area.titled(&self.title, (FONT, 22)).map_err(err)?;
        let panels = titled.split_evenly((1, self.panels.len().max(1)));
        let (k0, k1) = (
            *self.ks.first().unwrap_or(&1) as f64 - 0.5,
            *self.ks.last().unwrap_or(&1) as f64 + 0.5,
        );
        for (panel, (label, values)) in panels.iter().zip(&self.panels) {
            let (y0, y1) = range(values.iter().copied());
            let mut chart = ChartBuilder::on(panel)
                .margin(14)
                .x_label_area_size(36)
                .y_label_area_size(72)
                .build_cartesian_2d(k0..k1, y0..y1)
                .map_err(err)?;
            chart
                .configure_mesh()
                .x_desc("k (number of sites)")
                .y_desc(label.as_str())
                .x_labels(self.ks.len().min(20))
                .x_label_formatter(&|x| format!("{}", x.round()))
                .y_label_formatter(&|y| tick(*y))
                .label_style((FONT, 13))
                .draw()
                .map_err(err)?;
            let pts: Vec<(f64, f64)> = self
                .ks
                .iter()
                .map(|&k| k as f64)
                .zip(values.iter().copied())
                .collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), BLUE.stroke_width(2)))
                .map_err(err)?;
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 4, BLUE.filled())))
                .map_err(err)?;
            if let Some(k) = self.chosen
                && let Some(&p) = pts.iter().find(|p| (p.0 - k as f64).abs() < 0.5)
            {
                chart
                    .draw_series([Circle::new(p, 9, RED.stroke_width(3))])
                    .map_err(err)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecom_supply::ForecastInterval;

    fn forecast() -> Forecast {
        let mean: Vec<f64> = (0..14).map(|t| 100.0 + t as f64).collect();
        let band = |z: f64| ForecastInterval {
            level: if z > 1.5 { 95.0 } else { 80.0 },
            lower: mean
                .iter()
                .enumerate()
                .map(|(t, m)| m - z * 10.0 * (1.0 + t as f64).sqrt())
                .collect(),
            upper: mean
                .iter()
                .enumerate()
                .map(|(t, m)| m + z * 10.0 * (1.0 + t as f64).sqrt())
                .collect(),
        };
        Forecast {
            intervals: vec![band(1.2816), band(1.96)],
            mean,
            ..Forecast::default()
        }
    }

    /// A tick label that is an ISO date, e.g. `>2025-02-10<` (whitespace allowed around it).
    fn has_date_label(svg: &str) -> bool {
        svg.split('>').any(|chunk| {
            let t = chunk.trim_start();
            t.len() >= 10
                && t.as_bytes()[4] == b'-'
                && t.as_bytes()[7] == b'-'
                && NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d").is_ok()
        })
    }

    /// Every plot renders to both formats and produces a plausible file. (Looks are checked by
    /// eye: set ECOM_PLOT_DIR to keep the files.)
    #[test]
    fn ticks_are_short() {
        assert_eq!(tick(1_600_000.0), "1.6M");
        assert_eq!(tick(450_000.0), "450k");
        assert_eq!(tick(12_500.0), "12.5k");
        assert_eq!(tick(950.0), "950");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(-2_000_000.0), "-2M");
    }

    #[test]
    fn plots_render_as_svg_and_png() {
        let tmp = tempfile::tempdir().unwrap();
        let dir =
            std::env::var_os("ECOM_PLOT_DIR").map_or_else(|| tmp.path().to_path_buf(), Into::into);
        let history: Vec<f64> = (0..90)
            .map(|t| 80.0 + 20.0 * ((t as f64) / 7.0 * std::f64::consts::TAU).sin())
            .collect();
        let f = forecast();
        let fp = ForecastPlot {
            title: "SKU-001".into(),
            history: &history,
            start: NaiveDate::from_ymd_opt(2025, 1, 1),
            frequency: Some(Frequency::Daily),
            forecast: &f,
            show_last: Some(60),
        };
        let points = [
            (51.5, -0.1),
            (48.9, 2.35),
            (40.7, -74.0),
            (41.9, -87.6),
            (52.5, 13.4),
        ];
        let weights = [5.0, 3.0, 4.0, 1.0, 2.0];
        let map = SiteMap {
            title: "2 sites".into(),
            kind: MapKind::Geo,
            points: &points,
            weights: Some(&weights),
            assignments: &[0, 0, 1, 1, 0],
            sites: &[(50.5, 4.0), (41.0, -78.0)],
        };
        let curve = KCurve {
            title: "choosing k".into(),
            ks: vec![1, 2, 3, 4],
            panels: vec![
                ("inertia".into(), vec![10.0, 5.0, 3.0, 2.5]),
                ("silhouette".into(), vec![0.0, 0.6, 0.5, 0.4]),
            ],
            chosen: Some(2),
        };
        for ext in ["svg", "png"] {
            let paths = [
                dir.join(format!("forecast.{ext}")),
                dir.join(format!("map.{ext}")),
                dir.join(format!("k.{ext}")),
            ];
            render(&paths[0], &fp).unwrap();
            render(&paths[1], &map).unwrap();
            render(&paths[2], &curve).unwrap();
            for p in &paths {
                let bytes = std::fs::read(p).unwrap();
                assert!(
                    bytes.len() > 2_000,
                    "{} is only {} bytes",
                    p.display(),
                    bytes.len()
                );
                if ext == "png" {
                    assert_eq!(&bytes[1..4], b"PNG");
                } else {
                    let text = String::from_utf8(bytes).unwrap();
                    assert!(
                        text.contains("<svg") && text.contains("<text"),
                        "{}",
                        p.display()
                    );
                }
            }
        }
        let svg = std::fs::read_to_string(dir.join("forecast.svg")).unwrap();
        assert!(svg.contains("95% interval"), "legend missing");
        assert!(has_date_label(&svg), "date tick labels missing");
    }

    /// Text elements of an SVG (plotters puts each on its own line between the tags).
    fn svg_texts(svg: &str) -> Vec<&str> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
            .filter_map(|t| t.split_once("</text>").map(|(text, _)| text.trim()))
            .collect()
    }

    fn retailer_map() -> (Vec<(f64, f64)>, Vec<f64>, Vec<usize>) {
        // A few of the retailer's countries: UK, Germany, France, Australia, Japan, the US.
        let points = vec![
            (52.5, -1.34),
            (51.26, 9.64),
            (47.3, 2.91),
            (-33.96, 145.06),
            (35.57, 137.2),
            (38.79, -93.52),
        ];
        (
            points,
            vec![4651.0, 118.0, 111.0, 84.0, 26.0, 2.5],
            vec![0, 0, 0, 1, 1, 0],
        )
    }

    fn site_map<'a>(
        kind: MapKind,
        points: &'a [(f64, f64)],
        weights: &'a [f64],
        assignments: &'a [usize],
    ) -> SiteMap<'a> {
        SiteMap {
            title: "2 sites".into(),
            kind,
            points,
            weights: Some(weights),
            assignments,
            sites: &[(52.5, -1.34), (-33.96, 145.06)],
        }
    }

    fn land_polygons(svg: &str) -> usize {
        let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", LAND.0, LAND.1, LAND.2);
        svg.split("<polygon")
            .skip(1)
            .filter(|p| p.contains(&fill))
            .count()
    }

    #[test]
    fn geographic_maps_draw_the_world_under_the_sites() {
        let tmp = tempfile::tempdir().unwrap();
        let (points, weights, assignments) = retailer_map();
        let map = site_map(MapKind::Geo, &points, &weights, &assignments);
        let path = tmp.path().join("map.svg");
        render(&path, &map).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        // The window spans the US to Australia: most of the world's countries are in it.
        let land = land_polygons(&svg);
        assert!(land > 120, "{land} land polygons");
        // Land first, then the markers over it: every customer circle comes after the last
        // land polygon.
        let last_land = svg.rfind("fill=\"#E6E6E2\"").unwrap();
        let first_circle = svg.find("<circle").unwrap();
        assert!(first_circle > last_land);
        // One filled disc and one rim per customer, one legend marker.
        assert_eq!(svg.matches("<circle").count(), 2 * points.len() + 1);
        let texts = svg_texts(&svg);
        for want in [
            "site 1",
            "site 2",
            "customer (area by demand)",
            "site",
            "0°",
        ] {
            assert!(texts.contains(&want), "{want:?} missing from {texts:?}");
        }
        assert!(texts.iter().any(|t| t.ends_with("°E")) && texts.iter().any(|t| t.ends_with("°N")));
    }

    /// Colour counts of a map drawn into an RGB buffer (what the PNG file holds).
    fn pixels(map: &SiteMap<'_>, colour: RGBColor) -> usize {
        let (w, h) = map.size();
        let mut buf = vec![0u8; (w * h * 3) as usize];
        {
            register_fonts();
            let area = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
            map.draw(&area).unwrap();
            area.present().unwrap();
        }
        buf.chunks(3)
            .filter(|p| p == &[colour.0, colour.1, colour.2])
            .count()
    }

    #[test]
    fn png_maps_show_land_only_for_geographic_data() {
        let (points, weights, assignments) = retailer_map();
        let geo = site_map(MapKind::Geo, &points, &weights, &assignments);
        let (w, h) = geo.size();
        let land = pixels(&geo, LAND);
        // Roughly a third of the plotting area is land between the US and Australia.
        let share = land as f64 / f64::from(w * h);
        assert!(share > 0.15 && share < 0.6, "land share {share}");
        assert!(pixels(&geo, SEA) > 0);
        let plane = site_map(
            MapKind::Plane {
                x: "lon".into(),
                y: "lat".into(),
            },
            &points,
            &weights,
            &assignments,
        );
        assert_eq!(pixels(&plane, LAND), 0);
        assert_eq!(pixels(&plane, SEA), 0);

        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("map.png");
        render(&path, &geo).unwrap();
        assert_eq!(&std::fs::read(&path).unwrap()[1..4], b"PNG");
    }

    #[test]
    fn plane_maps_have_plain_axes_and_no_world() {
        let tmp = tempfile::tempdir().unwrap();
        let (points, weights, assignments) = retailer_map();
        let map = site_map(
            MapKind::Plane {
                x: "east_km".into(),
                y: "north_km".into(),
            },
            &points,
            &weights,
            &assignments,
        );
        let path = tmp.path().join("plane.svg");
        render(&path, &map).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert_eq!(land_polygons(&svg), 0);
        let texts = svg_texts(&svg);
        for want in ["east_km", "north_km", "site 1", "site 2"] {
            assert!(texts.contains(&want), "{want:?} missing from {texts:?}");
        }
        assert!(!texts.iter().any(|t| t.contains('°')), "{texts:?}");
    }

    #[test]
    fn the_legend_goes_where_the_markers_are_not() {
        let (xs, ys) = (0.0..10.0, 0.0..10.0);
        // Markers crowd the lower left: the next corner in order of preference is taken.
        let crowded = [(1.0, 1.0), (0.5, 1.5), (5.0, 5.0)];
        assert!(matches!(
            quiet_corner(crowded.into_iter(), xs.clone(), ys.clone()),
            SeriesLabelPosition::UpperRight
        ));
        let everywhere = [(1.0, 1.0), (9.0, 9.0), (1.0, 9.0)];
        assert!(matches!(
            quiet_corner(everywhere.into_iter(), xs.clone(), ys.clone()),
            SeriesLabelPosition::LowerRight
        ));
        assert!(matches!(
            quiet_corner(std::iter::empty(), xs, ys),
            SeriesLabelPosition::LowerLeft
        ));
    }
}
