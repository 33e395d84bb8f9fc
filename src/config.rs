//! The optional config file, `$XDG_CONFIG_HOME/confide/config.toml` (or the file
//! `CONFIDE_CONFIG` names). Every key is optional; flags beat environment variables,
//! which beat the file. A key confide does not know, or a value it cannot use, is an
//! error naming the key, so a typo never silently does nothing. See docs/GUIDE.md.

use crate::cli::ColorChoice;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What the file may say. Field names are the keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
struct File {
    vault: Option<PathBuf>,
    editor: Option<String>,
    color: Option<String>,
    week_start: Option<String>,
    date_format: Option<String>,
    export_format: Option<String>,
    review_range: Option<String>,
}

/// The keys, for the error message about an unknown one.
pub const KEYS: [&str; 7] = [
    "vault",
    "editor",
    "color",
    "week_start",
    "date_format",
    "export_format",
    "review_range",
];

/// The settings read from the file, checked.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Where the file was read from, if there was one.
    pub source: Option<PathBuf>,
    /// Default vault path (`--vault` and `CONFIDE_VAULT` beat it).
    pub vault: Option<PathBuf>,
    /// Editor command (`VISUAL` and `EDITOR` beat it).
    pub editor: Option<String>,
    /// Colour (`--color`, `CONFIDE_COLOR` and `NO_COLOR` beat it).
    pub color: Option<ColorChoice>,
    /// First day of the week for weekly figures and the calendar (default Monday).
    pub week_start: Option<chrono::Weekday>,
    /// strftime format for dates and times in tables (default `%Y-%m-%d %H:%M`).
    pub date_format: Option<String>,
    /// `export --format` when it is not given.
    pub export_format: Option<crate::cli::ExportFormat>,
    /// How many days `review` covers when `--since` is not given (default 30).
    pub review_days: Option<u32>,
}

static CURRENT: OnceLock<Config> = OnceLock::new();

/// The config in effect (the defaults until [`install`] runs).
pub fn get() -> &'static Config {
    CURRENT.get_or_init(Config::default)
}

/// Reads the file (if any) and makes it the config in effect.
pub fn install() -> Result<()> {
    let config = match path() {
        Some(p) => load(&p)?,
        None => Config::default(),
    };
    let _ = CURRENT.set(config);
    Ok(())
}

/// `CONFIDE_CONFIG`, else `$XDG_CONFIG_HOME/confide/config.toml` (or the platform's
/// config directory) if that file exists.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CONFIDE_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("", "", "confide")?;
    let p = dirs.config_dir().join("config.toml");
    p.is_file().then_some(p)
}

/// Reads and checks one config file.
pub fn load(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the config file `{}`", path.display()))?;
    parse(&text)
        .map_err(|e| crate::error::usage(format!("config file `{}`: {e}", path.display())))
        .map(|mut c| {
            c.source = Some(path.to_path_buf());
            c
        })
}

/// Parses and checks config text. Errors name the key and say what it accepts.
pub fn parse(text: &str) -> std::result::Result<Config, String> {
    let file: File = toml::from_str(text).map_err(|e| describe(&e, text))?;
    let mut c = Config {
        vault: file.vault.map(|p| expand_home(&p)),
        editor: file.editor,
        ..Config::default()
    };
    if let Some(e) = &c.editor
        && e.trim().is_empty()
    {
        return Err("`editor` is empty; name an editor command such as \"nano\"".into());
    }
    if let Some(v) = file.color {
        c.color = Some(match v.as_str() {
            "auto" => ColorChoice::Auto,
            "always" => ColorChoice::Always,
            "never" => ColorChoice::Never,
            _ => return Err("`color` must be \"auto\", \"always\" or \"never\"".into()),
        });
    }
    if let Some(v) = file.week_start {
        c.week_start = Some(
            v.to_ascii_lowercase()
                .parse::<chrono::Weekday>()
                .map_err(|_| "`week_start` must be a day of the week, such as \"sunday\"")?,
        );
    }
    if let Some(v) = file.date_format {
        check_date_format(&v)?;
        c.date_format = Some(v);
    }
    if let Some(v) = file.export_format {
        use clap::ValueEnum;
        c.export_format = Some(
            crate::cli::ExportFormat::from_str(&v, true)
                .map_err(|_| "`export_format` must be \"html\", \"md\", \"json\" or \"csv\"")?,
        );
    }
    if let Some(v) = file.review_range {
        c.review_days = Some(parse_days(&v).ok_or(
            "`review_range` must be a number of days or weeks, such as \"30d\" or \"4w\"",
        )?);
    }
    Ok(c)
}

/// One line from a TOML error: the key, or the line, and what was wrong. The file's
/// values are not quoted back.
fn describe(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let key = if key.len() <= 40 { key } else { "…" };
        return format!("unknown key `{key}` (known keys: {})", KEYS.join(", "));
    }
    if msg.contains("invalid type") {
        return format!("{} must be a quoted string", key_at(e, text));
    }
    let first = msg.lines().next().unwrap_or("it does not parse");
    format!("not valid TOML ({first})")
}

/// The key an error points at, as "`key`", when it can be told: the `key =` part
/// of the line the error's span starts on.
fn key_at(e: &toml::de::Error, text: &str) -> String {
    let key = e.span().and_then(|span| {
        let start = text.get(..span.start)?.rfind('\n').map_or(0, |i| i + 1);
        let (key, _) = text.get(start..)?.split_once('=')?;
        let key = key.trim();
        KEYS.contains(&key).then(|| format!("`{key}`"))
    });
    key.unwrap_or_else(|| "a value".into())
}

/// `~/x` -> `$HOME/x`.
fn expand_home(p: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~")
        && let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    p.to_path_buf()
}

/// Checks a strftime format: it must parse and show at least a date.
fn check_date_format(f: &str) -> std::result::Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    let items: Vec<Item> = StrftimeItems::new(f).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return Err("`date_format` is not a valid strftime format (try \"%d.%m.%Y %H:%M\")".into());
    }
    if f.len() > 64 {
        return Err("`date_format` is too long (at most 64 characters)".into());
    }
    Ok(())
}

/// "30", "30d", "4w" -> days (1 to 3660).
fn parse_days(v: &str) -> Option<u32> {
    let v = v.trim();
    let (num, mult) = if let Some(n) = v.strip_suffix('w') {
        (n, 7)
    } else if let Some(n) = v.strip_suffix('d') {
        (n, 1)
    } else {
        (v, 1)
    };
    let n: u32 = num.trim().parse().ok()?;
    let days = n.checked_mul(mult)?;
    (1..=3660).contains(&days).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses() {
        let c = parse(
            r#"
vault = "/tmp/v.confide"
editor = "nano -R"
color = "never"
week_start = "Sunday"
date_format = "%d.%m.%Y %H:%M"
export_format = "md"
review_range = "4w"
"#,
        )
        .unwrap();
        assert_eq!(c.vault.unwrap(), PathBuf::from("/tmp/v.confide"));
        assert_eq!(c.editor.as_deref(), Some("nano -R"));
        assert_eq!(c.color, Some(ColorChoice::Never));
        assert_eq!(c.week_start, Some(chrono::Weekday::Sun));
        assert_eq!(c.export_format, Some(crate::cli::ExportFormat::Md));
        assert_eq!(c.review_days, Some(28));
        assert!(parse("").unwrap().vault.is_none());
    }

    #[test]
    fn errors_name_the_key() {
        let e = parse("colour = \"never\"").unwrap_err();
        assert!(e.contains("unknown key `colour`"), "{e}");
        assert!(e.contains("color"), "{e}");
        for (text, key) in [
            ("color = \"sometimes\"", "color"),
            ("week_start = \"someday\"", "week_start"),
            ("date_format = \"%Q\"", "date_format"),
            ("export_format = \"pdf\"", "export_format"),
            ("review_range = \"soon\"", "review_range"),
            ("review_range = \"0\"", "review_range"),
            ("editor = \" \"", "editor"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(&format!("`{key}`")), "{text}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
        let e = parse("vault = 3").unwrap_err();
        assert_eq!(e, "`vault` must be a quoted string");
        let e = parse("this is not toml").unwrap_err();
        assert!(e.starts_with("not valid TOML"), "{e}");
    }

    #[test]
    fn days() {
        assert_eq!(parse_days("30"), Some(30));
        assert_eq!(parse_days("12w"), Some(84));
        assert_eq!(parse_days("7d"), Some(7));
        assert_eq!(parse_days("-1"), None);
        assert_eq!(parse_days("99999"), None);
    }
}
