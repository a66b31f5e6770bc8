//! The browser build keeps its relocations: wasm-split (`./dev build-frontend`) needs them to cut the
//! areas' chunks out of the linked `.wasm`. Only the final link changes, so no dependency rebuilds.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-cdylib=--emit-relocs");
    }
}
