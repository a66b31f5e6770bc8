//! The frontend is embedded from `frontend/dist/` (see `src/http/frontend.rs`). Make sure the folder
//! exists so that the backend compiles before the frontend is built, and rebuild when it changes.
fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist");
    if let Err(error) = std::fs::create_dir_all(&dist) {
        println!("cargo:warning=cannot create {}: {error}", dist.display());
    }
    println!("cargo:rerun-if-changed=../frontend/dist");
    println!("cargo:rerun-if-changed=../migrations");
}
