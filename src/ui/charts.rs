//! Terminal charts: sparklines, bars, an hour-by-weekday heatmap and a calendar of
//! days. Plain characters, so they stay readable without colour and in 80 columns.

const SPARK: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const SHADE: [char; 5] = ['·', '░', '▒', '▓', '█'];

/// A sparkline of `values`, one character each (a space for zero).
pub fn sparkline(values: &[usize]) -> String {
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if v == 0 || max == 0 {
                ' '
            } else {
                SPARK[(v * (SPARK.len() - 1)).div_ceil(max)]
            }
        })
        .collect()
}

/// A horizontal bar `width` long at most, proportional to `value / max`.
pub fn bar(value: usize, max: usize, width: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let n = (value * width).div_ceil(max).min(width);
    "█".repeat(n)
}

/// One shading character for `v` relative to `max`.
pub fn shade(v: usize, max: usize) -> char {
    if v == 0 || max == 0 {
        SHADE[0]
    } else {
        // 1..=4: the busiest cell always gets the darkest shade.
        let levels = SHADE.len() - 1;
        SHADE[(1 + (v * levels - 1) / max).min(levels)]
    }
}

/// A label line `span` columns wide with `left` at its start and `right` at its end
/// (to sit under a chart `span` wide), or "left to right" when both do not fit.
pub fn ends(left: &str, right: &str, span: usize) -> String {
    let used = super::text_width(left) + super::text_width(right);
    if used < span {
        format!("{left}{}{right}", " ".repeat(span - used))
    } else {
        format!("{left} to {right}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_max() {
        assert_eq!(sparkline(&[0, 1, 2, 4]), " ▃▅█");
        assert_eq!(sparkline(&[0, 0]), "  ");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn bars_and_shades() {
        assert_eq!(bar(5, 10, 10).chars().count(), 5);
        assert_eq!(bar(1, 100, 10).chars().count(), 1);
        assert_eq!(bar(0, 0, 10), "");
        assert_eq!(shade(0, 5), '·');
        assert_eq!(shade(5, 5), '█');
        assert_eq!(shade(1, 1), '█');
        assert_eq!(shade(1, 5), '░');
    }

    #[test]
    fn labels_at_both_ends() {
        assert_eq!(ends("a", "b", 5), "a   b");
        assert_eq!(
            ends("2026-08-02", "2026-11-29", 18),
            "2026-08-02 to 2026-11-29"
        );
    }
}
