//! Embeds every built-in rule pack (`rules/*.toml`) in the binary, so no list is kept by hand.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut packs: Vec<_> = std::fs::read_dir(&dir)
        .expect("rules/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    packs.sort();
    let mut out = String::from("/// Built-in packs: (name, TOML text), sorted by name.\n");
    out.push_str("pub const PACKS: &[(&str, &str)] = &[\n");
    for path in &packs {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 name");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("builtin_packs.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
