//! As-of views: every list and detail route declared `as_of` in the route table answers, with
//! `?as_of=`, exactly what the fold of the log up to that moment gives — a date-time (RFC 3339, with
//! its offset: the last event recorded at or before it) or a log position (digits). The authorizing
//! layer resolves it before it decides, so that the decision, like the answer, is made over the past
//! state, by today's policies on today's principal ([`World::past`]). A handler reads through
//! [`AsOf`], never the projections directly, so a route cannot answer from the present by mistake.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Uri;
use time::Date;

use super::error::ApiError;
use super::AppState;
use crate::authz::World;
use crate::clock::{day_in_japan, now_micros, parse_rfc3339};
use crate::projections::history::HistoryError;
use crate::projections::registry::{ReadModels, Snapshot};

/// The query parameter.
pub const PARAM: &str = "as_of";
/// The response header naming the log position an as-of answer was folded up to.
pub const HEADER: &str = "mamori-as-of";

/// A past state of the read models.
pub struct Past {
    /// The last position folded in (0: before the first event).
    pub position: u64,
    /// The day (in Japan) of the moment looked at: what dated things (grants, roles) are judged on.
    pub day: Date,
    pub models: Arc<ReadModels>,
}

/// What a route reads: the read models now, or as of the moment its request asked for.
#[derive(Clone, Default)]
pub struct AsOf(pub(super) Option<Arc<Past>>);

impl<S: Send + Sync> FromRequestParts<S> for AsOf {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(parts.extensions.get::<AsOf>().cloned().unwrap_or_default())
    }
}

impl AsOf {
    /// The read models to answer from. Hold it briefly, as [`Snapshot`].
    pub fn read<'a>(&'a self, state: &'a AppState) -> Seen<'a> {
        Seen {
            now: state.projections.snapshot(),
            past: self.0.as_deref(),
        }
    }

    pub fn past(&self) -> Option<&Past> {
        self.0.as_deref()
    }
}

/// The read models a request is answered from (see [`AsOf::read`]).
pub struct Seen<'a> {
    now: Snapshot<'a>,
    past: Option<&'a Past>,
}

impl Seen<'_> {
    pub fn world(&self) -> World<'_> {
        match self.past {
            Some(past) => World::past(&past.models, &self.now, past.day),
            None => self.now.world(),
        }
    }
}

/// Takes `as_of` out of the request's query (so the handler's own parameters never see it) and
/// resolves it: `None` when the request has none. `declared`: whether the route has as-of views.
pub(super) async fn take(
    state: &AppState,
    parts: &mut Parts,
    declared: bool,
) -> Result<Option<AsOf>, ApiError> {
    let Some(query) = parts.uri.query() else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|_| invalid("the query does not parse"))?;
    let ours: Vec<&str> = pairs
        .iter()
        .filter(|(key, _)| key == PARAM)
        .map(|(_, value)| value.as_str())
        .collect();
    let Some(value) = ours.first() else {
        return Ok(None);
    };
    if !declared {
        return Err(invalid("this resource has no as-of view"));
    }
    if ours.len() > 1 {
        return Err(invalid("give as_of once"));
    }
    let past = resolve(state, value).await?;
    // The handler's own parameters, without ours.
    let rest = query
        .split('&')
        .filter(|pair| pair.split('=').next() != Some(PARAM))
        .collect::<Vec<_>>()
        .join("&");
    let path = parts.uri.path();
    let rebuilt = if rest.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{rest}")
    };
    parts.uri = rebuilt
        .parse::<Uri>()
        .map_err(|_| invalid("the query does not parse"))?;
    Ok(Some(AsOf(Some(Arc::new(past)))))
}

/// The past state `value` names: a log position, or a date-time with its offset.
async fn resolve(state: &AppState, value: &str) -> Result<Past, ApiError> {
    let head = state.store.head();
    let (position, micros) = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let position: u64 = value.parse().map_err(|_| too_far(head))?;
        if position > head {
            return Err(too_far(head));
        }
        let micros = match position {
            0 => None,
            _ => state.store.recorded_at(position).await?,
        };
        (position, micros.unwrap_or_else(now_micros))
    } else {
        // A space where a plus was: a client that did not encode the offset's sign.
        let micros = parse_rfc3339(&value.replace(' ', "+")).ok_or_else(|| {
            invalid("a log position, or a date-time in RFC 3339 with its offset (2026-11-30T09:00:00+09:00)")
        })?;
        if micros > now_micros() {
            return Err(invalid("the moment is in the future"));
        }
        (state.store.position_at(micros).await?, micros)
    };
    let day = day_in_japan(micros).ok_or_else(|| too_far(head))?;
    let models = state
        .history
        .at(position)
        .await
        .map_err(|error| match error {
            HistoryError::Busy => ApiError::Unavailable(error.to_string()),
            other => ApiError::Internal(other.to_string()),
        })?;
    Ok(Past {
        position,
        day,
        models,
    })
}

fn too_far(head: u64) -> ApiError {
    invalid(&format!(
        "the log has {head} events: give a position from 0 to {head}"
    ))
}

/// A malformed query parameter is a 400, as every list's are.
fn invalid(detail: &str) -> ApiError {
    ApiError::BadRequest {
        detail: detail.into(),
        field: Some(PARAM.into()),
    }
}
