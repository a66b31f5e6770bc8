//! Asking for access without knowing an id (照会): say what is needed and which department is
//! thought to hold it; its managers link the request to an asset (which grants it) or decline it.
//! Nothing here tells the one who asked whether a hidden asset exists until a grant is made.

use leptos::prelude::*;
use mamori_shared::api::assets::{AssetView, InquiryLink, InquiryView, NewInquiry, Reason};
use mamori_shared::api::page::Page as Listing;
use mamori_shared::assets::AccessLevel;
use uuid::Uuid;

use crate::api;
use crate::components::data_table::{Column, DataTable};
use crate::components::dates::{days_from_today, format_instant, today};
use crate::components::department_select::DepartmentSelect;
use crate::components::feedback::Message;
use crate::components::form::{FormProblem, ReasonField, Submit, TextField};
use crate::components::guard::allows;
use crate::components::labels::{access_key, access_name};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::grants::request::AccessChoice;

/// The longest description the server takes.
const DESCRIPTION_CHARS: usize = 1_000;
const DEFAULT_DAYS: i32 = 90;

/// The request by description.
#[component]
pub fn InquiryForm(#[prop(optional)] asked: Option<Callback<InquiryView>>) -> impl IntoView {
    let department = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let access = RwSignal::new(AccessLevel::View);
    let reason = RwSignal::new(String::new());
    let until = RwSignal::new(days_from_today(DEFAULT_DAYS));
    let ask = use_submission(move |inquiry: InquiryView| {
        description.set(String::new());
        reason.set(String::new());
        if let Some(asked) = asked {
            asked.run(inquiry);
        }
    })
    .says(|inquiry| {
        Message::new("inquiry.done")
            .with("{department}", &inquiry.department_name)
            .link("/grants/mine", "nav.my_requests")
    });
    let failure = ask.failure();
    let on_submit = ask.on_submit(move || {
        let body = NewInquiry {
            department_id: Uuid::parse_str(&department.get_untracked()).ok()?,
            description: description.get_untracked(),
            access: access.get_untracked(),
            reason: reason.get_untracked(),
            until: until.get_untracked(),
        };
        Some(async move { api::post::<InquiryView>("/inquiries", &body).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="inquiry-form">
            <FormProblem failure shown=&["department_id", "description", "access", "reason", "until"]/>
            <TextField
                id="inquiry-description"
                label="inquiry.description"
                value=description
                field="description"
                failure
                required=true
                max_chars=DESCRIPTION_CHARS
                rows="3"
                hint="inquiry.description.hint"
            />
            <DepartmentSelect id="inquiry-department" label="inquiry.department" value=department field="department_id" failure/>
            <AccessChoice prefix="inquiry" access failure/>
            <ReasonField id="inquiry-reason" value=reason failure/>
            <TextField
                id="inquiry-until"
                label="grant.until"
                value=until
                field="until"
                failure
                kind="date"
                required=true
                min=today()
            />
            <div class="actions">
                <Submit label="inquiry.submit" pending=ask.pending()/>
            </div>
        </form>
    }
}

/// My requests by description, with their answers; an open one can be withdrawn.
#[component]
pub fn MyInquiries(inquiries: Vec<InquiryView>, changed: Callback<InquiryView>) -> impl IntoView {
    let i18n = use_i18n();
    let columns =
        vec![
        Column::text("inquiry.description", |i: &InquiryView| i.description.clone())
            .class("multiline"),
        Column::text("inquiry.department", |i: &InquiryView| i.department_name.clone()),
        Column::message("grant.access", |i: &InquiryView| access_key(i.access)).class("nowrap"),
        Column::new("grant.status", move |i: &InquiryView| {
            let key = format!("inquiry.status.{}", i.status);
            view! { <span class="badge" data-testid="inquiry-status">{move || i18n.t(&key)}</span> }
                .into_any()
        })
        .csv(move |i| i18n.t(&format!("inquiry.status.{}", i.status))),
        Column::text("inquiry.answer", |i: &InquiryView| i.answer.clone()).class("multiline"),
        Column::text("grant.requested_at", |i: &InquiryView| format_instant(&i.asked_at))
            .class("nowrap"),
        Column::new("form.actions", move |i: &InquiryView| {
            let inquiry = i.clone();
            allows(i.allowed.as_deref(), "withdraw")
                .then(|| view! { <WithdrawInquiry inquiry changed/> })
                .into_any()
        }),
    ];
    view! {
        <DataTable rows=inquiries columns testid="my-inquiries" empty="inquiry.none" csv="my-inquiries.csv"/>
    }
}

#[component]
fn WithdrawInquiry(inquiry: InquiryView, changed: Callback<InquiryView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (inquiry.id, inquiry.version);
    let withdraw = use_submission(move |inquiry: InquiryView| changed.run(inquiry))
        .says(|_| Message::new("inquiry.withdrawn"));
    let busy = withdraw.pending();
    let send = move |_| {
        let body = Reason {
            reason: String::new(),
        };
        let path = format!("/inquiries/{id}/withdraw");
        withdraw.attempt(|| Some(async move { api::post_at(&path, version, &body).await }));
    };
    view! {
        <button type="button" class="button" disabled=busy on:click=send data-testid="inquiry-withdraw">
            {i18n.text("decision.withdraw")}
        </button>
    }
}

/// One request by description waiting for my answer: link it to an asset of the department (the
/// grant is made) or decline it with a reason.
#[component]
pub fn InquiryCard(inquiry: InquiryView, answered: Callback<InquiryView>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (inquiry.id, inquiry.version);
    let department = inquiry.department_id;
    let assets = LocalResource::new(move || {
        let path = format!("/assets?department_id={department}&limit=500");
        async move { api::get::<Listing<AssetView>>(&path).await }
    });
    let chosen = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let answer =
        use_submission(move |inquiry: InquiryView| answered.run(inquiry)).says(|inquiry| {
            let key = if inquiry.status == "linked" {
                "inquiry.linked"
            } else {
                "inquiry.declined"
            };
            Message::new(key).with("{person}", &inquiry.person_name)
        });
    let failure = answer.failure();
    let busy = answer.pending();
    let link = move |_| {
        let Ok(asset_id) = Uuid::parse_str(&chosen.get_untracked()) else {
            return;
        };
        let path = format!("/inquiries/{id}/link");
        answer.attempt(|| {
            Some(async move { api::post_at(&path, version, &InquiryLink { asset_id }).await })
        });
    };
    let decline = move |_| {
        let body = Reason {
            reason: reason.get_untracked(),
        };
        let path = format!("/inquiries/{id}/decline");
        answer.attempt(|| Some(async move { api::post_at(&path, version, &body).await }));
    };
    let access = inquiry.access;
    let heading_id = format!("inquiry-{id}");
    let labelled_by = heading_id.clone();
    let select_id = format!("inquiry-{id}-asset");
    let label_for = select_id.clone();
    view! {
        <li class="card request" aria-labelledby=labelled_by data-testid="inbox-inquiry">
            <h2 id=heading_id>{i18n.text("inquiry.card")}</h2>
            <p class="multiline" data-testid="inquiry-description">{inquiry.description.clone()}</p>
            <dl class="facts">
                <dt>{i18n.text("grant.person")}</dt>
                <dd>{inquiry.person_name.clone()}</dd>
                <dt>{i18n.text("inquiry.department")}</dt>
                <dd>{inquiry.department_name.clone()}</dd>
                <dt>{i18n.text("grant.access")}</dt>
                <dd>{move || access_name(i18n, access)}</dd>
                <dt>{i18n.text("form.reason")}</dt>
                <dd class="multiline">{inquiry.reason.clone()}</dd>
                <dt>{i18n.text("grant.until")}</dt>
                <dd>{inquiry.until.clone()}</dd>
                <dt>{i18n.text("grant.requested_at")}</dt>
                <dd>{format_instant(&inquiry.asked_at)}</dd>
            </dl>
            <form class="form decision" novalidate on:submit=|event| event.prevent_default()>
                <FormProblem failure shown=&["asset_id", "reason"]/>
                <div class="field">
                    <label for=label_for>{i18n.text("inquiry.asset")}</label>
                    <select id=select_id data-testid="inquiry-asset" on:change=move |e| chosen.set(event_target_value(&e))>
                        <option value="">{i18n.text("inquiry.asset.choose")}</option>
                        {move || assets.get().and_then(Result::ok).map(|page| {
                            page.items
                                .into_iter()
                                .map(|asset| view! { <option value=asset.id.to_string()>{asset.name}</option> })
                                .collect_view()
                        })}
                    </select>
                </div>
                <ReasonField id=format!("inquiry-{id}-reason") value=reason failure label="inquiry.decline_reason" required=false/>
                <div class="actions">
                    {allows(inquiry.allowed.as_deref(), "link").then(|| view! {
                        <button type="button" class="button button-primary" disabled=move || busy.get() || chosen.get().is_empty() on:click=link data-testid="inquiry-link">
                            {i18n.text("inquiry.link")}
                        </button>
                    })}
                    {allows(inquiry.allowed.as_deref(), "decline").then(|| view! {
                        <button type="button" class="button button-danger" disabled=busy on:click=decline data-testid="inquiry-decline">
                            {i18n.text("decision.reject")}
                        </button>
                    })}
                </div>
            </form>
        </li>
    }
}
