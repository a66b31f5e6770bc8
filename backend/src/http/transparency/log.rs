//! Checkpoints, tiles, proofs and the verifier key.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Json;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use futures::StreamExt;
use mamori_shared::api::transparency::{
    CheckpointView, ConsistencyProof, Cosigned, InclusionProof, LogSummary,
};

use std::collections::HashMap;

use crate::authz::Action;
use crate::clock::today;
use crate::http::error::ApiError;
use crate::http::extract::Caller;
use crate::http::extract::{JsonBody, QueryParams};
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;
use crate::store::StoredEvent;
use crate::transparency::audit;
use crate::transparency::checkpoints::{self, Signed};
use crate::transparency::merkle;
use crate::transparency::tiles::{self, TilePath};
use crate::transparency::tree;

const TEXT: &str = "text/plain; charset=utf-8";
const OCTETS: &str = "application/octet-stream";
/// A full tile or bundle never changes; the rest changes as the log grows.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const FRESH: &str = "no-cache";

fn body(
    content_type: &'static str,
    cache: &'static str,
    bytes: impl Into<axum::body::Body>,
) -> Response {
    let mut response = Response::new(bytes.into());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

impl From<checkpoints::CheckpointError> for ApiError {
    fn from(error: checkpoints::CheckpointError) -> Self {
        Self::internal(error)
    }
}

/// The newest checkpoint; the first one is signed on demand if none is yet.
async fn newest(state: &AppState) -> Result<Signed, ApiError> {
    if let Some(signed) = checkpoints::latest(&state.store).await? {
        return Ok(signed);
    }
    checkpoints::issue(&state.store, &state.settings.log_key)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `GET /log/checkpoint`: the newest signed checkpoint (C2SP tlog-checkpoint, signed note), with
/// the cosignatures witnesses added to it.
pub async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let signed = newest(&state).await?;
    let note = checkpoints::with_cosignatures(&state.store, &signed).await?;
    Ok(body(TEXT, FRESH, note))
}

/// `POST /log/cosignatures`: a checkpoint of this log with a witness's cosignature line added;
/// kept if a configured witness's key verifies it (`MAMORI_LOG_WITNESSES`).
pub async fn cosign(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Cosigned>,
) -> Result<Json<Cosigned>, ApiError> {
    use checkpoints::CosignError as E;
    match checkpoints::add_cosignatures(
        &state.store,
        &state.settings.log_witnesses,
        &body.checkpoint,
    )
    .await
    {
        Ok(_) => {}
        Err(E::UnknownCheckpoint) => {
            return Err(ApiError::invalid(
                "checkpoint",
                "not a checkpoint this log signed",
                "この台帳が署名したチェックポイントではありません",
            ))
        }
        Err(E::NoWitness) => {
            return Err(ApiError::invalid(
                "checkpoint",
                "no cosignature by a configured witness verifies",
                "設定された立会人の副署名として検証できるものがありません",
            ))
        }
        Err(E::Checkpoint(error)) => return Err(error.into()),
    }
    let signed = newest(&state).await?;
    Ok(Json(Cosigned {
        checkpoint: checkpoints::with_cosignatures(&state.store, &signed).await?,
    }))
}

/// `GET /log/summary`: the log as the auditor's page shows it.
pub async fn summary(State(state): State<AppState>) -> Result<Json<LogSummary>, ApiError> {
    let signed = newest(&state).await?;
    let cosignatures = checkpoints::cosignatures(&state.store, signed.size).await?;
    let key = &state.settings.log_key;
    Ok(Json(LogSummary {
        origin: key.name.clone(),
        verifier_key: key.verifier(),
        head: state.store.head(),
        checkpoint_size: signed.size,
        checkpoint_root: BASE64.encode(signed.root),
        checkpoint_signed_at: crate::clock::rfc3339(signed.signed_at),
        checkpoint: checkpoints::note_with(&signed, &cosignatures),
        witnesses: cosignatures
            .iter()
            .filter_map(|line| line.split(' ').nth(1).map(str::to_owned))
            .collect(),
    }))
}

/// The query of the checkpoint history.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// RFC 3339: the checkpoints signed at or before it (default: now).
    #[schemars(extend("format" = "date-time"))]
    before: Option<String>,
    /// At most this many, newest first (1..=100, default 20).
    #[schemars(range(min = 1, max = 100))]
    limit: Option<u32>,
}

/// `GET /log/checkpoints?before=<RFC 3339>&limit=<n>`: the checkpoints signed at or before a
/// moment, newest first: the one an auditor kept, or the one of the day of an incident.
pub async fn history(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<HistoryQuery>,
) -> Result<Json<Vec<CheckpointView>>, ApiError> {
    let before = match query.before.as_deref() {
        None => crate::clock::now_micros(),
        Some(text) => crate::clock::parse_rfc3339(text).ok_or_else(|| {
            ApiError::invalid(
                "before",
                "an RFC 3339 date and time, e.g. 2026-12-01T09:00:00+09:00",
                "RFC 3339 形式の日時で指定してください(例: 2026-12-01T09:00:00+09:00)",
            )
        })?,
    };
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            "1 to 100",
            "1〜100で指定してください",
        ));
    }
    let mut views = Vec::new();
    for signed in checkpoints::signed_before(&state.store, before, limit).await? {
        views.push(CheckpointView {
            size: signed.size,
            root: BASE64.encode(signed.root),
            signed_at: crate::clock::rfc3339(signed.signed_at),
            checkpoint: checkpoints::with_cosignatures(&state.store, &signed).await?,
        });
    }
    Ok(Json(views))
}

/// `GET /log/key`: the verifier key of the log's checkpoints (C2SP signed-note vkey).
pub async fn key(State(state): State<AppState>) -> Response {
    body(
        TEXT,
        FRESH,
        format!("{}\n", state.settings.log_key.verifier()),
    )
}

/// `GET /log/tile/<L>/<N>[.p/<W>]` and `/log/tile/entries/<N>[.p/<W>]`, within the newest
/// checkpoint (a tile beyond it does not exist yet).
pub async fn tile(
    State(state): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let tile = TilePath::parse(&path).ok_or(ApiError::NotFound)?;
    let size = newest(&state).await?.size;
    let (start, end) = tile.span(size).ok_or(ApiError::NotFound)?;
    let cache = if tile.width.is_some() {
        FRESH
    } else {
        IMMUTABLE
    };
    let bytes = if tile.entries {
        tiles::bundle(&tree::entries(&state.store, start, end).await?)
    } else {
        tree::level(&state.store, tile.height(), start, end)
            .await?
            .concat()
    };
    Ok(body(OCTETS, cache, bytes))
}

/// `GET /log/proof/{position}`: a C2SP tlog-proof that the event at `position` is in the log,
/// against the newest checkpoint.
pub async fn proof(
    State(state): State<AppState>,
    Path(position): Path<u64>,
) -> Result<Response, ApiError> {
    let signed = newest(&state).await?;
    let index = position
        .checked_sub(1)
        .filter(|i| *i < signed.size)
        .ok_or(ApiError::NotFound)?;
    let hashes = tree::hashes(&state.store, merkle::inclusion_ranges(index, signed.size)).await?;
    Ok(body(
        TEXT,
        IMMUTABLE,
        tiles::tlog_proof(index, &hashes, &signed.note),
    ))
}

/// `GET /log/inclusion/{position}`: the same proof as JSON.
pub async fn inclusion(
    State(state): State<AppState>,
    Path(position): Path<u64>,
) -> Result<Json<InclusionProof>, ApiError> {
    let signed = newest(&state).await?;
    let index = position
        .checked_sub(1)
        .filter(|i| *i < signed.size)
        .ok_or(ApiError::NotFound)?;
    let entry = tree::entries(&state.store, index, index + 1).await?[0];
    let hashes = tree::hashes(&state.store, merkle::inclusion_ranges(index, signed.size)).await?;
    Ok(Json(InclusionProof {
        index,
        size: signed.size,
        entry: BASE64.encode(entry),
        root: BASE64.encode(signed.root),
        proof: hashes.iter().map(|h| BASE64.encode(h)).collect(),
    }))
}

/// `GET /log/consistency/{old_size}/{new_size}`: the tree of `old_size` is a prefix of the tree
/// of `new_size` (at most the newest checkpoint's size).
pub async fn consistency(
    State(state): State<AppState>,
    Path((old, new)): Path<(u64, u64)>,
) -> Result<Json<ConsistencyProof>, ApiError> {
    let signed = newest(&state).await?;
    if old > new || new > signed.size {
        return Err(ApiError::invalid(
            "new_size",
            "old_size ≤ new_size ≤ the newest checkpoint's size",
            "旧サイズ ≤ 新サイズ ≤ 最新チェックポイントのサイズで指定してください",
        ));
    }
    let proof = tree::hashes(&state.store, merkle::consistency_ranges(old, new)).await?;
    Ok(Json(ConsistencyProof {
        old_size: old,
        new_size: new,
        old_root: BASE64.encode(tree::root(&state.store, old).await?),
        new_root: BASE64.encode(tree::root(&state.store, new).await?),
        proof: proof.iter().map(|h| BASE64.encode(h)).collect(),
    }))
}

/// What an export holds in full; every other event is shown by its hashes only (see
/// [`audit::Withheld`]), so that the proofs still check.
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// Only this stream's events (`asset-<id>`, `person-<id>`, ...).
    #[serde(default)]
    pub stream: Option<String>,
    /// Only events recorded at or after this moment (RFC 3339).
    #[serde(default)]
    #[schemars(extend("format" = "date-time"))]
    pub from: Option<String>,
    /// Only events recorded at or before this moment (RFC 3339).
    #[serde(default)]
    #[schemars(extend("format" = "date-time"))]
    pub until: Option<String>,
}

pub(super) fn moment(field: &str, value: Option<&str>) -> Result<Option<i64>, ApiError> {
    value
        .map(|text| {
            crate::clock::parse_rfc3339(text).ok_or_else(|| ApiError::BadRequest {
                detail: "a date-time in RFC 3339 with its offset".into(),
                field: Some(field.into()),
            })
        })
        .transpose()
}

/// `GET /log/export`: the log up to the newest checkpoint, for an auditor to check offline (`mamori
/// audit`): a header line with the checkpoint, then one line per event — as stored if the caller
/// may read it (Cedar, stream by stream) and asked for it, else by its hashes. Read and sent a page
/// at a time, so that a long log costs the server one page of memory.
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ExportParams>,
) -> Result<Response, ApiError> {
    let from = moment("from", params.from.as_deref())?;
    let until = moment("until", params.until.as_deref())?;
    let signed = newest(&state).await?;
    let header = serde_json::to_string(&audit::Header {
        format: audit::FORMAT.to_owned(),
        checkpoint: signed.note,
    })
    .map_err(ApiError::internal)?;
    let size = signed.size;
    let asked = std::sync::Arc::new(move |event: &StoredEvent| {
        params
            .stream
            .as_deref()
            .is_none_or(|s| s == event.stream_id)
            && from.is_none_or(|from| event.recorded_at_micros >= from)
            && until.is_none_or(|until| event.recorded_at_micros <= until)
    });
    // Cedar decides once per stream (an export of a long log has far fewer streams than events).
    let readable: HashMap<String, bool> = HashMap::new();
    let pages = futures::stream::unfold(Some((0u64, readable)), move |next| {
        let state = state.clone();
        let asked = asked.clone();
        let person = caller.principal_id;
        async move {
            let (after, mut readable) = next?;
            if after >= size {
                return None;
            }
            match state.store.stored_events(after, size, PAGE).await {
                Ok(events) if !events.is_empty() => {
                    let last = events.last().map_or(after, |e| e.position);
                    let shown: Vec<bool> = {
                        let snapshot = state.projections.snapshot();
                        let world = snapshot.world();
                        if readable.len() > MAX_DECIDED_STREAMS {
                            readable.clear();
                        }
                        events
                            .iter()
                            .map(|event| {
                                asked(event)
                                    && *readable.entry(event.stream_id.clone()).or_insert_with(
                                        || {
                                            state.authz.may_read_stream(
                                                world,
                                                person,
                                                &event.stream_id,
                                                today(),
                                            )
                                        },
                                    )
                            })
                            .collect()
                    };
                    let mut chunk = String::new();
                    for (event, shown) in events.into_iter().zip(shown) {
                        let line = if shown {
                            serde_json::to_string(&event)
                        } else {
                            serde_json::to_string(&audit::Withheld {
                                position: event.position,
                                prev_hash: event.prev_hash,
                                hash: event.hash,
                                withheld: true,
                            })
                        };
                        chunk.push_str(&line.unwrap_or_default());
                        chunk.push('\n');
                    }
                    Some((Ok::<_, std::io::Error>(chunk), Some((last, readable))))
                }
                Ok(_) => None,
                Err(error) => Some((Err(std::io::Error::other(error.to_string())), None)),
            }
        }
    });
    let first = futures::stream::once(async move { Ok(format!("{header}\n")) });
    let mut response = body(
        "application/x-ndjson",
        FRESH,
        // Fused: a compressing layer may poll once more after the end.
        axum::body::Body::from_stream(first.chain(pages).fuse()),
    );
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"mamori-log.ndjson\""),
    );
    Ok(response)
}

/// Streams whose reading an export remembers; beyond it, it decides afresh.
const MAX_DECIDED_STREAMS: usize = 100_000;

/// Events per page of an export.
const PAGE: u32 = 1_000;

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::transparency as t;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/log/checkpoint" => checkpoint, Permit(A::LOG_WITNESS, T::Organisation), "The newest signed checkpoint of the log (C2SP tlog-checkpoint, text); public with MAMORI_LOG_PUBLIC";
        POST "/log/cosignatures" => cosign, Permit(A::LOG_COSIGN, T::Organisation), "Hand in a witness's cosignature of a checkpoint (C2SP tlog-cosignature)", takes t::Cosigned, gives t::Cosigned;
        GET "/log/summary" => summary, Permit(A::LOG_READ, T::Organisation), "The log as the auditor's page shows it: origin, verifier key, newest checkpoint and its witnesses", gives t::LogSummary;
        GET "/log/checkpoints" => history, Permit(A::LOG_WITNESS, T::Organisation), "The checkpoints signed at or before a moment (?before=RFC 3339, ?limit=1..100), newest first; public with MAMORI_LOG_PUBLIC", gives Vec<t::CheckpointView>, query HistoryQuery;
        GET "/log/key" => key, Permit(A::LOG_WITNESS, T::Organisation), "The verifier key of the checkpoints (C2SP signed-note, text); public with MAMORI_LOG_PUBLIC";
        GET "/log/tile/{*tile}" => tile, Permit(A::LOG_WITNESS, T::Organisation), "A tile or an entry bundle of the Merkle tree (C2SP tlog-tiles, bytes); public with MAMORI_LOG_PUBLIC";
        GET "/log/proof/{position}" => proof, Permit(A::LOG_WITNESS, T::Organisation), "A C2SP tlog-proof that the event at the position is in the log; public with MAMORI_LOG_PUBLIC";
        GET "/log/inclusion/{position}" => inclusion, Permit(A::LOG_WITNESS, T::Organisation), "The inclusion proof of the event at the position, against the newest checkpoint; public with MAMORI_LOG_PUBLIC", gives t::InclusionProof;
        GET "/log/events" => super::search::search, Permit(A::LOG_READ, T::Organisation), "Search the log: events by actor, type, stream and time (?actor=&type=&stream=&from=&until=&after=&limit=1..200), in log order, of the streams I may read; a page scans at most 10,000 events and says where to continue", gives t::LogSearch, query super::search::SearchParams;
        GET "/log/export" => export, Permit(A::LOG_READ, T::Organisation), "The log up to the newest checkpoint, for offline audit (NDJSON: a header with the checkpoint, then each event as stored — or by its hashes only, if the caller may not read it or it is outside ?stream=, ?from=, ?until=)", query ExportParams;
        GET "/log/consistency/{old_size}/{new_size}" => consistency, Permit(A::LOG_WITNESS, T::Organisation), "The consistency proof between two tree sizes; public with MAMORI_LOG_PUBLIC", gives t::ConsistencyProof;
    }
}
