//! The optional config file, `$XDG_CONFIG_HOME/confide/config.toml` (or the file
//! `CONFIDE_CONFIG` names). Every key is optional; flags beat environment variables,
//! which beat the file. The file never stops a command that does not need it: a key
//! confide does not know is a warning naming the key and the file, and a value it
//! cannot use is an error only for the commands that use that key ([`require`]),
//! and a warning for the others. So a typo never silently does nothing, and never
//! keeps `confide urge 3` from saving. See docs/GUIDE.md.

use crate::cli::ColorChoice;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The keys, for the message about an unknown one.
pub const KEYS: [&str; 11] = [
    "vault",
    "editor",
    "color",
    "week_start",
    "date_format",
    "export_format",
    "review_range",
    "agent",
    "agent_idle",
    "agent_cap",
    "partner",
];

/// The settings read from the file, checked. A key whose value confide cannot use
/// is `None` here, with a [`Problem`].
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
    /// Whether every command that unlocks with the passphrase leaves an unlock session
    /// behind (`agent = true`; off by default).
    pub agent: Option<bool>,
    /// The unlock session's idle timeout (`agent_idle`, default 10 minutes).
    pub agent_idle: Option<std::time::Duration>,
    /// The unlock session's cap (`agent_cap`, default 1 hour, at most 12 hours).
    pub agent_cap: Option<std::time::Duration>,
    /// Whether you have a partner (`partner`: what `plan`, `prompts`, `reflect` and
    /// `review` offer; prefer-not-to-say when unset).
    pub partner: Option<confide_core::content::Partner>,
    /// Values confide cannot use, by key.
    pub problems: Vec<Problem>,
    /// Keys confide does not know (or a line that is no `key = value`), in order.
    pub unknown: Vec<String>,
}

/// A value confide cannot use: the key (one of [`KEYS`], or `None` for a line that
/// names no key) and a one-line message that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The key.
    pub key: Option<&'static str>,
    /// What is wrong, naming the key.
    pub message: String,
}

static CURRENT: OnceLock<Config> = OnceLock::new();

/// The config in effect (the defaults until [`install`] runs).
pub fn get() -> &'static Config {
    CURRENT.get_or_init(Config::default)
}

/// Reads the file (if any) and makes it the config in effect. Only a file that
/// cannot be read at all is an error here.
pub fn install() -> Result<()> {
    let config = match path() {
        Some(p) => load(&p)?,
        None => Config::default(),
    };
    let _ = CURRENT.set(config);
    Ok(())
}

/// Says what is wrong in the file for a command that uses `used`: an error for the
/// first unusable value of a key in `used`; a warning on stderr for each unknown key
/// and each other unusable value.
pub fn check(used: &[&str]) -> Result<()> {
    let c = get();
    let Some(source) = &c.source else {
        return Ok(());
    };
    let file = source.display();
    if let Some(p) = c
        .problems
        .iter()
        .find(|p| p.key.is_some_and(|k| used.contains(&k)))
    {
        return Err(crate::error::usage(format!(
            "config file `{file}`: {}",
            p.message
        )));
    }
    for key in &c.unknown {
        crate::ui::warn(&format!(
            "config file `{file}`: unknown key `{key}` is ignored (known keys: {})",
            KEYS.join(", ")
        ));
    }
    for p in &c.problems {
        crate::ui::warn(&format!(
            "config file `{file}`: {}; this command goes on without it",
            p.message
        ));
    }
    Ok(())
}

/// An error when the file's value for `key` cannot be used (for a place that uses
/// the key only sometimes, such as `editor` when `VISUAL` and `EDITOR` are unset).
pub fn require(key: &str) -> Result<()> {
    let c = get();
    match (&c.source, c.problems.iter().find(|p| p.key == Some(key))) {
        (Some(source), Some(p)) => Err(crate::error::usage(format!(
            "config file `{}`: {}",
            source.display(),
            p.message
        ))),
        _ => Ok(()),
    }
}

/// The partner setting in effect: the one saved in the vault (`confide settings
/// --partner`, passed as `stored`), else the config file's `partner`, else "prefer
/// not to say". A value the config file cannot use is an error only when it would
/// be used.
pub fn partner(
    stored: Option<confide_core::content::Partner>,
) -> Result<confide_core::content::Partner> {
    if let Some(p) = stored {
        return Ok(p);
    }
    require("partner")?;
    Ok(get().partner.unwrap_or_default())
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

/// Reads one config file: an error only when it cannot be read.
pub fn load(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the config file `{}`", path.display()))?;
    let mut c = parse(&text);
    c.source = Some(path.to_path_buf());
    Ok(c)
}

/// Parses and checks config text. Each key is checked on its own, so one bad value
/// leaves the others in effect. Text that is not TOML is read line by line, so a
/// bad line costs only its own key.
pub fn parse(text: &str) -> Config {
    let mut c = Config::default();
    match text.parse::<toml::Table>() {
        Ok(table) => {
            for (key, value) in &table {
                set(&mut c, key, value);
            }
        }
        Err(_) => {
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                match line.parse::<toml::Table>() {
                    Ok(table) => {
                        for (key, value) in &table {
                            set(&mut c, key, value);
                        }
                    }
                    Err(e) => {
                        let key = line.split_once('=').map(|(k, _)| k.trim());
                        let first = e.message().lines().next().unwrap_or("it does not parse");
                        match key.and_then(|k| KEYS.iter().find(|&&known| known == k)) {
                            Some(&k) => c.problems.push(Problem {
                                key: Some(k),
                                message: format!(
                                    "`{k}` is not valid TOML ({first}); quote the value"
                                ),
                            }),
                            None => c.problems.push(Problem {
                                key: None,
                                message: format!("line {} is not valid TOML ({first})", n + 1),
                            }),
                        }
                    }
                }
            }
        }
    }
    c
}

/// Checks one key's value into `c`, or records why it cannot be used.
fn set(c: &mut Config, key: &str, value: &toml::Value) {
    let Some(&k) = KEYS.iter().find(|&&known| known == key) else {
        let key = if key.chars().count() <= 40 {
            key
        } else {
            "…"
        };
        c.unknown.push(key.to_string());
        return;
    };
    if k == "agent"
        && let Some(b) = value.as_bool()
    {
        c.agent = Some(b);
        return;
    }
    let Some(v) = value.as_str() else {
        c.problems.push(Problem {
            key: Some(k),
            message: format!("`{k}` must be a quoted string"),
        });
        return;
    };
    if let Err(message) = set_str(c, k, v) {
        c.problems.push(Problem {
            key: Some(k),
            message,
        });
    }
}

/// Checks one string value. Errors name the key and say what it accepts; the
/// file's values are not quoted back.
fn set_str(c: &mut Config, key: &str, v: &str) -> std::result::Result<(), String> {
    match key {
        "vault" => c.vault = Some(expand_home(Path::new(v))),
        "editor" => {
            if v.trim().is_empty() {
                return Err("`editor` is empty; name an editor command such as \"nano\"".into());
            }
            c.editor = Some(v.to_string());
        }
        "color" => {
            c.color = Some(match v {
                "auto" => ColorChoice::Auto,
                "always" => ColorChoice::Always,
                "never" => ColorChoice::Never,
                _ => return Err("`color` must be \"auto\", \"always\" or \"never\"".into()),
            });
        }
        "week_start" => {
            c.week_start = Some(
                v.to_ascii_lowercase()
                    .parse::<chrono::Weekday>()
                    .map_err(|_| "`week_start` must be a day of the week, such as \"sunday\"")?,
            );
        }
        "date_format" => {
            check_date_format(v)?;
            c.date_format = Some(v.to_string());
        }
        "export_format" => {
            use clap::ValueEnum;
            c.export_format = Some(
                crate::cli::ExportFormat::from_str(v, true)
                    .map_err(|_| "`export_format` must be \"html\", \"md\", \"json\" or \"csv\"")?,
            );
        }
        "review_range" => {
            c.review_days = Some(parse_days(v).ok_or(
                "`review_range` must be a number of days or weeks, such as \"30d\" or \"4w\"",
            )?);
        }
        "agent" => {
            c.agent = Some(match v {
                "on" | "yes" | "true" => true,
                "off" | "no" | "false" => false,
                _ => return Err("`agent` must be true or false".into()),
            });
        }
        "agent_idle" => {
            c.agent_idle = Some(
                parse_duration(v)
                    .filter(|d| *d <= confide_core::vault::agent::MAX_CAP)
                    .ok_or("`agent_idle` must be a duration up to 12h, such as \"10m\"")?,
            );
        }
        "agent_cap" => {
            c.agent_cap = Some(
                parse_duration(v)
                    .filter(|d| *d <= confide_core::vault::agent::MAX_CAP)
                    .ok_or("`agent_cap` must be a duration up to 12h, such as \"1h\"")?,
            );
        }
        "partner" => {
            c.partner = Some(
                confide_core::content::Partner::parse(v)
                    .ok_or("`partner` must be \"yes\", \"no\" or \"prefer-not-to-say\"")?,
            );
        }
        _ => return Err(format!("`{key}` is not a setting")),
    }
    Ok(())
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

/// A duration such as "90s", "10m", "1h", "1h30m" or "2h 15m" (a bare number is
/// minutes): from one second to 366 days, so any bound the caller sets can be checked.
pub fn parse_duration(v: &str) -> Option<std::time::Duration> {
    let v = v.trim().to_ascii_lowercase();
    if v.is_empty() || v.len() > 32 {
        return None;
    }
    if let Ok(m) = v.parse::<u64>() {
        return (1..=366 * 24 * 60)
            .contains(&m)
            .then(|| std::time::Duration::from_secs(m * 60));
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    for ch in v.chars().filter(|c| !c.is_whitespace()) {
        if ch.is_ascii_digit() {
            num.push(ch);
            continue;
        }
        let unit = match ch {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => return None,
        };
        let n: u64 = num.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        num.clear();
    }
    if !num.is_empty() || total == 0 || total > 366 * 86400 {
        return None;
    }
    Some(std::time::Duration::from_secs(total))
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
partner = "no"
"#,
        );
        assert!(c.problems.is_empty() && c.unknown.is_empty(), "{c:?}");
        assert_eq!(c.vault.unwrap(), PathBuf::from("/tmp/v.confide"));
        assert_eq!(c.editor.as_deref(), Some("nano -R"));
        assert_eq!(c.color, Some(ColorChoice::Never));
        assert_eq!(c.week_start, Some(chrono::Weekday::Sun));
        assert_eq!(c.export_format, Some(crate::cli::ExportFormat::Md));
        assert_eq!(c.review_days, Some(28));
        assert_eq!(c.partner, Some(confide_core::content::Partner::No));
        for p in confide_core::content::Partner::ALL {
            let c = parse(&format!("partner = \"{}\"", p.as_str()));
            assert_eq!(c.partner, Some(p));
        }
        assert!(parse("").vault.is_none());
    }

    #[test]
    fn agent_keys_and_durations() {
        let c = parse("agent = true\nagent_idle = \"5m\"\nagent_cap = \"2h\"\n");
        assert!(c.problems.is_empty(), "{c:?}");
        assert_eq!(c.agent, Some(true));
        assert_eq!(c.agent_idle, Some(std::time::Duration::from_secs(300)));
        assert_eq!(c.agent_cap, Some(std::time::Duration::from_secs(7200)));
        let c = parse("agent_cap = \"13h\"\nagent = \"maybe\"\n");
        assert_eq!(c.problems.len(), 2, "{c:?}");
        let d = |s| parse_duration(s).map(|d| d.as_secs());
        assert_eq!(d("90s"), Some(90));
        assert_eq!(d("1h30m"), Some(5400));
        assert_eq!(d("2h 15m"), Some(8100));
        assert_eq!(d("10"), Some(600));
        for bad in [
            "",
            "0",
            "0s",
            "m",
            "10x",
            "1h30",
            "-5m",
            "999999999999999999999h",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    #[test]
    fn unknown_keys_and_bad_values_are_kept_apart() {
        let c = parse("colour = \"never\"\nweek_start = \"sunday\"");
        assert_eq!(c.unknown, ["colour"]);
        assert!(c.problems.is_empty());
        assert_eq!(c.week_start, Some(chrono::Weekday::Sun));
        for (text, key) in [
            ("color = \"sometimes\"", "color"),
            ("week_start = \"someday\"", "week_start"),
            ("date_format = \"%Q\"", "date_format"),
            ("export_format = \"pdf\"", "export_format"),
            ("review_range = \"soon\"", "review_range"),
            ("review_range = \"0\"", "review_range"),
            ("editor = \" \"", "editor"),
            ("vault = 3", "vault"),
            ("partner = \"maybe\"", "partner"),
            ("partner = \"Yes\"", "partner"),
            ("partner = true", "partner"),
        ] {
            // Another key stays in effect.
            let c = parse(&format!("{text}\nexport_format = \"md\""));
            let [p] = c.problems.as_slice() else {
                panic!("{text}: {:?}", c.problems);
            };
            assert_eq!(p.key, Some(key));
            assert!(
                p.message.contains(&format!("`{key}`")),
                "{text}: {}",
                p.message
            );
            assert!(!p.message.contains('\n'), "one line: {}", p.message);
            if key != "export_format" {
                assert_eq!(
                    c.export_format,
                    Some(crate::cli::ExportFormat::Md),
                    "{text}"
                );
            }
        }
        assert_eq!(
            parse("vault = 3").problems[0].message,
            "`vault` must be a quoted string"
        );
    }

    #[test]
    fn a_line_that_is_not_toml_costs_only_its_key() {
        let c = parse("color = never\nweek_start = \"sunday\"\nthis is not toml\n# a comment");
        assert_eq!(c.week_start, Some(chrono::Weekday::Sun));
        assert_eq!(c.color, None);
        let keys: Vec<_> = c.problems.iter().map(|p| p.key).collect();
        assert_eq!(keys, [Some("color"), None]);
        assert!(
            c.problems[1]
                .message
                .starts_with("line 3 is not valid TOML"),
            "{:?}",
            c.problems
        );
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
