//! Cedar decides every request (see `policies/`). The schema and policies are loaded and validated at
//! start-up; a server with an invalid policy refuses to start. Entities are built from the projections
//! in one place ([`entities`]). Deny is the default.

mod entities;
mod visibility;

pub use visibility::{Visible, VisibleAssets};

use std::path::Path;
use std::str::FromStr;

use cedar_policy::{
    Authorizer as CedarAuthorizer, Context, Decision, EntityUid, PolicySet, Request, Schema,
    ValidationMode, Validator,
};
use rust_embed::RustEmbed;
use thiserror::Error;
use time::Date;
use uuid::Uuid;

use crate::projections::{Directory, Register};

/// What decisions are made from: the projections, read at one moment.
#[derive(Clone, Copy)]
pub struct World<'a> {
    pub directory: &'a Directory,
    pub register: &'a Register,
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

/// What a request does, as Cedar names it (`Mamori::Action::"<code>"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    OrganisationView,
    OrganisationManage,
    DepartmentView,
    DepartmentManage,
    PersonView,
    PersonManage,
    SelfView,
    SelfManage,
    AssetsList,
    AssetsRequest,
    AssetRegister,
    AssetView,
    AssetManage,
    AssetRequest,
}

impl Action {
    pub const ALL: [Self; 14] = [
        Self::OrganisationView,
        Self::OrganisationManage,
        Self::DepartmentView,
        Self::DepartmentManage,
        Self::PersonView,
        Self::PersonManage,
        Self::SelfView,
        Self::SelfManage,
        Self::AssetsList,
        Self::AssetsRequest,
        Self::AssetRegister,
        Self::AssetView,
        Self::AssetManage,
        Self::AssetRequest,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::OrganisationView => "organisation.view",
            Self::OrganisationManage => "organisation.manage",
            Self::DepartmentView => "department.view",
            Self::DepartmentManage => "department.manage",
            Self::PersonView => "person.view",
            Self::PersonManage => "person.manage",
            Self::SelfView => "self.view",
            Self::SelfManage => "self.manage",
            Self::AssetsList => "assets.list",
            Self::AssetsRequest => "assets.request",
            Self::AssetRegister => "asset.register",
            Self::AssetView => "asset.view",
            Self::AssetManage => "asset.manage",
            Self::AssetRequest => "asset.request",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    fn uid(self) -> EntityUid {
        entities::uid("Action", self.code())
    }
}

/// What a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Organisation,
    Department(Uuid),
    Person(Uuid),
    Asset(Uuid),
}

impl std::fmt::Display for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Organisation => f.write_str("organisation"),
            Self::Department(id) => write!(f, "department:{id}"),
            Self::Person(id) => write!(f, "person:{id}"),
            Self::Asset(id) => write!(f, "asset:{id}"),
        }
    }
}

pub struct Authorizer {
    schema: Schema,
    policies: PolicySet,
    cedar: CedarAuthorizer,
}

impl Authorizer {
    /// The policies compiled into the binary.
    pub fn embedded() -> Result<Self, PolicyError> {
        let files = EmbeddedPolicies::iter()
            .filter(|name| !name.contains('/'))
            .filter_map(|name| {
                let file = EmbeddedPolicies::get(&name)?;
                Some((
                    name.to_string(),
                    String::from_utf8_lossy(&file.data).into_owned(),
                ))
            });
        Self::from_files(files.collect())
    }

    /// The `*.cedarschema` and `*.cedar` files of a folder.
    pub fn from_dir(dir: &Path) -> Result<Self, PolicyError> {
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
        Self::from_files(files)
    }

    /// Parses and strictly validates a schema file and policy files, given as (name, text).
    pub fn from_files(mut files: Vec<(String, String)>) -> Result<Self, PolicyError> {
        files.sort();
        let schema_text: String = files
            .iter()
            .filter(|(name, _)| name.ends_with(".cedarschema"))
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if schema_text.trim().is_empty() {
            return Err(PolicyError::Schema("no *.cedarschema file".into()));
        }
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
        Ok(Self {
            schema,
            policies,
            cedar: CedarAuthorizer::new(),
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
        let Some(entities) = entities::build(world, principal, resource, today, &self.schema)
        else {
            return false;
        };
        let request = Request::new(
            entities::person_uid(principal),
            action.uid(),
            entities::resource_uid(resource),
            Context::empty(),
            Some(&self.schema),
        );
        match request {
            Ok(request) => {
                self.cedar
                    .is_authorized(&request, &self.policies, &entities)
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
        let schema = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../policies/schema.cedarschema"
        ))
        .unwrap();
        let bad_attribute =
            r#"permit (principal, action, resource) when { principal.no_such_attribute };"#;
        let error = Authorizer::from_files(vec![
            ("schema.cedarschema".into(), schema.clone()),
            ("bad.cedar".into(), bad_attribute.into()),
        ])
        .err()
        .expect("refused");
        assert!(matches!(error, PolicyError::Invalid(_)), "{error}");
        let error = Authorizer::from_files(vec![
            ("schema.cedarschema".into(), schema),
            ("broken.cedar".into(), "permit (".into()),
        ])
        .err()
        .expect("refused");
        assert!(error.to_string().contains("broken.cedar"), "{error}");
    }
}
