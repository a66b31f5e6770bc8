//! The addresses of the policy documents, their revisions, the committee and training. Their
//! screens are one chunk, fetched when the first of them shows.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, Lazy};

use crate::lazy_area::lazy_area;

lazy_area!(documents texts [documents, history] {
    List => super::list::DocumentList,
    NewDocument => super::new::NewDocumentPage,
    Acknowledgements => super::acknowledgements::AcknowledgementsPage,
    Document => super::detail::DocumentPage,
    NewRevision => super::editor::NewRevisionPage,
    Diff => super::diff::DiffPage,
    Review => super::review::ReviewQueue,
    Revision => super::revision::RevisionPage,
    EditRevision => super::editor::EditRevisionPage,
    Trainings => super::trainings::TrainingList,
    NewTraining => super::training_new::NewTrainingPage,
    Completion => super::completion::CompletionPage,
    Training => super::training::TrainingPage,
    Committee => super::committee::CommitteePage,
});

#[component]
pub fn DocumentRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    // One parent for the area's four prefixes (a component returns one route): it matches only
    // where one of its children does.
    view! {
        <ParentRoute path=path!("") view=Outlet>
            <ParentRoute path=path!("documents") view=Outlet>
                <Route path=path!("") view={Lazy::<List>::new()}/>
                <Route path=path!("new") view={Lazy::<NewDocument>::new()}/>
                <Route path=path!("acknowledgements") view={Lazy::<Acknowledgements>::new()}/>
                <Route path=path!(":id") view={Lazy::<Document>::new()}/>
                <Route path=path!(":id/revise") view={Lazy::<NewRevision>::new()}/>
                <Route path=path!(":id/diff") view={Lazy::<Diff>::new()}/>
            </ParentRoute>
            <ParentRoute path=path!("revisions") view=Outlet>
                <Route path=path!("review") view={Lazy::<Review>::new()}/>
                <Route path=path!(":id") view={Lazy::<Revision>::new()}/>
                <Route path=path!(":id/edit") view={Lazy::<EditRevision>::new()}/>
            </ParentRoute>
            <ParentRoute path=path!("trainings") view=Outlet>
                <Route path=path!("") view={Lazy::<Trainings>::new()}/>
                <Route path=path!("new") view={Lazy::<NewTraining>::new()}/>
                <Route path=path!("completion") view={Lazy::<Completion>::new()}/>
                <Route path=path!(":id") view={Lazy::<Training>::new()}/>
            </ParentRoute>
            <Route path=path!("committee") view={Lazy::<Committee>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}
