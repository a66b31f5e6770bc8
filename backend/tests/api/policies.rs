//! The request → decision cases of `policies/tests/*.json`, run through the server's own authorizer
//! with entities built from a real organisation (made with the same commands the API issues), and the
//! README's table of roles checked against the same policies.

use std::collections::HashMap;

use mamori::authz::{Action, Resource};
use mamori::clock::today;
use mamori::commands::execute;
use mamori::commands::organisation::{
    assign_role, create_department, register_person, Registration,
};
use mamori::domain::assets::{Asset, AssetCommand, Grant, GrantCommand};
use mamori::domain::documents::{Document, DocumentCommand};
use mamori::domain::integration::{Client, ClientCommand};
use mamori::domain::organisation::{Person, PersonCommand};
use mamori::store::Metadata;
use mamori_shared::assets::{AccessLevel, AssetKind, Classification};
use mamori_shared::documents::{Audience, DocumentKind, Visibility};
use mamori_shared::events::documents::DocumentCreated;
use mamori_shared::events::integration::ClientRegistered;
use mamori_shared::integration::Scope;
use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};
use serde::Deserialize;
use uuid::Uuid;

use crate::helpers::{spawn_app, TestApp};

#[derive(Deserialize)]
struct Fixture {
    departments: Vec<DepartmentFixture>,
    people: Vec<PersonFixture>,
    #[serde(default)]
    assets: Vec<AssetFixture>,
    #[serde(default)]
    documents: Vec<DocumentFixture>,
    /// Client systems (連携システム), a principal each (`client:<name>` in a case).
    #[serde(default)]
    clients: Vec<ClientFixture>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct ClientFixture {
    name: String,
    scopes: Vec<Scope>,
}

#[derive(Deserialize)]
struct DocumentFixture {
    name: String,
    kind: DocumentKind,
    owner: String,
    /// An `Audience` whose `departments` name fixture departments.
    audience: serde_json::Value,
    visibility: Visibility,
}

#[derive(Deserialize)]
struct AssetFixture {
    name: String,
    owner: String,
    #[serde(default)]
    confidentiality: Option<String>,
    #[serde(default)]
    grantees: Vec<String>,
}

#[derive(Deserialize)]
struct DepartmentFixture {
    name: String,
    parent: Option<String>,
}

#[derive(Deserialize)]
struct PersonFixture {
    login: String,
    department: String,
    employment: EmploymentKind,
    #[serde(default)]
    roles: Vec<RoleFixture>,
    #[serde(default)]
    deactivated: bool,
}

#[derive(Deserialize)]
struct RoleFixture {
    role: Role,
    scope: String,
}

#[derive(Deserialize)]
struct Case {
    principal: String,
    action: String,
    resource: String,
    decision: String,
    why: String,
}

const PASSWORD: &str = "policy fixture password";

type Ids = HashMap<String, Uuid>;

async fn build(app: &TestApp, fixture: &Fixture) -> (Ids, Ids, Ids, Ids) {
    let (store, projections) = (&app.state.store, &app.state.projections);
    let mut departments = HashMap::new();
    for d in &fixture.departments {
        let parent = d.parent.as_ref().map(|p| departments[p]);
        let id = create_department(
            store,
            projections,
            &d.name,
            None,
            parent,
            Metadata::system(),
        )
        .await
        .unwrap();
        departments.insert(d.name.clone(), id);
    }
    let mut people = HashMap::new();
    for p in &fixture.people {
        let registration = Registration {
            name: p.login.clone(),
            login: p.login.clone(),
            department_id: departments[&p.department],
            employment: p.employment,
            password: PASSWORD.into(),
            reading: None,
            staff_number: None,
            email: None,
        };
        let (id, mut version) =
            register_person(store, projections, registration, Metadata::system())
                .await
                .unwrap();
        for role in &p.roles {
            let scope = match role.scope.as_str() {
                "organisation" => RoleScope::Organisation,
                department => RoleScope::Department {
                    department_id: departments[department],
                },
            };
            assign_role(store, projections, id, role.role, scope, Metadata::system())
                .await
                .unwrap();
            version += 1;
        }
        if p.deactivated {
            let command = PersonCommand::Deactivate {
                person_id: id,
                reason: "fixture".into(),
            };
            let done = execute::<Person>(store, &id, Some(version), command, Metadata::system())
                .await
                .unwrap();
            projections
                .wait_for(done.appended.unwrap().last_position)
                .await
                .unwrap();
        }
        people.insert(p.login.clone(), id);
    }
    let mut assets = HashMap::new();
    for a in &fixture.assets {
        let id = Uuid::now_v7();
        let register = AssetCommand::Register {
            asset_id: id,
            name: a.name.clone(),
            kind: AssetKind::Information,
            owner_department_id: departments[&a.owner],
            custodian_id: None,
            tier: None,
            location: String::new(),
            description: String::new(),
            details: Default::default(),
        };
        let mut done = execute::<Asset>(store, &id, None, register, Metadata::system())
            .await
            .unwrap();
        if let Some(code) = &a.confidentiality {
            let classify = AssetCommand::Classify {
                asset_id: id,
                scheme: projections.register.read().scheme().clone(),
                classification: Classification {
                    confidentiality: code.clone(),
                    integrity: "1".into(),
                    availability: "1".into(),
                },
                reason: "fixture".into(),
            };
            done = execute::<Asset>(store, &id, Some(1), classify, Metadata::system())
                .await
                .unwrap();
        }
        for grantee in &a.grantees {
            let grant_id = Uuid::now_v7();
            let request = GrantCommand::Request {
                grant_id,
                asset_id: id,
                person_id: people[grantee],
                access: AccessLevel::View,
                reason: "fixture".into(),
                until: today(),
                today: today(),
            };
            execute::<Grant>(store, &grant_id, None, request, Metadata::system())
                .await
                .unwrap();
            let approve = GrantCommand::Approve {
                grant_id,
                by: Uuid::nil(),
                reason: String::new(),
            };
            done = execute::<Grant>(store, &grant_id, Some(1), approve, Metadata::system())
                .await
                .unwrap();
        }
        projections
            .wait_for(done.appended.unwrap().last_position)
            .await
            .unwrap();
        assets.insert(a.name.clone(), id);
    }
    let mut documents = HashMap::new();
    for d in &fixture.documents {
        let id = Uuid::now_v7();
        let mut audience = d.audience.clone();
        if let Some(names) = audience
            .get_mut("departments")
            .and_then(|v| v.as_array_mut())
        {
            for name in names.iter_mut() {
                *name = serde_json::json!(departments[name.as_str().unwrap()]);
            }
        }
        let command = DocumentCommand::Create(DocumentCreated {
            document_id: id,
            kind: d.kind,
            title: d.name.clone(),
            title_en: None,
            owner_department_id: departments[&d.owner],
            audience: serde_json::from_value::<Audience>(audience).unwrap(),
            visibility: d.visibility,
            implements_clause: None,
            implements_assets: Vec::new(),
        });
        let done = execute::<Document>(store, &id, None, command, Metadata::system())
            .await
            .unwrap();
        projections
            .wait_for(done.appended.unwrap().last_position)
            .await
            .unwrap();
        documents.insert(d.name.clone(), id);
    }
    for c in &fixture.clients {
        let id = Uuid::now_v7();
        let command = ClientCommand::Register(ClientRegistered {
            client_id: id,
            name: c.name.clone(),
            organisation: "宮城県".into(),
            contact: String::new(),
            scopes: c.scopes.clone(),
        });
        let done = execute::<Client>(store, &id, None, command, Metadata::system())
            .await
            .unwrap();
        projections
            .wait_for(done.appended.unwrap().last_position)
            .await
            .unwrap();
        people.insert(format!("client:{}", c.name), id);
    }
    (departments, people, assets, documents)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_policy_case_decides_as_expected() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/tests");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut checked = 0;
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let fixture: Fixture = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let app = spawn_app().await;
        let (departments, people, assets, documents) = build(&app, &fixture).await;
        let snapshot = app.state.projections.snapshot();
        let mut failures = Vec::new();
        for case in &fixture.cases {
            let action = app
                .state
                .authz
                .action(&case.action)
                .unwrap_or_else(|| panic!("unknown action {}", case.action));
            let resource = match case.resource.split_once(':') {
                None if case.resource == "organisation" => Resource::organisation(),
                Some(("department", name)) => Resource::department(departments[name]),
                Some(("person", login)) => Resource::person(people[login]),
                Some(("asset", name)) => Resource::asset(assets[name]),
                Some(("document", name)) => Resource::document(documents[name]),
                _ => panic!("bad resource {}", case.resource),
            };
            // "visitor": someone who has not signed in.
            let allowed = if case.principal == "visitor" {
                app.state.authz.admits_visitor(action)
                    && app
                        .state
                        .authz
                        .visitor_allowed(snapshot.world(), action, resource)
            } else {
                app.state.authz.is_allowed(
                    snapshot.world(),
                    people[&case.principal],
                    action,
                    resource,
                    today(),
                )
            };
            let expected = case.decision == "allow";
            if allowed != expected {
                failures.push(format!(
                    "{} {} {}: expected {} ({})",
                    case.principal, case.action, case.resource, case.decision, case.why
                ));
            }
            checked += 1;
        }
        assert!(
            failures.is_empty(),
            "{}:\n{}",
            file.display(),
            failures.join("\n")
        );
    }
    assert!(checked > 10);
}

/// The README's "Roles" table says what each role may do; the policies must agree.
#[tokio::test(flavor = "multi_thread")]
async fn the_readme_role_table_matches_the_policies() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = readme
        .split("\n## Roles")
        .nth(1)
        .expect("the README has a Roles section");
    let mut lines = section.lines().filter(|l| l.starts_with('|'));
    let header: Vec<String> = cells(lines.next().expect("a table header"));
    let app = spawn_app().await;
    let actions: Vec<(usize, Action)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let code = h.split('`').nth(1)?;
            Some((i, app.state.authz.action(code)?))
        })
        .collect();
    assert!(
        actions.len() >= 3,
        "the table names actions in backticks: {header:?}"
    );
    let rows: Vec<Vec<String>> = lines
        .skip(1)
        .map(cells)
        .take_while(|r| r.len() == header.len())
        .collect();

    let (store, projections) = (&app.state.store, &app.state.projections);
    let department =
        create_department(store, projections, "総務課", None, None, Metadata::system())
            .await
            .unwrap();
    let mut checked = 0;
    for row in rows {
        let Some(code) = row[0].split('`').nth(1) else {
            continue;
        };
        let login = format!("role-{}", code.replace('_', "-"));
        let employment = if code == "contractor" {
            EmploymentKind::Contractor
        } else {
            EmploymentKind::Staff
        };
        let registration = Registration {
            name: login.clone(),
            login: login.clone(),
            department_id: department,
            employment,
            password: PASSWORD.into(),
            reading: None,
            staff_number: None,
            email: None,
        };
        let (id, _) = register_person(store, projections, registration, Metadata::system())
            .await
            .unwrap();
        if let Some(role) = Role::from_code(code) {
            assign_role(
                store,
                projections,
                id,
                role,
                RoleScope::Organisation,
                Metadata::system(),
            )
            .await
            .unwrap();
        }
        let snapshot = projections.snapshot();
        for (column, action) in &actions {
            let resource = if !action.code().starts_with("self.") {
                Resource::organisation()
            } else {
                Resource::person(id)
            };
            let allowed =
                app.state
                    .authz
                    .is_allowed(snapshot.world(), id, *action, resource, today());
            let claimed = row[*column].contains('✓');
            assert_eq!(
                allowed,
                claimed,
                "README says {code} {} {}",
                if claimed { "may" } else { "may not" },
                action.code()
            );
            checked += 1;
        }
    }
    assert!(checked >= 3 * 8, "every role is in the table");
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_owned())
        .collect()
}
