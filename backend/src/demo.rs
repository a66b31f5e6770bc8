//! `mamori seed-demo`: a small organisation to try Mamori with, written through the same commands
//! people issue, so that the demo's history is like any other.

use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};
use uuid::Uuid;

use crate::commands::organisation::{
    assign_role, create_department, register_person, Registration, RegistrationError,
};
use crate::projections::Projections;
use crate::store::{EventStore, Metadata, Source};

/// Every demo person signs in with this password.
pub const DEMO_PASSWORD: &str = "mamori-demo-2026";

struct DemoPerson {
    login: &'static str,
    name: &'static str,
    department: usize,
    employment: EmploymentKind,
    role: Option<(Role, Option<usize>)>,
}

const DEPARTMENTS: [(&str, Option<usize>); 5] = [
    ("総務課", None),
    ("企画課", None),
    ("会計課", None),
    ("情報システム係", Some(0)),
    ("事業推進課", None),
];

const PEOPLE: [DemoPerson; 12] = [
    DemoPerson {
        login: "ciso",
        name: "佐々木 誠",
        department: 0,
        employment: EmploymentKind::Staff,
        role: Some((Role::Ciso, None)),
    },
    DemoPerson {
        login: "tokatsu",
        name: "高橋 健一",
        department: 0,
        employment: EmploymentKind::Staff,
        role: Some((Role::GeneralOfficer, None)),
    },
    DemoPerson {
        login: "sekinin",
        name: "伊藤 美咲",
        department: 1,
        employment: EmploymentKind::Staff,
        role: Some((Role::Officer, Some(1))),
    },
    DemoPerson {
        login: "kanrisha",
        name: "渡辺 大輔",
        department: 3,
        employment: EmploymentKind::Staff,
        role: Some((Role::Manager, Some(3))),
    },
    DemoPerson {
        login: "sysadmin",
        name: "山本 翔",
        department: 3,
        employment: EmploymentKind::Staff,
        role: Some((Role::SystemAdministrator, Some(3))),
    },
    DemoPerson {
        login: "iin",
        name: "中村 由美",
        department: 4,
        employment: EmploymentKind::Staff,
        role: Some((Role::CommitteeMember, None)),
    },
    DemoPerson {
        login: "csirt",
        name: "小林 拓也",
        department: 3,
        employment: EmploymentKind::Staff,
        role: Some((Role::Csirt, None)),
    },
    DemoPerson {
        login: "kansa",
        name: "加藤 恵",
        department: 0,
        employment: EmploymentKind::Auditor,
        role: Some((Role::Auditor, None)),
    },
    DemoPerson {
        login: "shokuin",
        name: "佐藤 花子",
        department: 1,
        employment: EmploymentKind::Staff,
        role: None,
    },
    DemoPerson {
        login: "kaikei",
        name: "鈴木 一郎",
        department: 2,
        employment: EmploymentKind::FiscalYear,
        role: None,
    },
    DemoPerson {
        login: "haken",
        name: "田中 誠",
        department: 4,
        employment: EmploymentKind::Seconded,
        role: None,
    },
    DemoPerson {
        login: "itaku",
        name: "松本 亮",
        department: 3,
        employment: EmploymentKind::Contractor,
        role: None,
    },
];

/// What was done.
pub enum Seeded {
    /// The demo organisation was written; (login, name, role) of each person.
    Written(Vec<(String, String, Option<Role>)>),
    /// The database already holds events; nothing was written.
    AlreadyHasData,
}

pub async fn seed(
    store: &EventStore,
    projections: &Projections,
) -> Result<Seeded, RegistrationError> {
    if store.head() > 0 {
        return Ok(Seeded::AlreadyHasData);
    }
    let metadata = Metadata::system().with_source(Source::Cli);
    let mut departments: Vec<Uuid> = Vec::new();
    for (name, parent) in DEPARTMENTS {
        let parent = parent.map(|i| departments[i]);
        departments
            .push(create_department(store, projections, name, parent, metadata.clone()).await?);
    }
    let mut people = Vec::new();
    for person in PEOPLE {
        let registration = Registration {
            name: person.name.into(),
            login: person.login.into(),
            department_id: departments[person.department],
            employment: person.employment,
            password: DEMO_PASSWORD.into(),
        };
        let (id, _) = register_person(store, projections, registration, metadata.clone()).await?;
        if let Some((role, scope)) = person.role {
            let scope = match scope {
                Some(i) => RoleScope::Department {
                    department_id: departments[i],
                },
                None => RoleScope::Organisation,
            };
            assign_role(store, projections, id, role, scope, metadata.clone()).await?;
        }
        people.push((
            person.login.to_owned(),
            person.name.to_owned(),
            person.role.map(|r| r.0),
        ));
    }
    Ok(Seeded::Written(people))
}
