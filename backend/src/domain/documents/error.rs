use thiserror::Error;

/// Why the documents area refuses a command. Each maps to a 4xx with a stable problem type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentError {
    #[error("it already exists")]
    AlreadyExists,
    #[error("no such document, revision or training")]
    NotFound,
    #[error("a title is 1 to 200 characters")]
    InvalidTitle,
    #[error("the text is 1 to 200000 characters without control characters")]
    InvalidText,
    #[error("{field}: {limit}")]
    InvalidField {
        field: &'static str,
        limit: &'static str,
    },
    #[error("the basic policy is public; standards and procedures are internal (seed §11)")]
    VisibilityOfKind,
    #[error("a revision of this document is already open")]
    RevisionOpen,
    #[error("the revision is not a draft open to changes")]
    NotEditable,
    #[error("the revision is not under review")]
    NotInReview,
    #[error("no committee member is in office to vote")]
    NoCommittee,
    #[error("the rule needs the chair's approval and no chair (CISO) other than the author is in office")]
    NoChair,
    #[error("only the committee in office when it was submitted votes on it")]
    NotInElectorate,
    #[error("an author does not vote on their own revision")]
    AuthorMayNotVote,
    #[error("this member has already voted on this text")]
    AlreadyVoted,
    #[error("the text has changed since: the vote names {named}, the draft is now {current}")]
    StaleHash { named: String, current: String },
    #[error("the revision is not approved, or already in force")]
    NotApproved,
    #[error("not yet: it takes effect on {0}")]
    NotDue(String),
    #[error("this version is not the one in force (it was superseded or is not yet in force)")]
    NotInForce,
    #[error("this version is already acknowledged")]
    AlreadyAcknowledged,
    #[error("the training has not taken place yet")]
    TrainingNotHeld,
    #[error("a training covers versions that have been in force")]
    NotAVersion,
}
