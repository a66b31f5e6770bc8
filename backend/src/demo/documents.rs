//! The demo's policy documents: a basic policy (with its English translation) and an excerpt of
//! the standards, both approved by the committee and in force, and a revision of the standards
//! under review — written through the same commands as people issue.

use mamori_shared::documents::{Audience, DocumentKind, Visibility, VoteChoice};
use mamori_shared::events::documents::DocumentCreated;
use uuid::Uuid;

use crate::clock::today;
use crate::commands::documents::{committee_on, publish_due};
use crate::commands::organisation::RegistrationError;
use crate::commands::{execute, CommandError, Commit, Executed};
use crate::domain::documents::{
    Document, DocumentCommand, DocumentError, Draft, Revision, RevisionCommand,
};
use crate::projections::Projections;
use crate::store::{EventStore, Metadata, Source};

const BASIC_POLICY: &str = include_str!("../../demo/documents/basic-policy.ja.md");
const BASIC_POLICY_EN: &str = include_str!("../../demo/documents/basic-policy.en.md");
const STANDARDS: &str = include_str!("../../demo/documents/standards.ja.md");
const STANDARDS_REVISION: &str = include_str!("../../demo/documents/standards-revision.ja.md");

fn failed(error: CommandError<DocumentError>) -> RegistrationError {
    RegistrationError::Projection(crate::projections::WaitError::Failed {
        name: "demo",
        reason: error.to_string(),
    })
}

struct Demo<'a> {
    store: &'a EventStore,
    projections: &'a Projections,
}

impl Demo<'_> {
    fn person(&self, login: &str) -> Uuid {
        self.projections
            .directory
            .read()
            .person_by_login(login)
            .map(|p| p.id)
            .unwrap_or_default()
    }

    fn by(&self, login: &str) -> Metadata {
        Metadata::by(self.person(login).to_string(), Source::Cli)
    }

    async fn settle(&self, position: Option<u64>) -> Result<(), RegistrationError> {
        if let Some(position) = position {
            self.projections.wait_for(position).await?;
        }
        Ok(())
    }

    /// A draft by the 統括, submitted to the committee in office.
    async fn submitted(&self, document_id: Uuid, draft: Draft) -> Result<Uuid, RegistrationError> {
        let revision_id = Uuid::now_v7();
        let mut commit = Commit::new(self.by("tokatsu"));
        let open = DocumentCommand::OpenRevision {
            document_id,
            revision_id,
            open_closed: true,
        };
        commit
            .decide::<Document>(self.store, &document_id, None, open)
            .await
            .map_err(failed)?;
        let drafted = RevisionCommand::Draft {
            revision_id,
            document_id,
            author_id: self.person("tokatsu"),
            draft,
            today: today(),
        };
        commit
            .decide::<Revision>(self.store, &revision_id, None, drafted)
            .await
            .map_err(failed)?;
        let done = commit.commit(self.store).await.map_err(failed)?;
        self.settle(Executed::last_position(&done)).await?;
        let (kind, rule) = {
            let documents = self.projections.documents.read();
            let kind = documents.documents[&document_id].kind;
            (kind, documents.rule(kind))
        };
        let _ = kind;
        let (members, chair) = committee_on(&self.projections.directory.read(), today());
        let submit = RevisionCommand::Submit {
            revision_id,
            members,
            chair,
            rule,
        };
        let done = execute::<Revision>(self.store, &revision_id, None, submit, self.by("tokatsu"))
            .await
            .map_err(failed)?;
        self.settle(done.position()).await?;
        Ok(revision_id)
    }

    async fn vote(
        &self,
        revision_id: Uuid,
        login: &str,
        comment: &str,
    ) -> Result<(), RegistrationError> {
        let content_hash = self.projections.documents.read().revisions[&revision_id]
            .content
            .content_hash
            .clone();
        let vote = RevisionCommand::Vote {
            revision_id,
            voter_id: self.person(login),
            choice: VoteChoice::Approve,
            comment: comment.into(),
            content_hash,
            today: today(),
        };
        let done = execute::<Revision>(self.store, &revision_id, None, vote, self.by(login))
            .await
            .map_err(failed)?;
        self.settle(done.position()).await
    }

    async fn document(
        &self,
        kind: DocumentKind,
        title: &str,
        title_en: Option<&str>,
        owner: Uuid,
    ) -> Result<Uuid, RegistrationError> {
        let document_id = Uuid::now_v7();
        let create = DocumentCommand::Create(DocumentCreated {
            document_id,
            kind,
            title: title.into(),
            title_en: title_en.map(Into::into),
            owner_department_id: owner,
            audience: if kind == DocumentKind::BasicPolicy {
                Audience::Everyone
            } else {
                Audience::Staff
            },
            visibility: if kind == DocumentKind::BasicPolicy {
                Visibility::Public
            } else {
                Visibility::Internal
            },
            implements_clause: None,
            implements_assets: Vec::new(),
        });
        let done = execute::<Document>(self.store, &document_id, None, create, self.by("tokatsu"))
            .await
            .map_err(failed)?;
        self.settle(done.position()).await?;
        Ok(document_id)
    }
}

fn draft(text: &str, translation: Option<&str>, summary: &str, reason: &str) -> Draft {
    Draft {
        text: text.into(),
        translation: translation.map(Into::into),
        summary: summary.into(),
        reason: reason.into(),
        prompted_by: Vec::new(),
        effective_from: None,
    }
}

pub async fn seed(
    store: &EventStore,
    projections: &Projections,
    owner: Uuid,
) -> Result<(), RegistrationError> {
    let demo = Demo { store, projections };
    let basic = demo
        .document(
            DocumentKind::BasicPolicy,
            "情報セキュリティ基本方針",
            Some("Basic Information Security Policy"),
            owner,
        )
        .await?;
    let revision = demo
        .submitted(
            basic,
            draft(
                BASIC_POLICY,
                Some(BASIC_POLICY_EN),
                "基本方針の制定",
                "情報資産を守る取組みの基本を定めるため",
            ),
        )
        .await?;
    for voter in ["iin", "iin2", "iin3", "ciso"] {
        demo.vote(revision, voter, "").await?;
    }
    let standards = demo
        .document(
            DocumentKind::Standards,
            "情報セキュリティ対策基準",
            Some("Information Security Standards"),
            owner,
        )
        .await?;
    let revision = demo
        .submitted(
            standards,
            draft(
                STANDARDS,
                None,
                "対策基準の制定（抜粋）",
                "基本方針9に基づき具体的な遵守事項を定めるため",
            ),
        )
        .await?;
    for voter in ["iin", "iin2", "ciso"] {
        demo.vote(revision, voter, "").await?;
    }
    publish_due(store, projections, today())
        .await
        .map_err(failed)?;
    // A revision under review: the national guideline's new rules on authentication.
    let under_review = demo
        .submitted(
            standards,
            draft(
                STANDARDS_REVISION,
                None,
                "多要素認証の義務化、パスワード規則とクラウドサービス条項の見直し",
                "国のガイドライン改定（多要素認証）への対応",
            ),
        )
        .await?;
    demo.vote(under_review, "iin3", "異議なし").await
}
