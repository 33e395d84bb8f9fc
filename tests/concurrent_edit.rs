//! Two `edit`s of one entry at once: neither is lost. The stand-in editor runs a
//! second `confide edit` while the first waits for it, which is exactly the window
//! in which the first has released the vault's lock.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;

use super::editor_harness;

use common::{Env, PASS, have_script};
use editor_harness::RuntimeDir;

fn editor(env: &Env, body: &str) -> std::path::PathBuf {
    editor_harness::editor(env.dir.path(), body)
}

fn on_terminal(
    env: &Env,
    runtime: &RuntimeDir,
    editor: &std::path::Path,
    args: &str,
    extra_env: &[(&str, &str)],
) -> std::process::Output {
    editor_harness::on_terminal(
        env.dir.path(),
        &env.vault(),
        runtime,
        editor,
        args,
        PASS,
        extra_env,
    )
}

/// Before the fix both edits said "Saved" and the first one's text was gone.
#[test]
fn an_entry_changed_while_its_editor_was_open_keeps_both_versions() {
    let (Some(runtime), true) = (RuntimeDir::new(), have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    env.cmd()
        .args(["journal", "the first words", "--tag", "evening"])
        .assert()
        .success();
    let id = env.entries()[0]["id"].as_str().unwrap().to_string();
    // While this editor is open, another confide edits the same entry.
    let ed = editor(
        &env,
        &format!(
            "CONFIDE_PASSPHRASE=\"$TEST_PASS\" \"$CONFIDE_BIN\" edit {id} --text 'the other window' \
             > /dev/null < /dev/null || exit 9\n\
             printf 'written in the editor\\n' > \"$f\""
        ),
    );
    let out = on_terminal(
        &env,
        &runtime,
        &ed,
        &format!("edit {id}"),
        &[("TEST_PASS", PASS)],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    common::ok(&out);
    assert!(
        said.contains(
            "changed while you were editing; your version is saved as a new journal entry"
        ),
        "{said}"
    );
    let all = env.entries();
    assert_eq!(all.len(), 2, "{all:?}");
    let original = all.iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert_eq!(original["text"], "the other window");
    let copy = all.iter().find(|e| e["id"] != id.as_str()).unwrap();
    assert_eq!(copy["text"], "written in the editor");
    assert_eq!(copy["occurred_at"], original["occurred_at"]);
    assert_eq!(
        copy["tags"],
        serde_json::json!(["evening", "edit-conflict"])
    );
    let short = &copy["id"].as_str().unwrap()[..8];
    assert!(said.contains(short), "{said}");

    // Without a second edit, the edit replaces the text as before.
    let ed = editor(&env, "printf 'a calm second look\\n' > \"$f\"");
    let out = on_terminal(&env, &runtime, &ed, &format!("edit {id}"), &[]);
    common::ok(&out);
    let all = env.entries();
    assert_eq!(all.len(), 2);
    let original = all.iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert_eq!(original["text"], "a calm second look");
}
