//! Policy documents over HTTP: votes bound to the text, edits withdrawing them, the committee's rule,
//! publication on the effective date, acknowledgements of the version in force only, and what is
//! public.

use mamori_shared::api::documents::{
    AcknowledgementStatus, CommitteeView, DocumentView, RevisionView,
};
use mamori_shared::api::tasks::Tasks;
use mamori_shared::documents::Threshold;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{spawn_demo_app, Backend, SignedIn, TestApp};
use crate::on_both;

async fn revision(client: &SignedIn<'_>, id: Uuid) -> RevisionView {
    client
        .get(&format!("/api/v1/revisions/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

async fn vote(client: &SignedIn<'_>, id: Uuid, hash: &str) -> reqwest::Response {
    client
        .send(
            Method::POST,
            &format!("/api/v1/revisions/{id}/votes"),
            &json!({ "choice": "approve", "comment": "", "content_hash": hash }),
            None,
        )
        .await
}

async fn document(client: &SignedIn<'_>, id: Uuid) -> DocumentView {
    client
        .get(&format!("/api/v1/documents/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

/// Waits for the system to put the version in force (the publisher is woken by the decision).
async fn in_force(client: &SignedIn<'_>, id: Uuid, version: u32) -> DocumentView {
    for _ in 0..50 {
        let view = document(client, id).await;
        if view.in_force.as_ref().is_some_and(|v| v.version == version) {
            return view;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("version {version} did not take effect");
}

async fn the_committee_decides_on_the_exact_text(backend: Backend) {
    let app: TestApp = spawn_demo_app(backend).await;
    let iin = app.sign_in("iin").await;
    let queue: Vec<RevisionView> = iin
        .get("/api/v1/revisions/review")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue.len(), 1, "the demo's revision of the standards");
    let under_review = &queue[0];
    let (id, document_id) = (under_review.id, under_review.document_id);
    let old_hash = under_review.content_hash.clone();
    let in_force_hash = document(&iin, document_id)
        .await
        .in_force
        .unwrap()
        .content_hash;

    // A vote names the text it approves: another text's hash is refused.
    let response = vote(&iin, id, &"0".repeat(64)).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(vote(&iin, id, &old_hash).await.status(), StatusCode::OK);
    assert_eq!(
        vote(&iin, id, &old_hash).await.status(),
        StatusCode::CONFLICT,
        "nobody votes twice"
    );
    let tokatsu = app.sign_in("tokatsu").await;
    assert_eq!(
        vote(&tokatsu, id, &old_hash).await.status(),
        StatusCode::FORBIDDEN,
        "the author is not on the committee"
    );
    let seen = revision(&iin, id).await;
    assert_eq!(seen.tally.as_ref().unwrap().approvals, 2);
    assert_eq!(seen.status, "in_review");

    // The author edits: both votes on the old text are withdrawn, and say why.
    let edited = tokatsu
        .send(
            Method::POST,
            &format!("/api/v1/revisions/{id}/edit"),
            &json!({
                "text": format!("{}\n附則：この基準は施行日から適用する。\n", seen.text),
                "summary": seen.summary,
                "reason": seen.reason,
            }),
            Some(seen.version),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let edited: RevisionView = edited.json().await.unwrap();
    assert!(edited.votes.is_empty());
    assert_eq!(edited.withdrawn_votes.len(), 2);
    assert!(edited
        .withdrawn_votes
        .iter()
        .all(|v| v.withdrawn_for.as_deref() == Some(edited.content_hash.as_str())));
    assert_eq!(
        vote(&iin, id, &old_hash).await.status(),
        StatusCode::CONFLICT
    );

    // Three of four approve the new text; without the chair it is not yet decided.
    let new_hash = edited.content_hash.clone();
    for login in ["iin", "iin2", "iin3"] {
        let member = app.sign_in(login).await;
        assert_eq!(vote(&member, id, &new_hash).await.status(), StatusCode::OK);
    }
    assert_eq!(revision(&iin, id).await.status, "in_review");
    let ciso = app.sign_in("ciso").await;
    assert_eq!(vote(&ciso, id, &new_hash).await.status(), StatusCode::OK);
    let decided = revision(&iin, id).await;
    let decision = decided.decision.unwrap();
    assert_eq!(decision.outcome, "approved");
    assert_eq!(decision.content_hash, new_hash);

    // In force today: the staff must acknowledge the new version, not the superseded one.
    let shokuin = app.sign_in("shokuin").await;
    let view = in_force(&shokuin, document_id, 2).await;
    assert!(view.my_acknowledgement.as_ref().unwrap().due);
    let acknowledge = |hash: String| {
        let shokuin = &shokuin;
        async move {
            shokuin
                .send(
                    Method::POST,
                    &format!("/api/v1/documents/{document_id}/acknowledge"),
                    &json!({ "content_hash": hash }),
                    None,
                )
                .await
                .status()
        }
    };
    assert_eq!(acknowledge(in_force_hash).await, StatusCode::CONFLICT);
    assert_eq!(acknowledge(new_hash.clone()).await, StatusCode::OK);
    assert_eq!(acknowledge(new_hash).await, StatusCode::CONFLICT);
    assert!(
        !document(&shokuin, document_id)
            .await
            .my_acknowledgement
            .unwrap()
            .due
    );

    // Who in shokuin's department has acknowledged what.
    let status: AcknowledgementStatus = tokatsu
        .get(&format!(
            "/api/v1/departments/{}/acknowledgements",
            shokuin.me.department_id
        ))
        .await
        .json()
        .await
        .unwrap();
    let standards = status
        .documents
        .iter()
        .find(|d| d.document_id == document_id)
        .unwrap();
    assert!(standards
        .people
        .iter()
        .any(|p| p.person_id == shokuin.me.person_id && p.acknowledged_at.is_some()));
    assert!(status
        .documents
        .iter()
        .any(|d| d.people.iter().any(|p| p.acknowledged_at.is_none())));

    // The basic policy is public; the standards are not, and not to a contractor either.
    let public = app.get("/api/v1/public/basic-policy").await;
    assert_eq!(public.status(), StatusCode::OK);
    let anonymous = app.get(&format!("/api/v1/documents/{document_id}")).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let itaku = app.sign_in("itaku").await;
    let hidden = itaku.get(&format!("/api/v1/documents/{document_id}")).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
}
on_both!(the_committee_decides_on_the_exact_text);

/// A new procedure for the staff, drafted by the 統括 to take effect on `effective`, submitted.
async fn submitted_procedure(
    tokatsu: &SignedIn<'_>,
    title: &str,
    effective: time::Date,
) -> (DocumentView, RevisionView) {
    let created = tokatsu
        .send(
            Method::POST,
            "/api/v1/documents",
            &json!({
                "kind": "procedure",
                "title": title,
                "owner_department_id": tokatsu.me.department_id,
                "audience": { "kind": "staff" },
                "visibility": "internal",
            }),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: DocumentView = created.json().await.unwrap();
    let drafted = tokatsu
        .send(
            Method::POST,
            &format!("/api/v1/documents/{}/revisions", created.id),
            &json!({
                "text": format!("# {title}\n\n1. 12文字以上とする。\n"),
                "summary": "制定",
                "reason": "対策基準4.5に基づく",
                "effective_from": mamori::domain::format_date(effective),
            }),
            Some(created.version),
        )
        .await;
    assert_eq!(drafted.status(), StatusCode::CREATED);
    let drafted: RevisionView = drafted.json().await.unwrap();
    let submitted = tokatsu
        .send(
            Method::POST,
            &format!("/api/v1/revisions/{}/submit", drafted.id),
            &json!({}),
            Some(drafted.version),
        )
        .await;
    assert_eq!(submitted.status(), StatusCode::OK);
    (created, submitted.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_approved_revision_takes_effect_on_its_date() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let tokatsu = app.sign_in("tokatsu").await;
    let later = mamori::clock::today().saturating_add(time::Duration::days(30));
    let (created, drafted) = submitted_procedure(&tokatsu, "パスワード管理手順", later).await;
    for login in ["iin", "iin2", "ciso"] {
        let member = app.sign_in(login).await;
        assert_eq!(
            vote(&member, drafted.id, &drafted.content_hash)
                .await
                .status(),
            StatusCode::OK
        );
    }
    assert_eq!(revision(&tokatsu, drafted.id).await.status, "approved");
    let publish = |day| {
        mamori::commands::documents::publish_due(&app.state.store, &app.state.projections, day)
    };
    assert_eq!(publish(mamori::clock::today()).await.unwrap(), 0);
    assert!(document(&tokatsu, created.id).await.in_force.is_none());
    assert_eq!(publish(later).await.unwrap(), 1);
    let view = document(&tokatsu, created.id).await;
    assert_eq!(view.in_force.unwrap().version, 1);
    assert_eq!(publish(later).await.unwrap(), 0, "once");
}

async fn cast(client: &SignedIn<'_>, id: Uuid, choice: &str, hash: &str) -> StatusCode {
    client
        .send(
            Method::POST,
            &format!("/api/v1/revisions/{id}/votes"),
            &json!({ "choice": choice, "comment": "", "content_hash": hash }),
            None,
        )
        .await
        .status()
}

/// The chair sets the rule for a kind; a revision submitted after is decided by it.
async fn set_rule(ciso: &SignedIn<'_>, rule: serde_json::Value) {
    let committee: CommitteeView = ciso.get("/api/v1/committee").await.json().await.unwrap();
    let set = ciso
        .send(
            Method::PUT,
            "/api/v1/committee/rules/procedure",
            &rule,
            Some(committee.version),
        )
        .await;
    assert_eq!(set.status(), StatusCode::OK);
}

async fn the_rule_is_data_recorded_with_the_revision(backend: Backend) {
    let app = spawn_demo_app(backend).await;
    let tokatsu = app.sign_in("tokatsu").await;
    let ciso = app.sign_in("ciso").await;
    let members: Vec<SignedIn<'_>> = {
        let mut signed_in = Vec::new();
        for login in ["iin", "iin2", "iin3"] {
            signed_in.push(app.sign_in(login).await);
        }
        signed_in
    };
    let today = mamori::clock::today();

    // Unanimity: three approvals do not decide, one rejection does (it can no longer be unanimous).
    set_rule(
        &ciso,
        json!({ "threshold": "unanimous", "chair_required": false }),
    )
    .await;
    let (_, unanimous) = submitted_procedure(&tokatsu, "持出し手順", today).await;
    let rule = unanimous.rule.unwrap();
    assert_eq!(rule.threshold, Threshold::Unanimous);
    assert!(!rule.chair_required);
    assert_eq!(
        unanimous.electorate.len(),
        4,
        "the CISO and three members, not the author"
    );

    // A vote due is a task that leads to the revision itself.
    let tasks: Tasks = members[0]
        .get("/api/v1/me/tasks")
        .await
        .json()
        .await
        .unwrap();
    let task = tasks
        .items
        .iter()
        .find(|t| t.kind == "document.vote" && t.id == unanimous.id)
        .expect("a vote due");
    assert_eq!(task.href, format!("/revisions/{}", unanimous.id));
    assert_eq!(task.subject, "持出し手順");

    for member in &members {
        let status = cast(member, unanimous.id, "approve", &unanimous.content_hash).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(revision(&ciso, unanimous.id).await.status, "in_review");
    assert_eq!(
        cast(&ciso, unanimous.id, "reject", &unanimous.content_hash).await,
        StatusCode::OK
    );
    let rejected = revision(&ciso, unanimous.id).await;
    assert_eq!(rejected.status, "rejected");
    assert_eq!(rejected.decision.unwrap().outcome, "rejected");
    let tasks: Tasks = members[0]
        .get("/api/v1/me/tasks")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !tasks.items.iter().any(|t| t.id == unanimous.id),
        "decided: no vote due"
    );

    // Two thirds of four is three: an abstention counts as no approval.
    set_rule(
        &ciso,
        json!({ "threshold": "two_thirds", "chair_required": false }),
    )
    .await;
    let (document_of, two_thirds) = submitted_procedure(&tokatsu, "廃棄手順", today).await;
    assert_eq!(two_thirds.rule.unwrap().threshold, Threshold::TwoThirds);
    let hash = &two_thirds.content_hash;
    assert_eq!(
        cast(&members[0], two_thirds.id, "approve", hash).await,
        StatusCode::OK
    );
    assert_eq!(
        cast(&members[1], two_thirds.id, "abstain", hash).await,
        StatusCode::OK
    );
    assert_eq!(
        cast(&members[2], two_thirds.id, "approve", hash).await,
        StatusCode::OK
    );
    let pending = revision(&ciso, two_thirds.id).await;
    assert_eq!(pending.status, "in_review");
    let tally = pending.tally.unwrap();
    assert_eq!((tally.approvals, tally.needed), (2, 3));
    assert_eq!(
        cast(&ciso, two_thirds.id, "approve", hash).await,
        StatusCode::OK
    );
    assert_eq!(
        revision(&ciso, two_thirds.id)
            .await
            .decision
            .unwrap()
            .outcome,
        "approved"
    );

    // In force today, it is a task for the staff that leads to the document.
    let shokuin = app.sign_in("shokuin").await;
    in_force(&shokuin, document_of.id, 1).await;
    let tasks: Tasks = shokuin.get("/api/v1/me/tasks").await.json().await.unwrap();
    let task = tasks
        .items
        .iter()
        .find(|t| t.kind == "document.acknowledge" && t.id == document_of.id)
        .expect("an acknowledgement due");
    assert_eq!(task.href, format!("/documents/{}", document_of.id));
}
on_both!(the_rule_is_data_recorded_with_the_revision);
