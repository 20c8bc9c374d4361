//! Country outlines drawn under geographic site maps: Natural Earth 1:110m admin-0 countries
//! (public domain; made with Natural Earth), embedded from `data/world/countries.txt`, whose
//! README says how the file was made.

use std::sync::OnceLock;

/// The embedded outlines, in the text format `data/world/convert.py` writes.
const COUNTRIES: &str = include_str!("../data/world/countries.txt");

/// One country (or territory) and its outer rings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Country {
    /// ISO 3166-1 alpha-3 code (Natural Earth's; `-99` for a few disputed areas).
    pub(crate) iso3: String,
    /// Short English name.
    pub(crate) name: String,
    /// Outer rings as (longitude, latitude) in degrees, each implicitly closed.
    pub(crate) rings: Vec<Vec<(f64, f64)>>,
}

#[cfg(test)]
impl Country {
    /// (west, south, east, north) over all rings.
    pub(crate) fn bbox(&self) -> (f64, f64, f64, f64) {
        bbox(self.rings.iter().flatten().copied())
    }
}

/// (min lon, min lat, max lon, max lat) of the points; infinities when there are none.
pub(crate) fn bbox(points: impl Iterator<Item = (f64, f64)>) -> (f64, f64, f64, f64) {
    points.fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |(w, s, e, n), (lon, lat)| (w.min(lon), s.min(lat), e.max(lon), n.max(lat)),
    )
}

/// The world's countries, parsed once. An error means the embedded file is damaged (a build
/// problem, which the tests catch), so the caller reports it rather than drawing a wrong map.
pub(crate) fn countries() -> Result<&'static [Country], String> {
    static PARSED: OnceLock<Result<Vec<Country>, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| parse(COUNTRIES))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| format!("embedded world outlines: {e}"))
}

/// Parses the outline format: `#` comment lines, `C <ISO A3> <name>` starting a country, and
/// one line per ring of space-separated `lon,lat` pairs.
pub(crate) fn parse(text: &str) -> Result<Vec<Country>, String> {
    let mut countries: Vec<Country> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let at = |msg: String| format!("line {}: {msg}", i + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("C ") {
            let (iso3, name) = rest
                .split_once(' ')
                .ok_or_else(|| at("a country line needs a code and a name".into()))?;
            countries.push(Country {
                iso3: iso3.to_owned(),
                name: name.to_owned(),
                rings: Vec::new(),
            });
            continue;
        }
        let country = countries
            .last_mut()
            .ok_or_else(|| at("a ring before any country line".into()))?;
        let ring = line
            .split(' ')
            .map(|pair| parse_point(pair).map_err(&at))
            .collect::<Result<Vec<_>, _>>()?;
        if ring.len() < 3 {
            return Err(at(format!("a ring of {} points", ring.len())));
        }
        country.rings.push(ring);
    }
    if countries.is_empty() {
        return Err("no countries".into());
    }
    Ok(countries)
}

fn parse_point(pair: &str) -> Result<(f64, f64), String> {
    let (lon, lat) = pair
        .split_once(',')
        .ok_or_else(|| format!("{pair:?} is not lon,lat"))?;
    let num = |s: &str| {
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("{s:?} is not a number"))
    };
    let (lon, lat) = (num(lon)?, num(lat)?);
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("{pair} is off the globe"));
    }
    Ok((lon, lat))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(iso3: &str) -> &'static Country {
        countries()
            .unwrap()
            .iter()
            .find(|c| c.iso3 == iso3)
            .unwrap_or_else(|| panic!("{iso3} missing"))
    }

    #[test]
    fn the_embedded_world_parses_whole() {
        let world = countries().unwrap();
        // The counts convert.py printed for Natural Earth 110m as shipped by geopandas 0.14.4.
        assert_eq!(world.len(), 177);
        assert_eq!(world.iter().map(|c| c.rings.len()).sum::<usize>(), 286);
        let (w, s, e, n) = bbox(world.iter().flat_map(|c| c.rings.iter().flatten().copied()));
        assert!(w >= -180.0 && e <= 180.0 && s >= -90.0 && n <= 90.0);
        // The whole globe is covered: Antarctica reaches the pole, Russia and Fiji the
        // antimeridian, Greenland the far north.
        assert_eq!((w, s, e), (-180.0, -90.0, 180.0));
        assert!(n > 83.0, "{n}");
        assert!(world.iter().all(|c| !c.rings.is_empty()));
    }

    #[test]
    fn known_countries_sit_where_they_are() {
        let near = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
            (a.0 - b.0).abs() < 0.5
                && (a.1 - b.1).abs() < 0.5
                && (a.2 - b.2).abs() < 0.5
                && (a.3 - b.3).abs() < 0.5
        };
        // Bounding boxes (west, south, east, north) of the 1:110m shapes, within half a degree.
        let gb = find("GBR").bbox();
        assert!(near(gb, (-7.6, 50.0, 1.7, 58.6)), "{gb:?}");
        let au = find("AUS").bbox();
        assert!(near(au, (113.3, -43.6, 153.6, -10.7)), "{au:?}");
        let jp = find("JPN").bbox();
        assert!(near(jp, (129.4, 31.0, 145.5, 45.6)), "{jp:?}");
        assert_eq!(find("JPN").name, "Japan");
        // Russia is cut at the antimeridian into pieces on both sides.
        let ru = find("RUS").bbox();
        assert_eq!((ru.0, ru.2), (-180.0, 180.0));
        // Lesotho is its own country, so the hole it leaves in South Africa is not needed.
        assert!(countries().unwrap().iter().any(|c| c.name == "Lesotho"));
    }

    #[test]
    fn damaged_outlines_are_errors_naming_the_line() {
        let cases = [
            ("", "no countries"),
            ("1,2 3,4 5,6", "line 1: a ring before any country line"),
            ("C XYZ", "line 1: a country line needs a code and a name"),
            ("C XYZ Nowhere\n1,2 3,4", "line 2: a ring of 2 points"),
            ("C XYZ Nowhere\n1,2 3,4 5", "line 2: \"5\" is not lon,lat"),
            (
                "C XYZ Nowhere\n1,2 3,x 5,6",
                "line 2: \"x\" is not a number",
            ),
            (
                "C XYZ Nowhere\n1,2 3,NaN 5,6",
                "line 2: \"NaN\" is not a number",
            ),
            (
                "# c\nC XYZ Nowhere\n1,2 181,4 5,6",
                "line 3: 181,4 is off the globe",
            ),
            (
                "C XYZ Nowhere\n1,2 3,-90.5 5,6",
                "line 2: 3,-90.5 is off the globe",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap_err(), want, "{text:?}");
        }
        let ok = parse("# c\nC XYZ Two words\n1,2 3,4 5,6\n-1,-2 -3,-4 -5,-6\n").unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].name, "Two words");
        assert_eq!(ok[0].rings[1][2], (-5.0, -6.0));
    }
}
