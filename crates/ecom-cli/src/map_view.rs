//! The window of a geographic map: which longitudes and latitudes it shows, in an
//! equirectangular projection whose standard parallel is the data's middle latitude (a degree of
//! longitude drawn `cos(latitude)` times as wide as a degree of latitude, so shapes near the data
//! keep their proportions), and the clipping of outlines to that window.
//!
//! Longitudes live in one continuous frame around the window's centre: a window across the
//! antimeridian runs e.g. from 160 to 200, and points and outlines are shifted by 360° into it.

/// A longitude/latitude window fitted to data and to a plotting area's pixel size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MapView {
    /// Western edge (degrees, continuous frame; may be below -180).
    pub(crate) west: f64,
    /// Eastern edge (continuous frame; may exceed 180 when the window crosses the antimeridian).
    pub(crate) east: f64,
    /// Southern edge (may lie beyond the pole when a whole-world window needs the height).
    pub(crate) south: f64,
    /// Northern edge.
    pub(crate) north: f64,
    /// Width of a degree of longitude relative to a degree of latitude.
    pub(crate) x_scale: f64,
}

/// Share of the data's extent added on each side.
const MARGIN: f64 = 0.08;
/// Least margin on each side, in degrees, so a single city still shows its surroundings.
const MIN_MARGIN: f64 = 2.0;

/// How much larger (degrees) another gap between the data's longitudes must be than the one
/// across the antimeridian for the window to cross the antimeridian instead.
const PREFER_USUAL_FRAME: f64 = 36.0;

/// Longitude in [-180, 180).
fn wrap(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

impl MapView {
    /// The window showing every (latitude, longitude) point with a margin, shaped to a plotting
    /// area `width` x `height` pixels. Longitudes are spanned by the shortest arc holding all
    /// points (the largest empty gap between them is left out, the Pacific unless another gap
    /// is clearly larger), so data on both sides of the antimeridian sits together. No finite
    /// point gives the whole world.
    pub(crate) fn fit(points: impl Iterator<Item = (f64, f64)>, width: u32, height: u32) -> Self {
        let mut lons = Vec::new();
        let (mut south, mut north) = (f64::INFINITY, f64::NEG_INFINITY);
        for (lat, lon) in points.filter(|p| p.0.is_finite() && p.1.is_finite()) {
            lons.push(wrap(lon));
            south = south.min(lat.clamp(-90.0, 90.0));
            north = north.max(lat.clamp(-90.0, 90.0));
        }
        let (mut west, mut east) = if lons.is_empty() {
            (south, north) = (-60.0, 80.0);
            (-180.0, 180.0)
        } else {
            lons.sort_by(f64::total_cmp);
            // The window is the complement of the largest gap between neighbouring longitudes.
            // The gap across the antimeridian (easternmost point round to the westernmost) is
            // kept unless another is clearly larger: a map in the usual frame reads better
            // than a slightly narrower one cut through Europe and Africa.
            let n = lons.len();
            let across = lons[0] + 360.0 - lons[n - 1];
            let mut best = (across + PREFER_USUAL_FRAME, lons[0], lons[n - 1]);
            for pair in lons.windows(2) {
                let gap = pair[1] - pair[0];
                if gap > best.0 {
                    best = (gap, pair[1], pair[0] + 360.0);
                }
            }
            (best.1, best.2)
        };

        let pad = |span: f64| (span * MARGIN).max(MIN_MARGIN);
        let lon_pad = pad(east - west);
        (west, east) = (west - lon_pad, east + lon_pad);
        let lat_pad = pad(north - south);
        (south, north) = ((south - lat_pad).max(-90.0), (north + lat_pad).min(90.0));
        if east - west > 360.0 {
            let mid = (west + east) / 2.0;
            (west, east) = (mid - 180.0, mid + 180.0);
        }

        // The standard parallel is the padded data's middle; polar data still gets a usable
        // width rather than an unbounded one.
        let x_scale = ((south + north) / 2.0).to_radians().cos().max(0.2);
        let target = f64::from(width.max(1)) / f64::from(height.max(1));
        let aspect = (east - west) * x_scale / (north - south);
        if aspect < target {
            let span = ((north - south) * target / x_scale).min(360.0);
            let mid = (west + east) / 2.0;
            (west, east) = (mid - span / 2.0, mid + span / 2.0);
        }
        let aspect = (east - west) * x_scale / (north - south);
        if aspect > target {
            let span = (east - west) * x_scale / target;
            let mid = if span >= 180.0 {
                0.0
            } else {
                ((south + north) / 2.0).clamp(-90.0 + span / 2.0, 90.0 - span / 2.0)
            };
            (south, north) = (mid - span / 2.0, mid + span / 2.0);
        }
        // Centre the frame in [-180, 180) so one shift of 360° either way reaches any window.
        let shift = wrap((west + east) / 2.0) - (west + east) / 2.0;
        Self {
            west: west + shift,
            east: east + shift,
            south,
            north,
            x_scale,
        }
    }

    /// `lon` moved by a multiple of 360° to lie in the window's frame (within 180° of its centre).
    pub(crate) fn lon(&self, lon: f64) -> f64 {
        let mid = (self.west + self.east) / 2.0;
        mid + wrap(lon - mid)
    }

    /// The copies of a ring (-360, 0 or +360 degrees of longitude added) that reach the window.
    pub(crate) fn shifts(&self, west: f64, east: f64) -> impl Iterator<Item = f64> + '_ {
        [-360.0, 0.0, 360.0]
            .into_iter()
            .filter(move |s| west + s <= self.east && east + s >= self.west)
    }

    /// The part of a closed (lon, lat) ring inside the window, as a polygon to fill
    /// (Sutherland-Hodgman against each edge); empty when nothing is inside.
    pub(crate) fn clip_polygon(&self, ring: &[(f64, f64)]) -> Vec<(f64, f64)> {
        let edges: [(usize, f64, bool); 4] = [
            (0, self.west, true),
            (0, self.east, false),
            (1, self.south, true),
            (1, self.north, false),
        ];
        let mut out: Vec<(f64, f64)> = ring.to_vec();
        for (axis, bound, keep_above) in edges {
            let inside = |p: (f64, f64)| {
                let v = if axis == 0 { p.0 } else { p.1 };
                if keep_above { v >= bound } else { v <= bound }
            };
            let cross = |a: (f64, f64), b: (f64, f64)| {
                let (va, vb) = if axis == 0 { (a.0, b.0) } else { (a.1, b.1) };
                let t = (bound - va) / (vb - va);
                (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
            };
            let input = std::mem::take(&mut out);
            let Some(&last) = input.last() else { break };
            let mut prev = last;
            for &p in &input {
                match (inside(prev), inside(p)) {
                    (true, true) => out.push(p),
                    (true, false) => out.push(cross(prev, p)),
                    (false, true) => {
                        out.push(cross(prev, p));
                        out.push(p);
                    }
                    (false, false) => {}
                }
                prev = p;
            }
        }
        if out.len() < 3 { Vec::new() } else { out }
    }

    /// The outline of a closed (lon, lat) ring inside the window, as polylines: the edges the
    /// clipped polygon gains along the window's border are not part of any coast or border.
    pub(crate) fn clip_outline(&self, ring: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut open = false;
        for (i, &a) in ring.iter().enumerate() {
            let b = ring[(i + 1) % ring.len()];
            match self.clip_segment(a, b) {
                Some((p, q)) => {
                    let run = match runs.last_mut() {
                        Some(run) if open && run.last() == Some(&p) => run,
                        _ => {
                            runs.push(vec![p]);
                            runs.last_mut().expect("just pushed")
                        }
                    };
                    run.push(q);
                    // A segment cut at its end leaves the window: the next inside part is
                    // a new run.
                    open = q == b;
                }
                None => open = false,
            }
        }
        // A ring whose start lies inside continues its last run into its first.
        if runs.len() > 1 && runs[0].first() == runs.last().and_then(|r| r.last()) {
            let first = runs.remove(0);
            if let Some(last) = runs.last_mut() {
                last.extend_from_slice(&first[1..]);
            }
        }
        runs
    }

    /// The part of segment a-b inside the window (Liang-Barsky), endpoints kept exact when
    /// inside so runs join.
    fn clip_segment(&self, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.west),
            (dx, self.east - a.0),
            (-dy, a.1 - self.south),
            (dy, self.north - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        if t0 > t1 {
            return None;
        }
        let at = |t: f64| {
            if t == 0.0 {
                a
            } else if t == 1.0 {
                b
            } else {
                (a.0 + t * dx, a.1 + t * dy)
            }
        };
        Some((at(t0), at(t1)))
    }

    /// A longitude tick label: 30°W, 0°, 45°E, 180°.
    pub(crate) fn lon_label(lon: f64) -> String {
        let v = wrap(lon.round());
        match v {
            0.0 => "0°".into(),
            -180.0 => "180°".into(),
            v if v < 0.0 => format!("{}°W", -v),
            v => format!("{v}°E"),
        }
    }

    /// A latitude tick label: 30°S, 0°, 60°N; empty beyond the poles.
    pub(crate) fn lat_label(lat: f64) -> String {
        let v = lat.round();
        match v {
            v if v.abs() > 90.0 => String::new(),
            0.0 => "0°".into(),
            v if v < 0.0 => format!("{}°S", -v),
            v => format!("{v}°N"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pixels per degree of latitude equal pixels per degree of longitude over `x_scale`.
    fn assert_true_aspect(v: &MapView, w: u32, h: u32) {
        let x_px_per_deg = f64::from(w) / (v.east - v.west);
        let y_px_per_deg = f64::from(h) / (v.north - v.south);
        let ratio = x_px_per_deg / (y_px_per_deg * v.x_scale);
        assert!((ratio - 1.0).abs() < 1e-9, "{v:?}: ratio {ratio}");
    }

    fn retailer() -> Vec<(f64, f64)> {
        // Some of the retailer's destination countries: Europe, Australia, Japan, the US.
        vec![
            (52.5, -1.34),
            (51.26, 9.64),
            (-33.96, 145.06),
            (35.57, 137.2),
            (38.79, -93.52),
            (64.23, -21.72),
            (-17.6, -45.8),
        ]
    }

    #[test]
    fn the_window_holds_the_data_with_a_margin_and_true_aspect() {
        let v = MapView::fit(retailer().into_iter(), 1000, 520);
        assert_true_aspect(&v, 1000, 520);
        for (lat, lon) in retailer() {
            let x = v.lon(lon);
            assert!(x > v.west + 2.0 && x < v.east - 2.0, "{lon} in {v:?}");
            assert!(lat > v.south + 2.0 && lat < v.north - 2.0, "{lat} in {v:?}");
        }
        // The Pacific is left out (Europe to Japan is a slightly larger gap here, but not by
        // enough to cut the map through Europe): the window runs from west of the US to east
        // of Australia without crossing the antimeridian.
        assert!(v.west < -93.5 && v.west > -130.0, "{v:?}");
        assert!(v.east > 145.0 && v.east < 180.0, "{v:?}");
        // Standard parallel at the padded data's middle latitude, about 15°N.
        let mid = v.x_scale.acos().to_degrees();
        assert!((mid - 15.1).abs() < 1.0, "{mid}");
    }

    #[test]
    fn data_across_the_antimeridian_gets_a_window_across_it() {
        // New Zealand, Fiji, Samoa, Hawaii.
        let pts = [
            (-41.3, 174.8),
            (-18.1, 178.4),
            (-13.8, -171.8),
            (21.3, -157.9),
        ];
        let v = MapView::fit(pts.into_iter(), 800, 600);
        assert_true_aspect(&v, 800, 600);
        let x = v.lon(180.0);
        assert!(x > v.west && x < v.east, "{v:?}");
        assert!(v.east - v.west < 120.0, "{v:?}");
        // Points round the Pacific, from Asia to the Americas: the gap over Africa and the
        // Atlantic is clearly larger than the Pacific's, so the window crosses the antimeridian.
        let v = MapView::fit(
            [(-15.0, -150.0), (0.0, -100.0), (0.0, 100.0)].into_iter(),
            800,
            600,
        );
        assert!(v.lon(-100.0) > v.lon(100.0), "{v:?}");
        assert!(v.east - v.west < 200.0, "{v:?}");
        // Points come into the window's frame on either side.
        for (_, lon) in pts {
            let x = v.lon(lon);
            assert!(x > v.west && x < v.east, "{lon} -> {x} in {v:?}");
        }
        // Fiji's pieces at +179 and -179 both reach the window.
        assert_eq!(v.shifts(177.0, 180.0).count(), 1);
        assert_eq!(v.shifts(-180.0, -178.0).count(), 1);
        let russia: Vec<f64> = v.shifts(-180.0, 180.0).collect();
        assert!(!russia.is_empty(), "{v:?}");
        assert_eq!(MapView::lon_label(190.0), "170°W");
        assert_eq!(MapView::lon_label(180.0), "180°");
    }

    #[test]
    fn one_point_and_no_point_give_sane_windows() {
        let v = MapView::fit([(51.5, -0.1)].into_iter(), 600, 600);
        assert_true_aspect(&v, 600, 600);
        assert!(
            v.north - v.south >= 4.0 && v.west < -2.0 && v.east > 1.9,
            "{v:?}"
        );
        let v = MapView::fit(std::iter::empty(), 1000, 500);
        assert!((v.east - v.west - 360.0).abs() < 1e-9, "{v:?}");
        assert!(v.south <= -60.0 && v.north >= 80.0, "{v:?}");
        // Points all round the globe cannot show more than the globe's width.
        let ring: Vec<(f64, f64)> = (0..12)
            .map(|i| (0.0, -180.0 + 30.0 * f64::from(i)))
            .collect();
        let v = MapView::fit(ring.into_iter(), 1000, 200);
        assert!(v.east - v.west <= 360.0 + 1e-9, "{v:?}");
        assert_true_aspect(&v, 1000, 200);
        // Near the pole the window stays finite and inside it.
        let v = MapView::fit([(89.0, 0.0), (88.0, 10.0)].into_iter(), 500, 500);
        assert!(v.north <= 90.0 && v.east - v.west <= 360.0, "{v:?}");
    }

    #[test]
    fn rings_are_clipped_to_the_window() {
        let v = MapView {
            west: 0.0,
            east: 10.0,
            south: 0.0,
            north: 10.0,
            x_scale: 1.0,
        };
        // A square sticking out of the east side.
        let ring = [(5.0, 2.0), (15.0, 2.0), (15.0, 8.0), (5.0, 8.0)];
        let poly = v.clip_polygon(&ring);
        assert!(
            poly.iter()
                .all(|p| (0.0..=10.0).contains(&p.0) && (0.0..=10.0).contains(&p.1))
        );
        let (w, s, e, n) = crate::world::bbox(poly.iter().copied());
        assert_eq!((w, s, e, n), (5.0, 2.0, 10.0, 8.0));
        // Its outline inside is one run from the east edge round to the east edge; the cut
        // along the border is not drawn.
        let runs = v.clip_outline(&ring);
        assert_eq!(
            runs,
            vec![vec![(10.0, 8.0), (5.0, 8.0), (5.0, 2.0), (10.0, 2.0)]]
        );
        // Wholly inside: one closed run of every vertex; wholly outside: nothing.
        let inner = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)];
        assert_eq!(v.clip_polygon(&inner), inner.to_vec());
        assert_eq!(
            v.clip_outline(&inner),
            vec![vec![(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 1.0)]]
        );
        let outer = [(20.0, 1.0), (22.0, 1.0), (22.0, 2.0)];
        assert!(v.clip_polygon(&outer).is_empty());
        assert!(v.clip_outline(&outer).is_empty());
        // A ring crossing the window twice gives two runs.
        let band = [(-5.0, 3.0), (15.0, 3.0), (15.0, 4.0), (-5.0, 4.0)];
        assert_eq!(v.clip_outline(&band).len(), 2);
    }

    #[test]
    fn tick_labels_name_hemispheres() {
        assert_eq!(MapView::lon_label(-30.0), "30°W");
        assert_eq!(MapView::lon_label(45.0), "45°E");
        assert_eq!(MapView::lon_label(0.0), "0°");
        assert_eq!(MapView::lon_label(-200.0), "160°E");
        assert_eq!(MapView::lat_label(-33.0), "33°S");
        assert_eq!(MapView::lat_label(60.0), "60°N");
        assert_eq!(MapView::lat_label(0.0), "0°");
        assert_eq!(MapView::lat_label(100.0), "");
    }
}
