//! The policy documents' Cedar actions and entities (文書).

use std::collections::{HashMap, HashSet};

use cedar_policy::{Entity, RestrictedExpression};
use mamori_shared::documents::{Audience, Visibility};
use uuid::Uuid;

use super::entities::uid;
use super::organisation::department_ref;
use super::{Action, Kind, Resource, StreamReading, World};

impl Action {
    pub const DOCUMENTS_LIST: Self = Self::new("documents.list");
    pub const DOCUMENTS_CREATE: Self = Self::new("documents.create");
    pub const DOCUMENTS_REVIEW: Self = Self::new("documents.review");
    pub const DOCUMENT_VIEW: Self = Self::new("document.view");
    pub const DOCUMENT_ACKNOWLEDGE: Self = Self::new("document.acknowledge");
    pub const DOCUMENT_DRAFT: Self = Self::new("document.draft");
    pub const DOCUMENT_REVIEW: Self = Self::new("document.review");
    pub const DOCUMENT_VOTE: Self = Self::new("document.vote");
    pub const COMMITTEE_VIEW: Self = Self::new("committee.view");
    pub const COMMITTEE_MANAGE: Self = Self::new("committee.manage");
    pub const TRAININGS_LIST: Self = Self::new("trainings.list");
    pub const TRAININGS_MANAGE: Self = Self::new("trainings.manage");
    pub const COMPLIANCE_READ: Self = Self::new("compliance.read");
}

/// A document someone may not read does not exist for them (§11(2): the standards and procedures
/// are not disclosed, not even by a 403).
pub const DOCUMENT: &Kind = &Kind {
    cedar_type: "Document",
    singleton: false,
    exists: |world, id| world.documents.documents.contains_key(&id),
    entity: |world, id, _| document(world, id),
    hidden_unless: Some(Action::DOCUMENT_VIEW),
};

/// A document's events and a revision's are read by its reviewers; a person's
/// acknowledgements by those who see their department's compliance; the committee's rules by
/// everyone; a training's by those who record it.
pub(super) const STREAMS: &[StreamReading] = &[
    StreamReading {
        prefix: "document-",
        // Its events name its owner and its audience, which a reader of its text may not see:
        // they are read as its history is, by its reviewers.
        decided_on: |_, id| {
            Some((
                Action::DOCUMENT_REVIEW,
                Resource::document(id.parse().ok()?),
            ))
        },
    },
    StreamReading {
        prefix: "revision-",
        decided_on: |world, id| {
            let revision = world.documents.revisions.get(&id.parse().ok()?)?;
            Some((
                Action::DOCUMENT_REVIEW,
                Resource::document(revision.document_id),
            ))
        },
    },
    StreamReading {
        prefix: "acknowledgements-",
        decided_on: |world, id| {
            let person = world.directory.people.get(&id.parse().ok()?)?;
            Some((
                Action::COMPLIANCE_READ,
                Resource::department(person.department_id),
            ))
        },
    },
    StreamReading {
        prefix: "committee",
        decided_on: |_, _| Some((Action::COMMITTEE_VIEW, Resource::organisation())),
    },
    StreamReading {
        prefix: "training-",
        decided_on: |_, _| Some((Action::TRAININGS_MANAGE, Resource::organisation())),
    },
];

impl Resource {
    pub fn document(id: Uuid) -> Self {
        Self::of(DOCUMENT, id)
    }
}

/// The document a revision belongs to (the route target of everything done to a revision).
pub fn document_of_revision(world: World<'_>, revision: Uuid) -> Option<Uuid> {
    world
        .documents
        .revisions
        .get(&revision)
        .map(|r| r.document_id)
}

fn document(world: World<'_>, id: Uuid) -> Option<Entity> {
    let entry = world.documents.documents.get(&id)?;
    let (audience, departments, roles) = match &entry.audience {
        Audience::Everyone => ("everyone", Vec::new(), Vec::new()),
        Audience::Staff => ("staff", Vec::new(), Vec::new()),
        Audience::Listed { departments, roles } => (
            "listed",
            departments.iter().copied().map(department_ref).collect(),
            roles
                .iter()
                .map(|r| RestrictedExpression::new_string(r.code().to_owned()))
                .collect(),
        ),
    };
    let string = |s: &str| RestrictedExpression::new_string(s.to_owned());
    let attrs = HashMap::from([
        ("kind".to_owned(), string(entry.kind.code())),
        (
            "visibility".to_owned(),
            string(match entry.visibility {
                Visibility::Public => "public",
                Visibility::Internal => "internal",
            }),
        ),
        (
            "owner".to_owned(),
            department_ref(entry.owner_department_id),
        ),
        ("audience".to_owned(), string(audience)),
        (
            "audience_departments".to_owned(),
            RestrictedExpression::new_set(departments),
        ),
        (
            "audience_roles".to_owned(),
            RestrictedExpression::new_set(roles),
        ),
    ]);
    Entity::new(uid("Document", &id.to_string()), attrs, HashSet::new()).ok()
}
