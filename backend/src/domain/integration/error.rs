use thiserror::Error;

/// Why the integration area refuses a command. Each maps to a 4xx with a stable problem type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IntegrationError {
    #[error("it already exists")]
    AlreadyExists,
    #[error("no such client, token or subscription")]
    NotFound,
    #[error("{field}: {limit}")]
    InvalidField {
        field: &'static str,
        limit: &'static str,
    },
    #[error("the token is already revoked or expired")]
    TokenNotActive,
    #[error("a client has at most {0} active tokens: revoke one first")]
    TooManyTokens(usize),
    #[error("a client has at most {0} active subscriptions: turn one off first")]
    TooManySubscriptions(usize),
    #[error("the subscription is already off")]
    SubscriptionOff,
}
