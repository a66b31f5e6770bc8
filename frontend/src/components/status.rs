//! The states of data on its way: loading, failed, empty, or there. [`Loaded`] is the one place
//! that tells them apart ([`LoadedList`] for lists); the views of the first three are not generic.

use leptos::prelude::*;
use mamori_shared::api::page::Page;

use crate::api::ApiFailure;
use crate::components::page::Page as PageSkeleton;
use crate::i18n::use_i18n;

/// A value that may hold nothing to show: a list without items.
pub trait Listing {
    fn is_empty(&self) -> bool;
}

impl<T> Listing for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

impl<T> Listing for Page<T> {
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// What `value` (a resource, most often) holds: "loading" until it is there, the failure if it
/// could not be had, otherwise what `children` makes of it.
#[component]
pub fn Loaded<T, F, C, V>(value: F, children: C) -> impl IntoView
where
    T: 'static,
    F: Fn() -> Option<Result<T, ApiFailure>> + Send + Sync + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    // The generic part only draws the value; the states are told apart by one function.
    states(Box::new(move || {
        value().map(|answer| answer.map(|value| children(value).into_any()))
    }))
}

/// What a value on its way is (reactive): loading, failed, or drawn.
type State = Box<dyn Fn() -> Option<Result<AnyView, ApiFailure>> + Send + Sync>;

fn states(state: State) -> AnyView {
    (move || match state() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(failure)) => view! { <Failure failure/> }.into_any(),
        Some(Ok(view)) => view,
    })
    .into_any()
}

/// [`Loaded`] for a list: besides, the message `empty` (a key) when the list holds nothing.
#[component]
pub fn LoadedList<T, F, C, V>(
    value: F,
    /// The message key said when there is nothing.
    empty: &'static str,
    #[prop(optional)] empty_testid: Option<&'static str>,
    children: C,
) -> impl IntoView
where
    T: Listing + 'static,
    F: Fn() -> Option<Result<T, ApiFailure>> + Send + Sync + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = move |list: T| {
        if list.is_empty() {
            nothing(empty, empty_testid)
        } else {
            children(list).into_any()
        }
    };
    view! { <Loaded value children/> }
}

/// Shown while data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{i18n.text("status.loading")}</p> }
}

/// Shown when data could not be had: what happened, in the user's language.
#[component]
pub fn Failure(failure: ApiFailure) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="failure" role="alert">
            <p>{i18n.text("status.error")}</p>
            <p class="failure-detail">{move || failure.message(i18n.lang())}</p>
        </div>
    }
}

/// Shown instead of an empty list: the message `key`.
pub fn nothing(key: &'static str, testid: Option<&'static str>) -> AnyView {
    let i18n = use_i18n();
    view! { <p class="empty" data-testid=testid>{i18n.text(key)}</p> }.into_any()
}

/// Shown instead of a screen the signed-in person may not use.
#[component]
pub fn NotPermitted() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageSkeleton title="forbidden.heading">
            <p class="notice" role="alert" data-testid="not-permitted">
                {i18n.text("forbidden.text")}
            </p>
        </PageSkeleton>
    }
}
