use std::collections::HashMap;

use leptos::prelude::*;
use mamori_shared::api::assets::{AssetView, HistoryEntry};
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::classification::Scheme;
use mamori_shared::events::assets::AssetEvent;
use mamori_shared::events::DomainEvent;
use uuid::Uuid;

use crate::components::dates::format_instant;
use crate::components::labels::{access_name, kind_name, tier_name};
use crate::i18n::{use_i18n, I18n};

/// Names of the departments and people the events refer to by id (those the person may see).
struct Names {
    departments: HashMap<Uuid, String>,
    people: HashMap<Uuid, String>,
    /// Who asked for each grant (the actor of its request).
    requesters: HashMap<Uuid, String>,
}

/// The asset's history (its events and its grants' events, oldest first): what happened, who did it
/// (or the system), when, and why; with each event's place and hash in the log's chain.
#[component]
pub fn AssetHistory(
    /// The asset as it is now: its owner's and custodian's names stand in for those the person may
    /// not look up (contractors do not see the organisation).
    asset: AssetView,
    entries: Vec<HistoryEntry>,
    scheme: Option<Scheme>,
    departments: Vec<DepartmentView>,
    people: Vec<PersonView>,
) -> impl IntoView {
    let requesters = entries
        .iter()
        .filter_map(
            |entry| match AssetEvent::from_stored(&entry.event_type, &entry.data) {
                Some(Ok(AssetEvent::GrantRequested(e))) => {
                    Some((e.grant_id, entry.actor_name.clone().unwrap_or_default()))
                }
                _ => None,
            },
        )
        .collect();
    let mut names = Names {
        departments: departments.into_iter().map(|d| (d.id, d.name)).collect(),
        people: people.into_iter().map(|p| (p.id, p.name)).collect(),
        requesters,
    };
    names
        .departments
        .entry(asset.owner_department_id)
        .or_insert(asset.owner_department_name);
    if let (Some(id), Some(name)) = (asset.custodian_id, asset.custodian_name) {
        names.people.entry(id).or_insert(name);
    }
    let names = StoredValue::new(names);
    let scheme = StoredValue::new(scheme);
    view! {
        <ol class="timeline" data-testid="history">
            {entries
                .into_iter()
                .map(|entry| view! { <HistoryStep entry names scheme/> })
                .collect_view()}
        </ol>
    }
}

#[component]
fn HistoryStep(
    entry: HistoryEntry,
    names: StoredValue<Names>,
    scheme: StoredValue<Option<Scheme>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let event = AssetEvent::from_stored(&entry.event_type, &entry.data).and_then(Result::ok);
    // The names the server gives as they were at the event; the ones of now only for the others.
    let then = entry.names.clone();
    let detail = Signal::derive(move || {
        event
            .as_ref()
            .map(|event| describe(i18n, event, &then, names, scheme))
            .unwrap_or_default()
    });
    view! { <TimelineStep entry detail/> }
}

/// One step of any timeline (an asset's, a document's, a revision's): what happened (the message
/// `event.<type>`, else the type itself), who did it (or the system), when, what it changed
/// (`detail`, in the user's language), why, and the event's place and hash in the log's chain.
#[component]
pub fn TimelineStep(entry: HistoryEntry, detail: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let what_key = format!("event.{}", entry.event_type);
    let raw_type = entry.event_type.clone();
    let what = move || {
        let text = i18n.t(&what_key);
        if text == what_key {
            raw_type.clone()
        } else {
            text
        }
    };
    let who = entry.actor_name.clone();
    let short_hash: String = entry.hash.chars().take(12).collect();
    view! {
        <li class="timeline-step" data-testid="history-step" data-event=entry.event_type.clone()>
            <div class="timeline-head">
                <strong class="timeline-what" data-testid="history-what">{what}</strong>
                <span class="timeline-who" data-testid="history-who">
                    {move || who.clone().unwrap_or_else(|| i18n.t("history.system"))}
                </span>
                <time class="timeline-when" datetime=entry.recorded_at.clone() data-testid="history-when">
                    {format_instant(&entry.recorded_at)}
                </time>
            </div>
            {move || {
                let detail = detail.get();
                (!detail.is_empty()).then(|| view! { <p class="timeline-detail">{detail}</p> })
            }}
            {entry.reason.clone().map(|reason| view! {
                <p class="timeline-why" data-testid="history-why">
                    <span class="timeline-label">{i18n.text("history.reason")}</span>
                    {reason}
                </p>
            })}
            <p class="timeline-hash">
                <span>{i18n.text("history.position")} " " {entry.position}</span>
                " · "
                <code title=entry.hash.clone()>{short_hash}</code>
            </p>
        </li>
    }
}

/// What an event changed, in the user's language (empty when its name says it all).
fn describe(
    i18n: I18n,
    event: &AssetEvent,
    then: &std::collections::BTreeMap<String, String>,
    names: StoredValue<Names>,
    scheme: StoredValue<Option<Scheme>>,
) -> String {
    let named_then = |id: &Uuid| then.get(&id.to_string()).cloned();
    let department = |id: &Uuid| {
        named_then(id).unwrap_or_else(|| {
            names.with_value(|n| {
                n.departments
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| id.to_string())
            })
        })
    };
    let fact = |key: &str, value: String| format!("{}: {value}", i18n.t(key));
    let parts: Vec<String> = match event {
        AssetEvent::AssetRegistered(e) => {
            let mut parts = vec![
                fact("asset.name", e.name.clone()),
                fact("asset.kind", kind_name(i18n, e.kind)),
                fact("asset.owner", department(&e.owner_department_id)),
                fact("asset.tier", tier_name(i18n, e.tier)),
            ];
            if !e.location.is_empty() {
                parts.push(fact("asset.location", e.location.clone()));
            }
            parts
        }
        AssetEvent::AssetClassified(e) => {
            let c = &e.classification;
            let scheme_name = scheme.with_value(|s| {
                s.as_ref()
                    .filter(|s| s.id == e.scheme_id)
                    .map(|s| crate::components::scheme::text(&s.name, i18n.lang()))
            });
            let mut parts = vec![
                fact("axis.confidentiality", c.confidentiality.clone()),
                fact("axis.integrity", c.integrity.clone()),
                fact("axis.availability", c.availability.clone()),
            ];
            parts.push(fact(
                "asset.scheme",
                scheme_name.unwrap_or_else(|| e.scheme_id.clone()),
            ));
            parts
        }
        AssetEvent::OwnerChanged(e) => {
            vec![fact("asset.owner", department(&e.owner_department_id))]
        }
        AssetEvent::CustodianChanged(e) => {
            let name = match e.custodian_id {
                None => i18n.t("custodian.none"),
                Some(id) => named_then(&id)
                    .or_else(|| names.with_value(|n| n.people.get(&id).cloned()))
                    .unwrap_or_else(|| id.to_string()),
            };
            vec![fact("asset.custodian", name)]
        }
        AssetEvent::TierMoved(e) => vec![fact("asset.tier", tier_name(i18n, e.tier))],
        AssetEvent::GrantRequested(e) => vec![
            fact("grant.access", access_name(i18n, e.access)),
            fact("grant.until", e.until.clone()),
        ],
        AssetEvent::GrantApproved(e)
        | AssetEvent::GrantRejected(e)
        | AssetEvent::GrantRevoked(e)
        | AssetEvent::GrantWithdrawn(e) => names
            .with_value(|n| n.requesters.get(&e.grant_id).cloned())
            .filter(|name| !name.is_empty())
            .map(|name| vec![fact("grant.person", name)])
            .unwrap_or_default(),
        AssetEvent::GrantExpired(e) => vec![fact("grant.expired_on", e.on.clone())],
        AssetEvent::DetailsChanged(e) => {
            let d = &e.details;
            let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
            vec![
                fact("asset.reading", text(&d.reading)),
                fact(
                    "asset.retention",
                    crate::pages::assets::details::retention_name(i18n, d.retention),
                ),
                fact(
                    "asset.personal",
                    crate::pages::assets::details::personal_name(i18n, d.personal_information),
                ),
                fact("asset.contractor", text(&d.contractor)),
                fact("asset.external_service", text(&d.external_service)),
            ]
        }
        AssetEvent::AssetRetired(_) => Vec::new(),
        // Requests by description live in their own streams, not an asset's history.
        AssetEvent::InquiryMade(_)
        | AssetEvent::InquiryLinked(_)
        | AssetEvent::InquiryDeclined(_)
        | AssetEvent::InquiryWithdrawn(_) => Vec::new(),
        AssetEvent::SchemeAdopted(e) => vec![fact("asset.scheme", e.scheme_id.clone())],
    };
    parts.join(" · ")
}
