//! The asset register's tasks (seed §6(5)): requests to decide, decisions on my requests, grants of
//! mine about to end.

use mamori_shared::api::tasks::Task;
use mamori_shared::events::assets::AssetEvent;
use time::{Date, Duration};

use super::{who_may, Context, Kind, Notice};
use crate::authz::{Action, Authorizer, Resource, World};
use crate::clock::rfc3339;
use crate::codec;
use crate::domain::assets::{GrantStatus, Inquiry, InquiryStatus};
use crate::domain::format_date;
use crate::projections::register::GrantEntry;
use crate::store::RecordedEvent;

pub const DECIDE: &str = "grant.decide";
pub const DECIDED: &str = "grant.decided";
pub const ENDING: &str = "grant.ending";
pub const ANSWER: &str = "inquiry.answer";
pub const DECLINED: &str = "inquiry.declined";

pub const KINDS: &[Kind] = &[
    Kind {
        code: DECIDE,
        subject_ja: "承認待ちのアクセス申請があります",
        subject_en: "An access request is waiting for your decision",
        href: "/grants/inbox",
    },
    Kind {
        code: DECIDED,
        subject_ja: "アクセス申請の結果が出ました",
        subject_en: "Your access request has been decided",
        href: "/grants/mine",
    },
    Kind {
        code: ENDING,
        subject_ja: "アクセス権の期限が近づいています",
        subject_en: "An access grant of yours ends soon",
        href: "/grants/mine",
    },
    Kind {
        code: ANSWER,
        subject_ja: "回答待ちのアクセス照会があります",
        subject_en: "A request for access by description is waiting for your answer",
        href: "/grants/inbox",
    },
    Kind {
        code: DECLINED,
        subject_ja: "アクセス照会への回答がありました",
        subject_en: "Your request for access by description has been answered",
        href: "/grants/mine",
    },
];

/// How far ahead a grant's end is a task (and a mail): time to ask again.
pub const ENDING_WITHIN_DAYS: i64 = 14;
/// How long a decision on my request stays in my list.
const DECIDED_SHOWN_DAYS: i64 = 7;

pub fn tasks(context: &Context<'_>) -> Vec<Task> {
    let Context {
        authz,
        world,
        person,
        today,
        now,
    } = *context;
    let register = &world.register;
    let asset_name = |grant: &GrantEntry| {
        let visible = authz.is_allowed(
            world,
            person,
            Action::ASSET_VIEW,
            Resource::asset(grant.asset_id),
            today,
        );
        visible
            .then(|| register.assets.get(&grant.asset_id).map(|a| a.name.clone()))
            .flatten()
            .unwrap_or_default()
    };
    let recent = now - DECIDED_SHOWN_DAYS * 86_400_000_000;
    let ending_by = today + Duration::days(ENDING_WITHIN_DAYS);
    let mut tasks = Vec::new();
    for grant in register.grants.values() {
        let task = |kind: &str, since: i64| Task {
            kind: kind.to_owned(),
            subject: asset_name(grant),
            outcome: None,
            href: super::kind(kind).map_or("/", |k| k.href).to_owned(),
            since: rfc3339(since),
            due: None,
            id: grant.id,
        };
        if grant.person_id != person {
            // Nobody decides their own request (the domain refuses it): not a task of theirs.
            if grant.status == GrantStatus::Pending
                && authz.is_allowed(
                    world,
                    person,
                    Action::ASSET_MANAGE,
                    Resource::asset(grant.asset_id),
                    today,
                )
            {
                tasks.push(task(DECIDE, grant.requested_at));
            }
            continue;
        }
        match grant.status {
            GrantStatus::Active if grant.until <= ending_by => tasks.push(Task {
                due: Some(format_date(grant.until)),
                ..task(ENDING, grant.changed_at)
            }),
            GrantStatus::Active | GrantStatus::Rejected if grant.changed_at >= recent => {
                let outcome = if grant.status == GrantStatus::Active {
                    "approved"
                } else {
                    "rejected"
                };
                tasks.push(Task {
                    outcome: Some(outcome.to_owned()),
                    ..task(DECIDED, grant.changed_at)
                });
            }
            _ => {}
        }
    }
    for inquiry in register.inquiries.values() {
        let task = |kind: &str, since: i64| Task {
            kind: kind.to_owned(),
            // What was asked is the asker's own words: shown to the asker and the answerers.
            subject: inquiry.description.chars().take(100).collect(),
            outcome: None,
            href: super::kind(kind).map_or("/", |k| k.href).to_owned(),
            since: rfc3339(since),
            due: None,
            id: inquiry.id,
        };
        let as_aggregate = Inquiry {
            status: inquiry.status,
            person_id: Some(inquiry.person_id),
        };
        if as_aggregate.open_actions(person).contains(&"link")
            && authz.is_allowed(
                world,
                person,
                Action::INQUIRIES_ANSWER,
                Resource::department(inquiry.department_id),
                today,
            )
        {
            tasks.push(task(ANSWER, inquiry.asked_at));
        } else if inquiry.person_id == person
            && inquiry.status == InquiryStatus::Declined
            && inquiry.changed_at >= recent
        {
            tasks.push(Task {
                outcome: Some("declined".to_owned()),
                ..task(DECLINED, inquiry.changed_at)
            });
        }
    }
    tasks
}

/// A request: those who may decide it; a decision: the requester.
pub fn notices(
    event: &RecordedEvent,
    authz: &Authorizer,
    world: World<'_>,
    today: Date,
) -> Vec<Notice> {
    let Ok(Some(domain_event)) = codec::decode::<AssetEvent>(event) else {
        return Vec::new();
    };
    match domain_event {
        AssetEvent::GrantRequested(e) => who_may(
            authz,
            world,
            Action::ASSET_MANAGE,
            Resource::asset(e.asset_id),
            e.person_id,
            today,
        )
        .into_iter()
        .map(|person_id| Notice {
            person_id,
            kind: DECIDE,
            key: format!("{DECIDE}:{}:{person_id}", e.grant_id),
        })
        .collect(),
        AssetEvent::GrantApproved(e) | AssetEvent::GrantRejected(e) => world
            .register
            .grants
            .get(&e.grant_id)
            .map(|grant| Notice {
                person_id: grant.person_id,
                kind: DECIDED,
                key: format!("{DECIDED}:{}", e.grant_id),
            })
            .into_iter()
            .collect(),
        AssetEvent::InquiryMade(e) => who_may(
            authz,
            world,
            Action::INQUIRIES_ANSWER,
            Resource::department(e.department_id),
            e.person_id,
            today,
        )
        .into_iter()
        .map(|person_id| Notice {
            person_id,
            kind: ANSWER,
            key: format!("{ANSWER}:{}:{person_id}", e.inquiry_id),
        })
        .collect(),
        // A link approves a grant in the same commit: its requester is told of that.
        AssetEvent::InquiryDeclined(e) => world
            .register
            .inquiries
            .get(&e.inquiry_id)
            .map(|inquiry| Notice {
                person_id: inquiry.person_id,
                kind: DECLINED,
                key: format!("{DECLINED}:{}", e.inquiry_id),
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Active grants whose last day is near: their holders, once per grant and end date.
pub fn due(world: World<'_>, today: Date) -> Vec<Notice> {
    let ending_by = today + Duration::days(ENDING_WITHIN_DAYS);
    world
        .register
        .grants
        .values()
        .filter(|g| g.status == GrantStatus::Active && g.until <= ending_by)
        .map(|g| Notice {
            person_id: g.person_id,
            kind: ENDING,
            key: format!("{ENDING}:{}:{}", g.id, format_date(g.until)),
        })
        .collect()
}
