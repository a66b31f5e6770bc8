//! An area's screens as one chunk of WebAssembly, fetched the first time one of them shows, so that
//! the first screen downloads only the shell (docs/frontend-size.md). `./dev build-frontend` cuts
//! the chunks out of the compiled app with wasm-split; a `.wasm` that skipped that step cannot load.

/// Declares the screens of one area, all in the chunk named after the area, and the locale files
/// of its texts:
///
/// ```text
/// lazy_area!(organisation texts [organisation, people] { People => people_list::PeopleList, ... });
/// // then, in the area's routes: <Route path=... view=Lazy::<People>::new()/>
/// ```
///
/// Each screen becomes a unit type implementing `LazyRoute`; every one of them calls the area's
/// single split point, so the code only the area reaches lands in one chunk, not one per screen.
/// The pages must take no props (like any routed component).
///
/// `texts [a, b]` names `locales/a.ja.json`, `locales/a.en.json`, `locales/b.ja.json`...: compiled
/// into the chunk (a file several areas name, into a chunk they share) and added to the messages
/// (`crate::i18n::add_texts`) before the area's first screen is made. The shell's own texts are
/// `locales/ja.json` and `locales/en.json`.
macro_rules! lazy_area {
    ($area:ident texts [$($texts:ident),+ $(,)?] { $($screen:ident => $page:path),+ $(,)? }) => {
        /// Which of the area's screens the chunk's entry point shows.
        #[derive(Clone, Copy)]
        enum Screen {
            $($screen),+
        }

        /// The chunk's entry point (its split point).
        #[::leptos::lazy($area)]
        fn show(screen: Screen) -> ::leptos::prelude::AnyView {
            use ::leptos::prelude::IntoAny;
            static TEXTS: ::std::sync::Once = ::std::sync::Once::new();
            TEXTS.call_once(|| {
                $(
                    $crate::i18n::add_texts(
                        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", stringify!($texts), ".ja.json")),
                        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", stringify!($texts), ".en.json")),
                    );
                )+
            });
            match screen {
                $(Screen::$screen => $page().into_any()),+
            }
        }

        $(
            #[doc = concat!("The route view of `", stringify!($page), "`, loaded with its area.")]
            pub struct $screen;

            impl ::leptos_router::LazyRoute for $screen {
                fn data() -> Self {
                    Self
                }

                fn view(_: Self) -> impl ::std::future::Future<Output = ::leptos::prelude::AnyView> {
                    show(Screen::$screen)
                }
            }
        )+
    };
}

pub(crate) use lazy_area;
