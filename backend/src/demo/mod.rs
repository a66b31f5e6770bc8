//! `mamori seed-demo`: a small organisation to try Mamori with, written through the same commands
//! people issue, so that the demo's history is like any other.

use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};
use uuid::Uuid;

use crate::commands::organisation::{
    assign_role, create_department, register_person, Registration, RegistrationError,
};
use mamori_shared::assets::{AccessLevel, AssetKind, Classification, NetworkTier};

use mamori_shared::events::assets::AssetDetails;

use crate::commands::execute;

mod documents;
use crate::domain::assets::{Asset, AssetCommand, Grant, GrantCommand};
use crate::projections::Projections;
use crate::store::{EventStore, Metadata, Source};

/// Every demo person signs in with this password.
pub const DEMO_PASSWORD: &str = "mamori-demo-2026";

struct DemoPerson {
    login: &'static str,
    name: &'static str,
    reading: &'static str,
    /// 職員番号: none for a contractor's staff.
    staff_number: Option<&'static str>,
    department: usize,
    employment: EmploymentKind,
    role: Option<(Role, Option<usize>)>,
}

/// (name, 読み仮名, parent).
const DEPARTMENTS: [(&str, &str, Option<usize>); 5] = [
    ("総務課", "そうむか", None),
    ("企画課", "きかくか", None),
    ("会計課", "かいけいか", None),
    ("情報システム係", "じょうほうしすてむがかり", Some(0)),
    ("事業推進課", "じぎょうすいしんか", None),
];

const PEOPLE: [DemoPerson; 14] = [
    DemoPerson {
        login: "ciso",
        name: "佐々木 誠",
        reading: "ささき まこと",
        staff_number: Some("2026101"),
        department: 0,
        employment: EmploymentKind::Staff,
        role: Some((Role::Ciso, None)),
    },
    DemoPerson {
        login: "tokatsu",
        name: "高橋 健一",
        reading: "たかはし けんいち",
        staff_number: Some("2026102"),
        department: 0,
        employment: EmploymentKind::Staff,
        role: Some((Role::GeneralOfficer, None)),
    },
    DemoPerson {
        login: "sekinin",
        name: "伊藤 美咲",
        reading: "いとう みさき",
        staff_number: Some("2026103"),
        department: 1,
        employment: EmploymentKind::Staff,
        role: Some((Role::Officer, Some(1))),
    },
    DemoPerson {
        login: "kanrisha",
        name: "渡辺 大輔",
        reading: "わたなべ だいすけ",
        staff_number: Some("2026104"),
        department: 3,
        employment: EmploymentKind::Staff,
        role: Some((Role::Manager, Some(3))),
    },
    DemoPerson {
        login: "sysadmin",
        name: "山本 翔",
        reading: "やまもと しょう",
        staff_number: Some("2026105"),
        department: 3,
        employment: EmploymentKind::Staff,
        role: Some((Role::SystemAdministrator, Some(3))),
    },
    DemoPerson {
        login: "iin",
        name: "中村 由美",
        reading: "なかむら ゆみ",
        staff_number: Some("2026106"),
        department: 4,
        employment: EmploymentKind::Staff,
        role: Some((Role::CommitteeMember, None)),
    },
    DemoPerson {
        login: "iin2",
        name: "伊藤 直樹",
        reading: "いとう なおき",
        staff_number: Some("2026113"),
        department: 1,
        employment: EmploymentKind::Staff,
        role: Some((Role::CommitteeMember, None)),
    },
    DemoPerson {
        login: "iin3",
        name: "渡辺 千尋",
        reading: "わたなべ ちひろ",
        staff_number: Some("2026114"),
        department: 2,
        employment: EmploymentKind::Staff,
        role: Some((Role::CommitteeMember, None)),
    },
    DemoPerson {
        login: "csirt",
        name: "小林 拓也",
        reading: "こばやし たくや",
        staff_number: Some("2026107"),
        department: 3,
        employment: EmploymentKind::Staff,
        role: Some((Role::Csirt, None)),
    },
    DemoPerson {
        login: "kansa",
        name: "加藤 恵",
        reading: "かとう めぐみ",
        staff_number: Some("2026108"),
        department: 0,
        employment: EmploymentKind::Auditor,
        role: Some((Role::Auditor, None)),
    },
    DemoPerson {
        login: "shokuin",
        name: "佐藤 花子",
        reading: "さとう はなこ",
        staff_number: Some("2026109"),
        department: 1,
        employment: EmploymentKind::Staff,
        role: None,
    },
    DemoPerson {
        login: "kaikei",
        name: "鈴木 一郎",
        reading: "すずき いちろう",
        staff_number: Some("2026110"),
        department: 2,
        employment: EmploymentKind::FiscalYear,
        role: None,
    },
    DemoPerson {
        login: "haken",
        name: "田中 誠",
        reading: "たなか まこと",
        staff_number: Some("2026111"),
        department: 4,
        employment: EmploymentKind::Seconded,
        role: None,
    },
    DemoPerson {
        login: "itaku",
        name: "松本 亮",
        reading: "まつもと りょう",
        staff_number: None,
        department: 3,
        employment: EmploymentKind::Contractor,
        role: None,
    },
];

struct DemoAsset {
    name: &'static str,
    /// 読み仮名: the register sorts by it (五十音).
    reading: &'static str,
    kind: AssetKind,
    owner: usize,
    tier: Option<NetworkTier>,
    levels: (&'static str, &'static str, &'static str),
    location: &'static str,
}

const ASSETS: [DemoAsset; 10] = [
    DemoAsset {
        name: "住民情報システム",
        reading: "じゅうみんじょうほうしすてむ",
        kind: AssetKind::InformationSystem,
        owner: 3,
        tier: Some(NetworkTier::MyNumber),
        levels: ("3B", "2", "2"),
        location: "本庁舎サーバー室",
    },
    DemoAsset {
        name: "個人番号利用事務データ",
        reading: "こじんばんごうりようじむでーた",
        kind: AssetKind::Information,
        owner: 0,
        tier: Some(NetworkTier::MyNumber),
        levels: ("3A", "2", "2"),
        location: "住民情報システム内",
    },
    DemoAsset {
        name: "バックアップ媒体（週次）",
        reading: "ばっくあっぷばいたい しゅうじ",
        kind: AssetKind::StorageMedia,
        owner: 3,
        tier: Some(NetworkTier::Lgwan),
        levels: ("3B", "2", "2"),
        location: "耐火金庫",
    },
    DemoAsset {
        name: "財務会計システム",
        reading: "ざいむかいけいしすてむ",
        kind: AssetKind::InformationSystem,
        owner: 2,
        tier: Some(NetworkTier::Lgwan),
        levels: ("3C", "2", "2"),
        location: "本庁舎サーバー室",
    },
    DemoAsset {
        name: "ネットワーク構成図",
        reading: "ねっとわーくこうせいず",
        kind: AssetKind::SystemDocumentation,
        owner: 3,
        tier: Some(NetworkTier::Lgwan),
        levels: ("3C", "2", "1"),
        location: "情報システム係 書庫",
    },
    DemoAsset {
        name: "庁内LGWAN端末",
        reading: "ちょうない える じー わん たんまつ",
        kind: AssetKind::Equipment,
        owner: 3,
        tier: Some(NetworkTier::Lgwan),
        levels: ("2", "1", "2"),
        location: "各課執務室",
    },
    DemoAsset {
        name: "企画会議議事録",
        reading: "きかくかいぎぎじろく",
        kind: AssetKind::Information,
        owner: 1,
        tier: Some(NetworkTier::Lgwan),
        levels: ("2", "1", "1"),
        location: "ファイルサーバー",
    },
    DemoAsset {
        name: "インターネットメール",
        reading: "いんたーねっとめーる",
        kind: AssetKind::Network,
        owner: 3,
        tier: Some(NetworkTier::Internet),
        levels: ("2", "1", "2"),
        location: "インターネット接続系 分離環境",
    },
    DemoAsset {
        name: "公式ウェブサイト",
        reading: "こうしきうぇぶさいと",
        kind: AssetKind::InformationSystem,
        owner: 4,
        tier: Some(NetworkTier::Internet),
        levels: ("1", "2", "2"),
        location: "外部ホスティング",
    },
    DemoAsset {
        name: "職員研修資料",
        reading: "しょくいんけんしゅうしりょう",
        kind: AssetKind::PrintedMatter,
        owner: 0,
        tier: None,
        levels: ("1", "1", "1"),
        location: "総務課 書棚",
    },
];

/// (asset index, requester login, access, approver login or none for pending, reason)
const GRANTS: [(usize, &str, AccessLevel, Option<&str>, &str); 4] = [
    (
        3,
        "shokuin",
        AccessLevel::View,
        None,
        "予算要求資料の作成のため",
    ),
    (
        6,
        "haken",
        AccessLevel::View,
        Some("sekinin"),
        "合同事業の調整のため",
    ),
    (
        4,
        "itaku",
        AccessLevel::View,
        Some("kanrisha"),
        "ネットワーク保守業務のため",
    ),
    (
        0,
        "csirt",
        AccessLevel::Use,
        None,
        "インシデント対応訓練のため",
    ),
];

/// What was done.
pub enum Seeded {
    /// The demo organisation was written; (login, name, what they are: a role, else an employment
    /// kind) of each person.
    Written(Vec<(String, String, &'static str)>),
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
    for (name, reading, parent) in DEPARTMENTS {
        let parent = parent.map(|i| departments[i]);
        let metadata = metadata.clone();
        departments.push(
            create_department(store, projections, name, Some(reading), parent, metadata).await?,
        );
    }
    let mut people = Vec::new();
    for person in PEOPLE {
        let registration = Registration {
            name: person.name.into(),
            login: person.login.into(),
            department_id: departments[person.department],
            employment: person.employment,
            password: DEMO_PASSWORD.into(),
            reading: Some(person.reading.into()),
            staff_number: person.staff_number.map(Into::into),
            email: Some(format!("{}@example.lg.jp", person.login)),
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
            person.role.map_or(person.employment.code(), |r| r.0.code()),
        ));
    }
    seed_register(store, projections, &departments, &metadata).await?;
    documents::seed(store, projections, departments[0]).await?;
    Ok(Seeded::Written(people))
}

async fn seed_register(
    store: &EventStore,
    projections: &Projections,
    departments: &[Uuid],
    metadata: &Metadata,
) -> Result<(), RegistrationError> {
    let failed = |e: crate::commands::CommandError<crate::domain::assets::AssetError>| {
        RegistrationError::Projection(crate::projections::WaitError::Failed {
            name: "demo",
            reason: e.to_string(),
        })
    };
    let scheme = projections.register.read().scheme().clone();
    let mut assets = Vec::new();
    for asset in ASSETS {
        let id = Uuid::now_v7();
        let register = AssetCommand::Register {
            asset_id: id,
            name: asset.name.into(),
            kind: asset.kind,
            owner_department_id: departments[asset.owner],
            custodian_id: None,
            tier: asset.tier,
            location: asset.location.into(),
            description: String::new(),
            details: AssetDetails {
                reading: Some(asset.reading.into()),
                ..AssetDetails::default()
            },
        };
        execute::<Asset>(store, &id, None, register, metadata.clone())
            .await
            .map_err(failed)?;
        let (c, i, a) = asset.levels;
        let classify = AssetCommand::Classify {
            asset_id: id,
            scheme: scheme.clone(),
            classification: Classification {
                confidentiality: c.into(),
                integrity: i.into(),
                availability: a.into(),
            },
            reason: "台帳整備時の初期分類".into(),
        };
        let done = execute::<Asset>(store, &id, Some(1), classify, metadata.clone())
            .await
            .map_err(failed)?;
        if let Some(appended) = done.appended {
            projections.wait_for(appended.last_position).await?;
        }
        assets.push(id);
    }
    let person = |login: &str| {
        projections
            .directory
            .read()
            .person_by_login(login)
            .map(|p| p.id)
    };
    let until = crate::clock::today().saturating_add(time::Duration::days(90));
    for (asset, requester, access, approver, reason) in GRANTS {
        let (Some(requester), grant_id) = (person(requester), Uuid::now_v7()) else {
            continue;
        };
        let request = GrantCommand::Request {
            grant_id,
            asset_id: assets[asset],
            person_id: requester,
            access,
            reason: reason.into(),
            until,
            today: crate::clock::today(),
        };
        let by = crate::store::Metadata::by(requester.to_string(), Source::Cli);
        let mut done = execute::<Grant>(store, &grant_id, None, request, by)
            .await
            .map_err(failed)?;
        if let Some(approver) = approver.and_then(person) {
            let approve = GrantCommand::Approve {
                grant_id,
                by: approver,
                reason: "業務上必要と認める".into(),
            };
            let by = crate::store::Metadata::by(approver.to_string(), Source::Cli);
            done = execute::<Grant>(store, &grant_id, Some(1), approve, by)
                .await
                .map_err(failed)?;
        }
        if let Some(appended) = done.appended {
            projections.wait_for(appended.last_position).await?;
        }
    }
    Ok(())
}
