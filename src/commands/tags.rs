//! `confide tags`: the tags, triggers, coping strategies and emotions used, with counts.

use crate::cli::TagsArgs;
use crate::model::{Entry, EntryBody};
use crate::vault::Vault;
use anyhow::Result;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

/// Word counts, sorted by count descending, then name.
pub type Counts = Vec<(String, usize)>;

fn sorted(map: BTreeMap<String, usize>) -> Counts {
    let mut v: Counts = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Counts tags, triggers, coping strategies and emotions (pure).
pub fn count(entries: &[Entry]) -> [(&'static str, Counts); 4] {
    let (mut tags, mut triggers, mut coping, mut emotions) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    for e in entries {
        for t in &e.tags {
            *tags.entry(t.clone()).or_insert(0) += 1;
        }
        for t in e.body.triggers() {
            *triggers.entry(t.clone()).or_insert(0) += 1;
        }
        if let EntryBody::Urge(u) = &e.body {
            for c in &u.coping {
                *coping.entry(c.clone()).or_insert(0) += 1;
            }
        }
        for m in e.body.emotions() {
            *emotions.entry(m.clone()).or_insert(0) += 1;
        }
    }
    [
        ("tags", sorted(tags)),
        ("triggers", sorted(triggers)),
        ("coping", sorted(coping)),
        ("emotions", sorted(emotions)),
    ]
}

pub fn run(vault: &Vault, args: TagsArgs) -> Result<()> {
    let unlocked = super::unlock(vault)?;
    let groups = count(&unlocked.state.entries);
    let mut out = BufWriter::new(crate::ui::out::stdout());
    if args.json {
        let mut m = serde_json::Map::new();
        m.insert("schema".into(), serde_json::json!(1));
        for (name, counts) in &groups {
            let list: Vec<_> = counts
                .iter()
                .map(|(n, c)| serde_json::json!({"name": n, "count": c}))
                .collect();
            m.insert((*name).into(), serde_json::Value::Array(list));
        }
        crate::sanitize::json::to_writer_pretty(&mut out, &m)?;
        writeln!(out)?;
    } else {
        for (name, counts) in &groups {
            writeln!(out, "{}:", capitalise(name))?;
            if counts.is_empty() {
                writeln!(out, "  (none yet)")?;
            }
            for (word, n) in counts {
                writeln!(out, "  {n:>5}  {}", crate::sanitize::field(word))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
