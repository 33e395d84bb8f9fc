//! Every integration test in one test binary (as `just` does): one link instead of
//! one per file. Each file under tests/ is a module here and keeps its own tests;
//! run one file's tests with `cargo test --test integration <file>::`.
//!
//! `alloc_bound.rs` stays its own binary: it installs a counting global allocator,
//! which would count every other test's allocations too.
//!
//! A new test file must be added below (Cargo.toml sets `autotests = false`, so cargo
//! no longer finds it by itself); `every_test_file_is_a_module_here` fails until it is.
//! Such a file starts with `use super::common;` instead of `mod common;`.

mod common;
mod editor_harness;

mod agenda;
mod agent;
mod at_rest;
mod attack;
mod bounds;
mod cctv;
mod chains;
mod checkin_logged;
mod cli;
mod cmd;
mod concurrent_edit;
mod conventions;
mod crisis;
mod delete;
mod doctor;
mod exit_codes;
mod export;
mod export_formats;
mod figures;
mod forgiving;
mod gone;
mod guidance;
mod harness;
mod hostile;
mod import;
mod interop;
mod line_edit;
mod list;
mod merge;
mod passphrase_sources;
mod print;
mod read;
mod record;
mod reliability;
mod remind;
mod review;
mod review_keeps;
mod session;
mod settings;
mod since_last;
mod streaming;
mod surf;
mod times;
mod urge_guide;
mod width;
mod wipe;

/// A test file that is not a module here (nor its own `[[test]]`) would never run.
#[test]
fn every_test_file_is_a_module_here() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let this = include_str!("integration.rs");
    let manifest = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
    )
    .unwrap();
    let mut missing = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".rs") else {
            continue;
        };
        let is_module = this.lines().any(|l| l == format!("mod {stem};"));
        let is_own_binary = manifest.contains(&format!("path = \"tests/{name}\""));
        if !is_module && !is_own_binary {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "add `mod <name>;` to tests/integration.rs for {missing:?} (and use `use super::common;` in it)"
    );
}
