//! Minimal SVG scatter plots (no plotting dependency): labelled axes with ticks, one dot per
//! candidate (Pareto-front points filled), and the baseline as a red diamond with a label.

use std::fmt::Write;

fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).max(1e-9);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| span / s <= 6.0).unwrap_or(mag * 10.0);
    let mut v = Vec::new();
    let mut t = (lo / step).ceil() * step;
    while t <= hi + 1e-9 {
        v.push(t);
        t += step;
    }
    v
}

fn fmt(v: f64) -> String {
    if v.abs() >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v.abs() >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// `points`: (x, y, label, on the Pareto front).
pub fn scatter(
    title: &str,
    xlabel: &str,
    ylabel: &str,
    points: &[(f64, f64, String, bool)],
    baseline: Option<(f64, f64)>,
) -> String {
    let (w, h, l, r, t, b) = (720.0, 480.0, 80.0, 30.0, 40.0, 60.0);
    let all: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).chain(baseline).collect();
    let (mut x0, mut x1) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (mut y0, mut y1) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    if all.is_empty() {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let (px, py) = ((x1 - x0).max(1.0) * 0.08, (y1 - y0).max(1.0) * 0.1);
    (x0, x1, y0, y1) = ((x0 - px).max(0.0), x1 + px, (y0 - py).max(0.0), (y1 + py).min(100.0));
    let sx = |x: f64| l + (x - x0) / (x1 - x0).max(1e-9) * (w - l - r);
    let sy = |y: f64| h - b - (y - y0) / (y1 - y0).max(1e-9) * (h - t - b);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(s, r#"<text x="{}" y="24" text-anchor="middle" font-size="16">{title}</text>"#, w / 2.0);
    let _ = writeln!(s, r#"<line x1="{l}" y1="{}" x2="{}" y2="{}" stroke="black"/>"#, h - b, w - r, h - b);
    let _ = writeln!(s, r#"<line x1="{l}" y1="{t}" x2="{l}" y2="{}" stroke="black"/>"#, h - b);
    for x in ticks(x0, x1) {
        let _ = writeln!(
            s,
            r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="black"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text>"#,
            sx(x),
            h - b,
            h - b + 5.0,
            h - b + 18.0,
            fmt(x)
        );
    }
    for y in ticks(y0, y1) {
        let _ = writeln!(
            s,
            r##"<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#ddd"/><text x="{3}" y="{4}" text-anchor="end">{5}</text>"##,
            l,
            sy(y),
            w - r,
            l - 6.0,
            sy(y) + 4.0,
            fmt(y)
        );
    }
    let _ = writeln!(s, r#"<text x="{}" y="{}" text-anchor="middle">{xlabel}</text>"#, (l + w - r) / 2.0, h - 15.0);
    let _ = writeln!(
        s,
        r#"<text x="18" y="{0}" text-anchor="middle" transform="rotate(-90 18 {0})">{ylabel}</text>"#,
        (t + h - b) / 2.0
    );
    for (x, y, label, front) in points {
        let fill = if *front { "#1f77b4" } else { "white" };
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="{fill}" stroke="#1f77b4" stroke-width="1.5"><title>candidate {label}</title></circle>"##,
            sx(*x),
            sy(*y)
        );
    }
    if let Some((x, y)) = baseline {
        let (cx, cy) = (sx(x), sy(y));
        let _ = writeln!(
            s,
            r#"<path d="M {cx} {} L {} {cy} L {cx} {} L {} {cy} Z" fill="red"/><text x="{}" y="{}" fill="red">resnet8 (baseline)</text>"#,
            cy - 7.0,
            cx + 7.0,
            cy + 7.0,
            cx - 7.0,
            cx + 10.0,
            cy - 8.0
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" text-anchor="end" fill="#1f77b4">filled: Pareto front</text>"##,
        w - r,
        t + 12.0
    );
    s += "</svg>\n";
    s
}
