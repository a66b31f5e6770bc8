//! The organisation's addresses. Its screens are one chunk, fetched when the first of them shows.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::{path, Lazy};

use crate::components::go_to::GoTo;
use crate::lazy_area::lazy_area;

lazy_area!(organisation texts [organisation, people] {
    Area => super::area::OrganisationArea,
    People => super::people_list::PeopleList,
    NewPerson => super::person_new::NewPerson,
    Person => super::person_detail::PersonDetail,
    Departments => super::department_list::DepartmentList,
    NewDepartment => super::department_new::NewDepartment,
    Department => super::department_detail::DepartmentDetail,
});

#[component]
pub fn OrganisationRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/organisation") view={Lazy::<Area>::new()}>
            <Route path=path!("") view=|| view! { <GoTo path="/organisation/people"/> }/>
            <Route path=path!("people") view={Lazy::<People>::new()}/>
            <Route path=path!("people/new") view={Lazy::<NewPerson>::new()}/>
            <Route path=path!("people/:id") view={Lazy::<Person>::new()}/>
            <Route path=path!("departments") view={Lazy::<Departments>::new()}/>
            <Route path=path!("departments/new") view={Lazy::<NewDepartment>::new()}/>
            <Route path=path!("departments/:id") view={Lazy::<Department>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}
