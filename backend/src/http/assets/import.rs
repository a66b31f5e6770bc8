//! Importing an existing register (情報資産台帳) from Excel or CSV: a preview (nothing written), then
//! the import of the same file and mapping, planned again on the server and written in one commit.

use axum::body::to_bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use mamori_shared::api::assets::{ImportDone, ImportPreview, ImportRequest};
use mamori_shared::api::problem::{FieldError, Problem};

use crate::clock::today;
use crate::commands::Executed;
use crate::http::error::ApiError;
use crate::http::extract::Caller;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;
use crate::import::{self, table, Importer, Plan};

/// The import's routes take a file: their bodies may be this large (a 4 MiB file in base64, and
/// the mapping), where every other route's are at most 1 MiB.
pub(crate) const MAX_IMPORT_REQUEST_BYTES: usize = 6 * 1024 * 1024;

/// Whether a request to `path` (under `/api/v1`) carries a register to import.
pub(crate) fn is_import(path: &str) -> bool {
    matches!(
        path,
        "/api/v1/assets/import" | "/api/v1/assets/import/preview"
    )
}

/// The import's body, read only after the authorizing layer let the caller import: refused with
/// 415 if not JSON, 413 past [`MAX_IMPORT_REQUEST_BYTES`], 400 naming a field that does not fit.
pub struct ImportBody(ImportRequest);

impl<S: Send + Sync> FromRequest<S> for ImportBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(';').next().unwrap_or_default().trim() == "application/json");
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = to_bytes(request.into_body(), MAX_IMPORT_REQUEST_BYTES)
            .await
            .map_err(|_| ApiError::PayloadTooLarge)?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let body = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            ApiError::BadRequest {
                detail: e.inner().to_string(),
                field: (path != ".").then_some(path),
            }
        })?;
        Ok(Self(body))
    }
}

/// Reads and plans on a blocking thread (a workbook of thousands of rows takes a moment), over
/// the read models as they are now.
async fn planned(state: &AppState, caller: &Caller, body: ImportRequest) -> Result<Plan, ApiError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.content.trim())
        .map_err(|_| {
            ApiError::invalid(
                "content",
                "the file's content is not base64",
                "ファイルの内容が base64 ではありません",
            )
        })?;
    if bytes.len() > table::MAX_FILE_BYTES {
        return Err(ApiError::invalid(
            "content",
            "the file is larger than 4 MiB",
            "ファイルが大きすぎます（4 MiB まで）",
        ));
    }
    let state = state.clone();
    let person_id = caller.principal_id;
    tokio::task::spawn_blocking(move || {
        let table = import::read(&bytes, &body.file_name);
        let snapshot = state.projections.snapshot();
        let importer = Importer {
            world: snapshot.world(),
            authz: &state.authz,
            person_id,
            today: today(),
        };
        match table {
            Ok(table) => import::plan(&importer, &table, body.mapping.as_deref(), &body.file_name),
            Err(error) => Plan::unreadable(&error),
        }
    })
    .await
    .map_err(ApiError::internal)
}

pub async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    ImportBody(body): ImportBody,
) -> Result<Json<ImportPreview>, ApiError> {
    Ok(Json(planned(&state, &caller, body).await?.preview))
}

pub async fn run(
    State(state): State<AppState>,
    caller: Caller,
    ImportBody(body): ImportBody,
) -> Result<Response, ApiError> {
    let plan = planned(&state, &caller, body).await?;
    if plan.has_problems() {
        return Ok(refused(&plan.preview));
    }
    let imported = plan.len() as u64;
    let done = import::commit(&state.store, plan, caller.metadata()).await?;
    let position = Executed::last_position(&done);
    state.settle(position).await?;
    Ok((StatusCode::CREATED, Json(ImportDone { imported, position })).into_response())
}

/// The most problems a refusal lists (the preview lists them all).
const MAX_LISTED: usize = 1_000;

/// 422 listing the problems, each with where it is: `file`, `mapping.<field>`, or
/// `rows.<row>.<field>` (the row as the file numbers it).
fn refused(preview: &ImportPreview) -> Response {
    let file = preview.problems.iter().map(|p| {
        let field = match p.field {
            Some(field) => format!("mapping.{}", field.code()),
            None => "file".to_owned(),
        };
        (field, p)
    });
    let rows = preview.rows.iter().flat_map(|row| {
        row.problems.iter().map(move |p| {
            let field = p.field.map_or("row", |f| f.code());
            (format!("rows.{}.{field}", row.row), p)
        })
    });
    let errors = file
        .chain(rows)
        .take(MAX_LISTED)
        .map(|(field, p)| FieldError {
            field,
            message: p.message.clone(),
            message_ja: p.message_ja.clone(),
        })
        .collect();
    let problem = Problem {
        kind: "/problems/import-problems".into(),
        title: "The file has problems; nothing was imported".into(),
        title_ja: "取り込めない行があります。何も登録していません".into(),
        status: 422,
        detail: Some(format!(
            "{} problems; preview the file to see them all",
            preview.problem_count
        )),
        errors,
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body,
    )
        .into_response()
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use crate::authz::Action as A;
    use mamori_shared::api::assets as r;
    use Access::Permit;
    use Target as T;
    api_routes! {
        POST "/assets/import/preview" => preview, Permit(A::ASSETS_IMPORT, T::Organisation), "Preview the import of a register kept in Excel (.xlsx) or CSV (UTF-8 or Shift_JIS): the headings found, the columns' fields, every row's problems; nothing is written", takes r::ImportRequest, gives r::ImportPreview;
        POST "/assets/import" => run, Permit(A::ASSETS_IMPORT, T::Organisation), "Import the register: every row registered (and classified when levels are given) in one commit, or nothing and 422 listing the problems", takes r::ImportRequest, gives r::ImportDone, status 201;
    }
}
