//! Departments, people and roles through the API, on SQLite and PostgreSQL.

use futures::TryStreamExt;
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::api::page::Page;
use mamori_shared::api::problem::Problem;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_demo_app, Backend, TestApp};
use crate::on_both;

/// The security log's events: (type, payload).
pub async fn security_log(app: &TestApp) -> Vec<(String, Value)> {
    let stream = mamori::store::StreamId::parse("security-log").unwrap();
    app.state
        .store
        .read_stream(&stream, 0)
        .map_ok(|e| (e.event_type, e.payload))
        .try_collect()
        .await
        .unwrap()
}

async fn an_administrator_builds_the_organisation(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let admin = app.sign_in("tokatsu").await;
    let created = admin
        .send(
            Method::POST,
            "/api/v1/departments",
            &json!({"name": "広報課"}),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.headers()["etag"], "\"1\"");
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let department: DepartmentView = created.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/departments/{}", department.id));

    let person = admin
        .send(
            Method::POST,
            "/api/v1/people",
            &json!({"name": "阿部 真", "login": "abe", "department_id": department.id, "employment": "fiscal_year", "password": "広報課で使う新しい合言葉です"}),
            None,
        )
        .await;
    assert_eq!(person.status(), StatusCode::CREATED);
    let person: PersonView = person.json().await.unwrap();
    assert_eq!(person.department_name, "広報課");

    let path = format!("/api/v1/people/{}/roles", person.id);
    let role = json!({"role": "manager", "scope": {"kind": "department", "department_id": department.id}, "from": "2026-04-01"});
    let without_version = admin.send(Method::POST, &path, &role, None).await;
    assert_eq!(without_version.status(), StatusCode::PRECONDITION_REQUIRED);
    let stale = admin.send(Method::POST, &path, &role, Some(7)).await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.headers()["etag"], "\"1\"");
    let assigned = admin
        .send(Method::POST, &path, &role, Some(person.version))
        .await;
    assert_eq!(assigned.status(), StatusCode::OK);
    let person: PersonView = assigned.json().await.unwrap();
    assert_eq!(person.roles.len(), 1);
    assert!(person.roles[0].current);
    assert_eq!(person.roles[0].department_name.as_deref(), Some("広報課"));

    // The new manager signs in and sees the role.
    let manager = app
        .try_sign_in("abe", "広報課で使う新しい合言葉です")
        .await
        .unwrap();
    assert_eq!(
        manager.me.roles[0].role,
        mamori_shared::organisation::Role::Manager
    );

    // Ending the role keeps it in the history.
    let assignment = person.roles[0].id;
    let ended = admin
        .send(
            Method::POST,
            &format!("/api/v1/people/{}/roles/{assignment}/end", person.id),
            &json!({"on": "2026-09-30"}),
            Some(person.version),
        )
        .await;
    assert_eq!(ended.status(), StatusCode::OK);
    let person: PersonView = ended.json().await.unwrap();
    assert_eq!(person.roles[0].until.as_deref(), Some("2026-09-30"));
    assert!(!person.roles[0].current);

    // Deactivation ends the person's sessions at once.
    let deactivated = admin
        .send(
            Method::POST,
            &format!("/api/v1/people/{}/deactivate", person.id),
            &json!({"reason": "退職"}),
            Some(person.version),
        )
        .await;
    assert_eq!(deactivated.status(), StatusCode::OK);
    assert_eq!(
        manager.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert!(app
        .try_sign_in("abe", "広報課で使う新しい合言葉です")
        .await
        .is_err());
}
on_both!(an_administrator_builds_the_organisation);

#[tokio::test(flavor = "multi_thread")]
async fn staff_see_the_organisation_but_cannot_administer_it() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let staff = app.sign_in("shokuin").await;
    let people: Page<PersonView> = staff
        .get("/api/v1/people?limit=5&sort=login")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(people.total, 14);
    assert_eq!(people.items.len(), 5);
    assert!(people.items.windows(2).all(|w| w[0].login <= w[1].login));
    assert!(!staff
        .me
        .permissions
        .contains(&"organisation.manage".to_owned()));
    let attempt = staff
        .send(Method::POST, "/api/v1/people", &json!({"name": "x", "login": "xyz", "department_id": staff.me.department_id, "employment": "staff", "password": "long enough password"}), None)
        .await;
    assert_eq!(attempt.status(), StatusCode::FORBIDDEN);
    let me_as_other = staff
        .send(
            Method::POST,
            &format!("/api/v1/people/{}/roles", staff.me.person_id),
            &json!({"role": "ciso", "scope": {"kind": "organisation"}}),
            Some(1),
        )
        .await;
    assert_eq!(
        me_as_other.status(),
        StatusCode::FORBIDDEN,
        "nobody grants themselves a role"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn contractors_see_only_themselves() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let contractor = app.sign_in("itaku").await;
    assert_eq!(
        contractor.get("/api/v1/people").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        contractor.get("/api/v1/me/profile").await.status(),
        StatusCode::OK
    );
    let own = contractor
        .get(&format!("/api/v1/people/{}", contractor.me.person_id))
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    // Someone else's record: refused, and an unknown id is refused the same way (no probing).
    let admin_id = app
        .state
        .projections
        .directory
        .read()
        .person_by_login("tokatsu")
        .unwrap()
        .id;
    assert_eq!(
        contractor
            .get(&format!("/api/v1/people/{admin_id}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        contractor
            .get(&format!("/api/v1/people/{}", uuid::Uuid::new_v4()))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_a_4xx_and_writes_nothing() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let admin = app.sign_in("tokatsu").await;
    let head = app.state.store.head();
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            json!({"name": "x", "unknown": 1}),
            StatusCode::BAD_REQUEST,
            "unknown",
        ),
        (json!({"name": 7}), StatusCode::BAD_REQUEST, "name"),
        (
            json!({"name": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "name",
        ),
        (
            json!({"name": "x", "parent_id": "not-a-uuid"}),
            StatusCode::BAD_REQUEST,
            "parent_id",
        ),
        (
            json!({"name": "x", "parent_id": uuid::Uuid::new_v4()}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "parent_id",
        ),
    ];
    for (body, status, field) in cases {
        let response = admin
            .send(Method::POST, "/api/v1/departments", &body, None)
            .await;
        assert_eq!(response.status(), status, "{body}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let problem: Problem = response.json().await.unwrap();
        assert!(!problem.title_ja.is_empty());
        assert_eq!(
            problem.errors.first().map(|e| e.field.as_str()),
            Some(field),
            "{body}"
        );
    }
    let malformed = admin
        .request(Method::POST, "/api/v1/departments")
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let not_json = admin
        .request(Method::POST, "/api/v1/departments")
        .body("name=x")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let weak_password = admin
        .send(Method::POST, "/api/v1/people", &json!({"name": "x", "login": "newbie", "department_id": admin.me.department_id, "employment": "staff", "password": "short"}), None)
        .await;
    assert_eq!(weak_password.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let taken = admin
        .send(Method::POST, "/api/v1/people", &json!({"name": "x", "login": "shokuin", "department_id": admin.me.department_id, "employment": "staff", "password": "long enough password"}), None)
        .await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        admin.get("/api/v1/people/not-a-uuid").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin.get("/api/v1/people?limit=0").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        admin.get("/api/v1/people?sort=password").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        admin.get("/api/v1/people?bogus=1").await.status(),
        StatusCode::BAD_REQUEST
    );
    // Refusals above wrote only to the security log? No: none of these is a refusal of authorization.
    assert_eq!(app.state.store.head(), head, "no event was written");
}

/// People and departments sort 五十音 by their 読み仮名 (else by name), and a search finds them by
/// reading (in either kana, in any width) and by 職員番号.
async fn people_sort_by_reading_and_are_found_by_it(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let admin = app.sign_in("tokatsu").await;
    let department = admin
        .send(
            Method::POST,
            "/api/v1/departments",
            &json!({"name": "秘書広報課", "reading": "ﾋｼｮｺｳﾎｳｶ"}),
            None,
        )
        .await;
    assert_eq!(department.status(), StatusCode::CREATED);
    let department: DepartmentView = department.json().await.unwrap();
    assert_eq!(department.reading.as_deref(), Some("ヒショコウホウカ"));
    for (name, reading, login, number) in [
        ("東海林 進", "しょうじ すすむ", "shoji", "９００１"),
        ("相生 保", "あいおい たもつ", "aioi", "9002"),
        ("上遠野 光", "かどの ひかる", "kadono", "9003"),
    ] {
        let created = admin
            .send(
                Method::POST,
                "/api/v1/people",
                &json!({"name": name, "reading": reading, "staff_number": number, "login": login,
                        "department_id": department.id, "employment": "staff",
                        "password": "広報課で使う新しい合言葉です"}),
                None,
            )
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
    }
    let names = |page: Page<PersonView>| -> Vec<String> {
        page.items.into_iter().map(|p| p.name).collect()
    };
    let path = format!("/api/v1/people?department_id={}", department.id);
    let page: Page<PersonView> = admin.get(&path).await.json().await.unwrap();
    // In code-point order 上遠野 < 東海林 < 相生; by reading あ < か < し.
    assert_eq!(names(page), ["相生 保", "上遠野 光", "東海林 進"]);
    let page: Page<PersonView> = admin
        .get(&format!("{path}&sort=-name"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(page), ["東海林 進", "上遠野 光", "相生 保"]);
    let page: Page<PersonView> = admin
        .get(&format!("{path}&sort=staff_number"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.items[0].staff_number.as_deref(), Some("9001"));

    for q in ["ｶﾄﾞﾉ", "かどの", "カドノ", "9003", "９００３"] {
        let found: Page<PersonView> = admin
            .get(&format!("/api/v1/people?q={}", crate::assets::urlencode(q)))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(names(found), ["上遠野 光"], "{q}");
    }

    // The demo's departments, 五十音 by reading: 会計課 (かいけい), 企画課 (きかく), 事業推進課
    // (じぎょう), 情報システム係 (じょうほう), 総務課 (そうむ), then ひしょ.
    let departments: Page<DepartmentView> =
        admin.get("/api/v1/departments").await.json().await.unwrap();
    let order: Vec<_> = departments.items.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        order,
        [
            "会計課",
            "企画課",
            "事業推進課",
            "情報システム係",
            "総務課",
            "秘書広報課"
        ]
    );

    let bad = admin
        .send(
            Method::PUT,
            &format!("/api/v1/departments/{}", department.id),
            &json!({"name": "秘書広報課", "reading": "hisho"}),
            Some(department.version),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = bad.json().await.unwrap();
    assert_eq!(problem.errors[0].field, "reading");
}
on_both!(people_sort_by_reading_and_are_found_by_it);
