//! やること: what each person has to do, and what they have just been told, gathered from every
//! area. An area declares its kinds in one file here (`tasks/<area>.rs`) and one line in each list
//! below:
//! - [`SOURCES`]: the tasks it gives a person now, read from the read models and decided by Cedar
//!   like any view (so the list is never out of step with what the person may do);
//! - [`NOTICES`]: whom one of its events gives something to do, to tell them by e-mail;
//! - [`DUE`]: whom the calendar gives something to do (a grant ending soon), checked as days pass.
//!
//! A notice names a person and a kind, never the thing itself: a mail says only "you have a task"
//! and links to Mamori (nothing above confidentiality level 1 leaves the server).

pub mod assets;
pub mod documents;

use mamori_shared::api::tasks::Task;
use time::Date;
use uuid::Uuid;

use crate::authz::{Authorizer, World};
use crate::store::RecordedEvent;

/// Whose tasks, seen from where.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub authz: &'a Authorizer,
    pub world: World<'a>,
    pub person: Uuid,
    pub today: Date,
    /// Now, in microseconds since the epoch (what "recent" is measured from).
    pub now: i64,
}

/// A kind of task, as its area declares it: what a mail about it says, and where it is done.
#[derive(Debug)]
pub struct Kind {
    pub code: &'static str,
    pub subject_ja: &'static str,
    pub subject_en: &'static str,
    /// The frontend path where tasks of this kind are done.
    pub href: &'static str,
}

/// Someone is to be told, by mail, that they have something to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub person_id: Uuid,
    /// The task kind (`grant.decide`, ...): what the mail says.
    pub kind: &'static str,
    /// Names this notice among all others ever made: a notice made twice (after a restart) is one.
    pub key: String,
}

type Source = fn(&Context<'_>) -> Vec<Task>;
type FromEvent = fn(&RecordedEvent, &Authorizer, World<'_>, Date) -> Vec<Notice>;
type FromCalendar = fn(World<'_>, Date) -> Vec<Notice>;

const KINDS: &[&[Kind]] = &[assets::KINDS, documents::KINDS];
const SOURCES: &[Source] = &[assets::tasks, documents::tasks];
const NOTICES: &[FromEvent] = &[assets::notices, documents::notices];
const DUE: &[FromCalendar] = &[assets::due, documents::due];

/// The kind named `code`.
pub fn kind(code: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .flat_map(|kinds| kinds.iter())
        .find(|k| k.code == code)
}

/// Everything `context.person` has to do now: dated ones first, soonest first, then the newest.
pub fn for_person(context: &Context<'_>) -> Vec<Task> {
    let mut tasks: Vec<Task> = SOURCES.iter().flat_map(|source| source(context)).collect();
    tasks.sort_by(|a, b| {
        (a.due.is_none(), &a.due)
            .cmp(&(b.due.is_none(), &b.due))
            .then_with(|| b.since.cmp(&a.since))
            .then_with(|| a.id.cmp(&b.id))
    });
    tasks
}

/// Whom `event` gives something to do.
pub fn notices(
    event: &RecordedEvent,
    authz: &Authorizer,
    world: World<'_>,
    today: Date,
) -> Vec<Notice> {
    NOTICES
        .iter()
        .flat_map(|notices| notices(event, authz, world, today))
        .collect()
}

/// Whom the day gives something to do.
pub fn due(world: World<'_>, today: Date) -> Vec<Notice> {
    DUE.iter().flat_map(|due| due(world, today)).collect()
}

/// The people Cedar lets do `action` on `resource` today, active ones only, but `except`.
pub(crate) fn who_may(
    authz: &Authorizer,
    world: World<'_>,
    action: crate::authz::Action,
    resource: crate::authz::Resource,
    except: Uuid,
    today: Date,
) -> Vec<Uuid> {
    let mut people: Vec<Uuid> = world
        .directory
        .people
        .values()
        .filter(|p| p.active && p.id != except)
        .map(|p| p.id)
        .filter(|p| authz.is_allowed(world, *p, action, resource, today))
        .collect();
    people.sort_unstable();
    people
}
