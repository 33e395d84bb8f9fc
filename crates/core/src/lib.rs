//! confide's core: everything that is not the terminal. The vault file (container,
//! age encryption, locking, atomic writes, shredding), the model (entries, ids, times,
//! the persisted enums), content (prompts, practices, phases), analysis (pure
//! functions over entries), the export renderers and import parsers, and the one
//! sanitiser for text that may reach a terminal or a spreadsheet.
//!
//! Nothing here reads a terminal, prompts, prints or knows about command-line flags;
//! the `confide` crate does that. `cargo tree -p confide-core -e normal` lists no
//! terminal crate. See docs/ARCHITECTURE.md.

pub mod analysis;
pub mod content;
pub mod export;
pub mod import;
pub mod model;
pub mod sanitize;
pub mod vault;
