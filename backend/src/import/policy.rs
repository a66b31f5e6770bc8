//! `mamori policy import --kind KIND --as LOGIN FILE.md`: an existing policy document brought in as
//! a new document with its text as the first draft, by the person --as, decided by the same
//! policies and written as the same commands as on the screen.

use mamori_shared::documents::{Audience, DocumentKind, Visibility};
use mamori_shared::events::documents::DocumentCreated;
use uuid::Uuid;

use crate::authz::{Action, Authorizer, Resource};
use crate::cli::PolicyImportArgs;
use crate::clock::today;
use crate::commands::{Commit, Executed};
use crate::database::Database;
use crate::domain::documents::{
    Document, DocumentCommand, DocumentError, Draft, Revision, RevisionCommand,
};
use crate::store::{Metadata, Source};

/// The title: `--title`, else the text's first `# ` heading.
fn title_of(text: &str, given: Option<&str>) -> Option<String> {
    given.map(str::to_owned).or_else(|| {
        text.lines()
            .find_map(|line| line.strip_prefix("# "))
            .map(|t| t.trim().to_owned())
    })
}

/// Writes the document and its first draft; returns (document, revision, content hash).
pub async fn import_policy(args: &PolicyImportArgs) -> Result<(Uuid, Uuid, String), String> {
    let kind = DocumentKind::from_code(&args.kind).ok_or_else(|| {
        let kinds: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.code()).collect();
        format!("--kind: {:?} is none of {}", args.kind, kinds.join(", "))
    })?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", args.file.display()))?;
    let title = title_of(&text, args.title.as_deref())
        .ok_or("--title: the file has no `# ` heading to take the title from")?;
    let authz = Authorizer::load(args.policies.as_deref(), false).map_err(|e| e.to_string())?;
    let db = Database::connect(&args.database.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let (store, projections) = crate::server::open(db).await.map_err(|e| e.to_string())?;
    let (person, department) = {
        let snapshot = projections.snapshot();
        let person = snapshot
            .directory
            .person_by_login(args.as_login.trim())
            .filter(|p| p.active)
            .ok_or_else(|| format!("--as: no active person signs in as {:?}", args.as_login))?;
        if !authz.is_allowed(
            snapshot.world(),
            person.id,
            Action::DOCUMENTS_CREATE,
            Resource::organisation(),
            today(),
        ) {
            return Err(format!(
                "--as: {} may not create policy documents (documents.create)",
                args.as_login
            ));
        }
        (person.id, person.department_id)
    };
    let document_id = Uuid::now_v7();
    let revision_id = Uuid::now_v7();
    let public = kind == DocumentKind::BasicPolicy;
    let metadata = Metadata::by(person.to_string(), Source::Cli);
    let mut commit = Commit::new(metadata);
    let created = DocumentCreated {
        document_id,
        kind,
        title,
        title_en: None,
        owner_department_id: department,
        audience: if public {
            Audience::Everyone
        } else {
            Audience::Staff
        },
        visibility: if public {
            Visibility::Public
        } else {
            Visibility::Internal
        },
        implements_clause: None,
        implements_assets: Vec::new(),
    };
    let failed = |e: crate::commands::CommandError<DocumentError>| e.to_string();
    commit
        .decide_each::<Document>(
            &store,
            &document_id,
            None,
            [
                DocumentCommand::Create(created),
                DocumentCommand::OpenRevision {
                    document_id,
                    revision_id,
                    open_closed: true,
                },
            ],
        )
        .await
        .map_err(failed)?;
    let draft = Draft {
        text,
        translation: None,
        summary: "既存文書の取込み".into(),
        reason: format!("{} から取り込み", args.file.display()),
        prompted_by: Vec::new(),
        effective_from: None,
    };
    commit
        .decide::<Revision>(
            &store,
            &revision_id,
            None,
            RevisionCommand::Draft {
                revision_id,
                document_id,
                author_id: person,
                draft,
                today: today(),
            },
        )
        .await
        .map_err(failed)?;
    let done = commit
        .commit::<DocumentError>(&store)
        .await
        .map_err(failed)?;
    if let Some(position) = Executed::last_position(&done) {
        projections
            .wait_for(position)
            .await
            .map_err(|e| e.to_string())?;
    }
    let hash = projections.documents.read().revisions[&revision_id]
        .content
        .content_hash
        .clone();
    Ok((document_id, revision_id, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_comes_from_the_first_heading_unless_given() {
        assert_eq!(
            title_of("前文\n# 情報セキュリティ対策基準\n## 第1章", None).as_deref(),
            Some("情報セキュリティ対策基準")
        );
        assert_eq!(title_of("# a", Some("b")).as_deref(), Some("b"));
        assert_eq!(title_of("見出しなし", None), None);
    }
}
