//! `mamori import assets FILE --as LOGIN`: the import the register's screen does, from the command
//! line, decided by the same plan and the same policies, written as the same commands.

use std::io::Write;

use mamori_shared::api::assets::ImportPreview;

use super::{commit, mapping_from_spec, plan, read, Importer, Plan};
use crate::authz::{Action, Authorizer, Resource};
use crate::cli::ImportAssetsArgs;
use crate::clock::today;
use crate::commands::Executed;
use crate::database::Database;
use crate::store::{Metadata, Source};

/// What the command came to: written (or, on a dry run, writable), or refused for the problems
/// printed. An `Err` is a failure to run at all (no database, no such person, not permitted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Problems,
}

pub async fn import_assets(
    args: &ImportAssetsArgs,
    out: &mut impl Write,
) -> Result<Outcome, String> {
    let authz = Authorizer::load(args.policies.as_deref(), false).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let db = Database::connect(&args.database.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let (store, projections) = crate::server::open(db).await.map_err(|e| e.to_string())?;
    let planned = {
        let snapshot = projections.snapshot();
        let world = snapshot.world();
        let person = world
            .directory
            .person_by_login(args.as_login.trim())
            .filter(|p| p.active)
            .ok_or_else(|| format!("--as: no active person signs in as {:?}", args.as_login))?;
        let importer = Importer {
            world,
            authz: &authz,
            person_id: person.id,
            today: today(),
        };
        if !authz.is_allowed(
            world,
            person.id,
            Action::ASSETS_IMPORT,
            Resource::organisation(),
            importer.today,
        ) {
            return Err(format!(
                "{} may not import assets (Cedar: assets.import)",
                args.as_login
            ));
        }
        match read(&bytes, &file_name) {
            Err(error) => (person.id, Plan::unreadable(&error)),
            Ok(table) => {
                let mapping = args
                    .mapping
                    .as_deref()
                    .map(|spec| mapping_from_spec(&table, spec))
                    .transpose()
                    .map_err(|e| format!("--mapping: {e}"))?;
                (
                    person.id,
                    plan(&importer, &table, mapping.as_deref(), &file_name),
                )
            }
        }
    };
    let (person_id, plan) = planned;
    let write =
        |out: &mut dyn Write, line: String| writeln!(out, "{line}").map_err(|e| e.to_string());
    for line in report(&plan.preview) {
        write(out, line)?;
    }
    if plan.has_problems() {
        write(
            out,
            format!(
                "{} problems: nothing imported / 問題が {} 件あります。何も登録していません",
                plan.preview.problem_count, plan.preview.problem_count
            ),
        )?;
        return Ok(Outcome::Problems);
    }
    let count = plan.len();
    if args.dry_run {
        write(
            out,
            format!("dry run: {count} assets would be imported; nothing written"),
        )?;
        return Ok(Outcome::Clean);
    }
    let metadata = Metadata::by(person_id.to_string(), Source::Cli);
    let done = commit(&store, plan, metadata)
        .await
        .map_err(|e| e.to_string())?;
    let position = Executed::last_position(&done).unwrap_or_default();
    write(
        out,
        format!("imported {count} assets in one commit (log position {position})"),
    )?;
    Ok(Outcome::Clean)
}

/// The preview as lines: what was read, the mapping, and every problem (in English and Japanese).
fn report(preview: &ImportPreview) -> Vec<String> {
    let mut lines = Vec::new();
    if !preview.format.is_empty() {
        let mut what = preview.format.clone();
        if let Some(encoding) = &preview.encoding {
            what.push_str(&format!(", {encoding}"));
        }
        if let Some(sheet) = &preview.sheet {
            what.push_str(&format!(", sheet {sheet:?}"));
        }
        lines.push(format!(
            "read {what}: headings on row {}, {} rows",
            preview.header_row,
            preview.rows.len()
        ));
        for column in preview.columns.iter().filter(|c| c.field.is_some()) {
            lines.push(format!(
                "  column {} {:?} -> {}",
                column.column + 1,
                column.heading,
                column.field.map_or("", |f| f.code())
            ));
        }
    }
    for p in &preview.problems {
        lines.push(format!("file: {} / {}", p.message, p.message_ja));
    }
    for row in &preview.rows {
        for p in &row.problems {
            let field = p
                .field
                .map_or(String::new(), |f| format!(" ({})", f.code()));
            lines.push(format!(
                "row {}{field}: {} / {}",
                row.row, p.message, p.message_ja
            ));
        }
    }
    lines
}
