//! Cedar decides every request (see `policies/`). The schema and policies are loaded and validated at
//! start-up; a server with an invalid policy refuses to start. Entities are built from the projections
//! in one place ([`entities`]). Deny is the default.

pub mod assets;
pub mod documents;
mod entities;
pub mod integration;
pub mod organisation;
pub mod transparency;
mod visibility;

pub use visibility::{Visible, VisibleAssets};

use std::path::Path;
use std::str::FromStr;

use cedar_policy::{
    Authorizer as CedarAuthorizer, Context, Decision, Entity, EntityUid, PolicySet, Request,
    Schema, ValidationMode, Validator,
};
use rust_embed::RustEmbed;
use thiserror::Error;
use time::Date;
use uuid::Uuid;

use crate::projections::registry::ReadModels;

/// The Cedar namespace of every entity type and action.
pub const NAMESPACE: &str = "Mamori";

/// What decisions are made from: the read models, read at one moment — now, or as of a past moment
/// (an as-of view). The past is judged by today's policies on today's principal: the principal's
/// entities always come from the read models of now, the resources' from the moment looked at.
#[derive(Clone, Copy)]
pub struct World<'a> {
    models: &'a ReadModels,
    principals: &'a ReadModels,
    /// The day of the past moment looked at; `None` for now.
    past_day: Option<Date>,
}

impl<'a> World<'a> {
    /// The read models as they are now.
    pub fn now(models: &'a ReadModels) -> Self {
        Self {
            models,
            principals: models,
            past_day: None,
        }
    }

    /// `past`, the read models as of a moment on `day`, seen by the principals of `now`.
    pub fn past(past: &'a ReadModels, now: &'a ReadModels, day: Date) -> Self {
        Self {
            models: past,
            principals: now,
            past_day: Some(day),
        }
    }

    /// The read models looked at.
    pub fn models(self) -> &'a ReadModels {
        self.models
    }

    /// Whether this is the past: nothing can be done to it, so views offer no actions.
    pub fn is_past(self) -> bool {
        self.past_day.is_some()
    }

    /// The day the state is seen on: the past moment's, else `today`.
    pub fn day(self, today: Date) -> Date {
        self.past_day.unwrap_or(today)
    }

    /// Today's read models, where principals come from.
    pub fn principals(self) -> World<'a> {
        World::now(self.principals)
    }
}

impl std::ops::Deref for World<'_> {
    type Target = ReadModels;

    fn deref(&self) -> &ReadModels {
        self.models
    }
}

/// The policies compiled into the binary (read from `policies/` at run time in a debug build).
#[derive(RustEmbed)]
#[folder = "../policies"]
struct EmbeddedPolicies;

#[derive(Debug, Error)]
pub enum PolicyError {
    #[error("cannot read the policies in MAMORI_POLICIES (--policies) {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("the Cedar schema is invalid: {0}")]
    Schema(String),
    #[error("the Cedar policy {file} does not parse: {reason}")]
    Parse { file: String, reason: String },
    #[error("the Cedar policies do not validate against the schema: {0}")]
    Invalid(String),
}

/// What a request does, as Cedar names it (`Mamori::Action::"<code>"`). Each area declares its
/// actions next to its entities (`impl Action { pub const ... }` in `authz/<area>.rs`); the schema
/// is the list of record, and [`Authorizer::action`] reads a code against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Action(&'static str);

impl Action {
    pub const fn new(code: &'static str) -> Self {
        Self(code)
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    fn uid(self) -> EntityUid {
        entities::uid("Action", self.0)
    }
}

/// What reading the events of a family of streams takes, declared by the area that writes them: the
/// action and resource Cedar decides on for a stream whose name starts with `prefix` (given the
/// rest of its name). An export of the log shows the events the caller may read this way, and only
/// the hashes of the others; a stream no area declares is never shown.
pub struct StreamReading {
    pub prefix: &'static str,
    pub decided_on: fn(World<'_>, &str) -> Option<(Action, Resource)>,
}

/// Every area's [`StreamReading`]s.
const STREAM_READINGS: [&[StreamReading]; 5] = [
    organisation::STREAMS,
    assets::STREAMS,
    documents::STREAMS,
    integration::STREAMS,
    transparency::STREAMS,
];

/// A kind of Cedar resource, declared by its area (`authz/<area>.rs`): how to tell whether one
/// exists and how to build its entity from the read models.
pub struct Kind {
    /// The Cedar entity type, without the namespace (`Asset`).
    pub cedar_type: &'static str,
    /// One of a kind (the organisation): its entity id is its type's name, not an id.
    pub singleton: bool,
    pub exists: fn(World<'_>, Uuid) -> bool,
    /// The entity with its attributes; `None` leaves a uid without attributes (policies deny).
    pub entity: fn(World<'_>, Uuid, Date) -> Option<Entity>,
    /// `Some(view)`: a resource the caller may not `view` does not exist for them (404, never 403),
    /// so that its existence is not confirmed.
    pub hidden_unless: Option<Action>,
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.cedar_type)
    }
}

/// What a request is about: a resource of some [`Kind`].
#[derive(Clone, Copy)]
pub struct Resource {
    pub kind: &'static Kind,
    pub id: Uuid,
}

impl Resource {
    pub fn of(kind: &'static Kind, id: Uuid) -> Self {
        Self { kind, id }
    }

    pub fn exists(self, world: World<'_>) -> bool {
        (self.kind.exists)(world, self.id)
    }

    fn uid(self) -> EntityUid {
        if self.kind.singleton {
            entities::uid(self.kind.cedar_type, &self.kind.cedar_type.to_lowercase())
        } else {
            entities::uid(self.kind.cedar_type, &self.id.to_string())
        }
    }
}

impl PartialEq for Resource {
    fn eq(&self, other: &Self) -> bool {
        self.kind.cedar_type == other.kind.cedar_type && self.id == other.id
    }
}

impl Eq for Resource {}

impl std::hash::Hash for Resource {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.kind.cedar_type.hash(state);
        self.id.hash(state);
    }
}

/// `organisation`, `asset:<id>`: how the security log names a resource.
impl std::fmt::Display for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = self.kind.cedar_type.to_lowercase();
        if self.kind.singleton {
            f.write_str(&kind)
        } else {
            write!(f, "{kind}:{}", self.id)
        }
    }
}

impl std::fmt::Debug for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// The `*.cedarschema` and `*.cedar` files of a folder, as (name, text).
pub fn policy_files(dir: &Path) -> Result<Vec<(String, String)>, PolicyError> {
    let read_error = |reason: String| PolicyError::Read {
        path: dir.display().to_string(),
        reason,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| read_error(e.to_string()))? {
        let path = entry.map_err(|e| read_error(e.to_string()))?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if name.ends_with(".cedar") || name.ends_with(".cedarschema") {
            let text = std::fs::read_to_string(&path).map_err(|e| read_error(e.to_string()))?;
            files.push((name, text));
        }
    }
    Ok(files)
}

pub struct Authorizer {
    schema: Schema,
    policies: PolicySet,
    cedar: CedarAuthorizer,
    /// The schema's action codes.
    actions: Vec<&'static str>,
    /// The codes of the actions whose schema admits a `Visitor` principal.
    visitor_actions: Vec<&'static str>,
    /// ... and a `Client` principal (a system with a token): no other can be decided for one.
    client_actions: Vec<&'static str>,
}

impl Authorizer {
    /// The policies compiled into the binary.
    pub fn embedded() -> Result<Self, PolicyError> {
        Self::from_files(Self::embedded_files())
    }

    /// The top-level policy files compiled in (the optional ones live in folders).
    fn embedded_files() -> Vec<(String, String)> {
        EmbeddedPolicies::iter()
            .filter(|name| !name.contains('/'))
            .filter_map(|name| {
                let file = EmbeddedPolicies::get(&name)?;
                Some((
                    name.to_string(),
                    String::from_utf8_lossy(&file.data).into_owned(),
                ))
            })
            .collect()
    }

    /// The `*.cedarschema` and `*.cedar` files of a folder.
    pub fn from_dir(dir: &Path) -> Result<Self, PolicyError> {
        Self::from_files(policy_files(dir)?)
    }

    /// The policy that makes the log's checkpoints, key, tiles and proofs public, for a witness
    /// (`MAMORI_LOG_PUBLIC`): added to the policies loaded, as (name, text).
    pub fn public_log_policy() -> (String, String) {
        let name = "witness/public-log.cedar";
        let text = EmbeddedPolicies::get(name)
            .map(|file| String::from_utf8_lossy(&file.data).into_owned())
            .unwrap_or_default();
        (name.to_owned(), text)
    }

    /// The policies compiled into the binary, or those of a folder, and the public log's with
    /// `public_log`.
    pub fn load(dir: Option<&Path>, public_log: bool) -> Result<Self, PolicyError> {
        let mut files = match dir {
            Some(dir) => policy_files(dir)?,
            None => Self::embedded_files(),
        };
        if public_log {
            files.push(Self::public_log_policy());
        }
        Self::from_files(files)
    }

    /// Parses and strictly validates a schema file and policy files, given as (name, text).
    pub fn from_files(mut files: Vec<(String, String)>) -> Result<Self, PolicyError> {
        files.sort();
        // Each area's schema file holds the declarations of its part of the namespace (Cedar
        // allows a namespace only once in a schema): they are joined inside it here.
        let bodies: Vec<&str> = files
            .iter()
            .filter(|(name, _)| name.ends_with(".cedarschema"))
            .map(|(_, text)| text.as_str())
            .collect();
        if bodies.iter().all(|text| text.trim().is_empty()) {
            return Err(PolicyError::Schema("no *.cedarschema file".into()));
        }
        let schema_text = format!("namespace {NAMESPACE} {{\n{}\n}}", bodies.join("\n"));
        let (schema, _warnings) = Schema::from_cedarschema_str(&schema_text)
            .map_err(|e| PolicyError::Schema(format!("{e:?}")))?;
        let mut policies = PolicySet::new();
        for (name, text) in files.iter().filter(|(name, _)| name.ends_with(".cedar")) {
            let set = PolicySet::from_str(text).map_err(|e| PolicyError::Parse {
                file: name.clone(),
                reason: format!("{e:?}"),
            })?;
            for (index, policy) in set.policies().enumerate() {
                // Policies are named by their @id (else their place), so that names are unique
                // across files and a decision can be traced to its rule.
                let id = policy
                    .annotation("id")
                    .map_or_else(|| format!("{name}#{index}"), str::to_owned);
                let policy = policy.new_id(cedar_policy::PolicyId::new(id));
                policies.add(policy).map_err(|e| PolicyError::Parse {
                    file: name.clone(),
                    reason: e.to_string(),
                })?;
            }
        }
        let validation = Validator::new(schema.clone()).validate(&policies, ValidationMode::Strict);
        if !validation.validation_passed() {
            let errors: Vec<String> = validation
                .validation_errors()
                .map(|e| e.to_string())
                .collect();
            return Err(PolicyError::Invalid(errors.join("; ")));
        }
        // Leaked once per authorizer (a server builds one): the codes live as long as the policies.
        let actions: Vec<&'static str> = schema
            .actions()
            .map(|uid| &*Box::leak(uid.id().unescaped().to_owned().into_boxed_str()))
            .collect();
        let admitting = |principal: &cedar_policy::EntityTypeName| -> Vec<&'static str> {
            actions
                .iter()
                .copied()
                .filter(|code| {
                    schema
                        .principals_for_action(&Action::new(code).uid())
                        .is_some_and(|mut types| types.any(|t| t == principal))
                })
                .collect()
        };
        let visitor_actions = admitting(entities::visitor_uid().type_name());
        let client_actions = admitting(&integration::client_type());
        Ok(Self {
            visitor_actions,
            client_actions,
            schema,
            policies,
            cedar: CedarAuthorizer::new(),
            actions,
        })
    }

    /// The action the schema names `code`, if it names one.
    pub fn action(&self, code: &str) -> Option<Action> {
        self.actions
            .iter()
            .find(|known| **known == code)
            .map(|known| Action::new(known))
    }

    /// Which of `actions` Cedar permits `principal` on `resource`, by code: what a view carries in
    /// its `allowed`, so that a screen shows what the server would permit and nothing else. None in
    /// the past: what was can no longer be acted on.
    pub fn permitted(
        &self,
        world: World<'_>,
        principal: Uuid,
        resource: Resource,
        actions: &[Action],
        today: Date,
    ) -> Vec<String> {
        if world.is_past() {
            return Vec::new();
        }
        self.readable(world, principal, resource, actions, today)
    }

    /// As [`Self::permitted`], for actions that only read (what more of a resource one may see):
    /// these hold in the past as well.
    pub fn readable(
        &self,
        world: World<'_>,
        principal: Uuid,
        resource: Resource,
        actions: &[Action],
        today: Date,
    ) -> Vec<String> {
        actions
            .iter()
            .filter(|action| self.is_allowed(world, principal, **action, resource, today))
            .map(|action| action.code().to_owned())
            .collect()
    }

    /// Whether the schema lets `action` be decided for someone who has not signed in (a
    /// `Visitor`): only those can be permitted to one. Known without reading the models, so that
    /// an anonymous request for anything else is refused at once.
    pub fn admits_visitor(&self, action: Action) -> bool {
        self.visitor_actions.contains(&action.code())
    }

    /// Whether the schema lets `action` be decided for a client system (see
    /// [`integration::scope_of`] for the scope it takes as well).
    pub fn admits_client(&self, action: Action) -> bool {
        self.client_actions.contains(&action.code())
    }

    /// Whether a visitor may do `action` on `resource`: what the policies make public.
    pub fn visitor_allowed(&self, world: World<'_>, action: Action, resource: Resource) -> bool {
        let visitor = Entity::new_no_attrs(entities::visitor_uid(), Default::default());
        let mut all = vec![visitor];
        all.extend((resource.kind.entity)(
            world,
            resource.id,
            crate::clock::today(),
        ));
        match cedar_policy::Entities::from_entities(all, Some(&self.schema)) {
            Ok(entities) => self.decide(entities::visitor_uid(), action, resource, &entities),
            Err(_) => false,
        }
    }

    /// What reading the events of `stream` takes (see [`StreamReading`]); `None` for a stream no
    /// area declares, which nobody reads.
    pub fn stream_reading(&self, world: World<'_>, stream: &str) -> Option<(Action, Resource)> {
        STREAM_READINGS
            .iter()
            .flat_map(|readings| readings.iter())
            .find_map(|reading| {
                let rest = stream.strip_prefix(reading.prefix)?;
                Some((reading.decided_on)(world, rest))
            })
            .flatten()
    }

    /// Whether `principal` may read the events of `stream` (see [`StreamReading`]).
    pub fn may_read_stream(
        &self,
        world: World<'_>,
        principal: Uuid,
        stream: &str,
        today: Date,
    ) -> bool {
        self.stream_reading(world, stream)
            .is_some_and(|(action, resource)| {
                self.is_allowed(world, principal, action, resource, today)
            })
    }

    /// Whether `principal` may do `action` on `resource`, as of `today`. Anything that cannot be
    /// asked (an unknown principal, an entity that does not fit the schema) is a refusal.
    pub fn is_allowed(
        &self,
        world: World<'_>,
        principal: Uuid,
        action: Action,
        resource: Resource,
        today: Date,
    ) -> bool {
        self.allowed_each(world, principal, action, &[resource], today)
            .first()
            .copied()
            .unwrap_or(false)
    }

    /// Whether `principal` may do `action` on each of `resources`: one decision each, over the
    /// entities built once (what deciding a register of thousands of assets needs).
    pub fn allowed_each(
        &self,
        world: World<'_>,
        principal: Uuid,
        action: Action,
        resources: &[Resource],
        today: Date,
    ) -> Vec<bool> {
        let refused = || vec![false; resources.len()];
        let Some((uid, entity)) = entities::principal(world.principals(), principal, today) else {
            return refused();
        };
        // A client is decided only for what the schema declares it for, within its scopes (never
        // a warning for the rest: the feed asks of every event).
        if *uid.type_name() == integration::client_type()
            && !(self.admits_client(action)
                && integration::within_scopes(world.principals(), principal, action))
        {
            return refused();
        }
        match entities::build(world, entity, resources, today, &self.schema) {
            Some(entities) => resources
                .iter()
                .map(|resource| self.decide(uid.clone(), action, *resource, &entities))
                .collect(),
            None => refused(),
        }
    }

    fn decide(
        &self,
        principal: EntityUid,
        action: Action,
        resource: Resource,
        entities: &cedar_policy::Entities,
    ) -> bool {
        let request = Request::new(
            principal,
            action.uid(),
            resource.uid(),
            Context::empty(),
            Some(&self.schema),
        );
        match request {
            Ok(request) => {
                self.cedar
                    .is_authorized(&request, &self.policies, entities)
                    .decision()
                    == Decision::Allow
            }
            Err(error) => {
                tracing::warn!(%error, action = action.code(), "authorization request does not fit the schema");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_policies_validate() {
        Authorizer::embedded().expect("policies/ validates");
    }

    #[test]
    fn an_invalid_policy_is_refused_with_its_reason() {
        let schemas: Vec<_> = policy_files(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../policies"
        )))
        .unwrap()
        .into_iter()
        .filter(|(name, _)| name.ends_with(".cedarschema"))
        .collect();
        let with = |name: &str, text: &str| {
            let mut files = schemas.clone();
            files.push((name.into(), text.into()));
            Authorizer::from_files(files)
        };
        let bad_attribute =
            r#"permit (principal, action, resource) when { principal.no_such_attribute };"#;
        let error = with("bad.cedar", bad_attribute).err().expect("refused");
        assert!(matches!(error, PolicyError::Invalid(_)), "{error}");
        let error = with("broken.cedar", "permit (").err().expect("refused");
        assert!(error.to_string().contains("broken.cedar"), "{error}");
    }
}
