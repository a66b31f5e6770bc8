use mamori_shared::documents::{DecisionRule, VoteChoice};
use mamori_shared::events::documents::{
    CountedVote, DocumentEvent, DraftContent, Outcome, RevisionDecided, RevisionDiscarded,
    RevisionDrafted, RevisionEdited, RevisionSubmitted, VoteCast,
};
use time::Date;
use uuid::Uuid;

use super::content::{canonical, content_hash, is_hash};
use super::decision::Ballot;
use super::{valid_text_field, DocumentError};
use crate::domain::{format_date, parse_date, Aggregate};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RevisionStatus {
    #[default]
    None,
    Draft,
    InReview,
    Approved,
    Rejected,
    Discarded,
}

impl RevisionStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Draft => "draft",
            Self::InReview => "in_review",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Discarded => "discarded",
        }
    }

    /// Rejected or discarded: the document may have a new draft.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Rejected | Self::Discarded)
    }
}

/// A revision of a document (改定): a draft, then the committee's review of one exact text (§8).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Revision {
    pub status: RevisionStatus,
    pub document_id: Option<Uuid>,
    pub author_id: Option<Uuid>,
    pub content_hash: String,
    pub effective_from: Option<Date>,
    pub electorate: Vec<Uuid>,
    pub chair: Option<Uuid>,
    pub rule: Option<DecisionRule>,
    /// Votes on the current text, in the order cast.
    pub votes: Vec<(Uuid, VoteChoice)>,
    pub effective_date: Option<Date>,
}

/// A draft as its author sends it (not yet canonical).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    pub translation: Option<String>,
    pub summary: String,
    pub reason: String,
    pub prompted_by: Vec<String>,
    pub effective_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevisionCommand {
    Draft {
        revision_id: Uuid,
        document_id: Uuid,
        author_id: Uuid,
        draft: Draft,
        today: Date,
    },
    Edit {
        revision_id: Uuid,
        draft: Draft,
        today: Date,
    },
    /// To the committee in office today (`members`, the chair among them), under `rule`.
    Submit {
        revision_id: Uuid,
        members: Vec<Uuid>,
        chair: Option<Uuid>,
        rule: DecisionRule,
    },
    Vote {
        revision_id: Uuid,
        voter_id: Uuid,
        choice: VoteChoice,
        comment: String,
        content_hash: String,
        today: Date,
    },
    Discard {
        revision_id: Uuid,
        reason: String,
    },
}

impl Revision {
    /// What `by` could do with it as it stands, by the same checks `decide` makes (whether Cedar
    /// lets them is asked separately): what a screen offers.
    pub fn open_actions(&self, by: Uuid) -> Vec<&'static str> {
        let mut open = Vec::new();
        if self.require_open().is_ok() {
            open.extend(["edit", "discard"]);
        }
        if self.status == RevisionStatus::Draft {
            open.push("submit");
        }
        if self.may_vote(by).is_ok() {
            open.push("vote");
        }
        open
    }

    /// A draft or a revision under review: what may still be edited or discarded.
    fn require_open(&self) -> Result<(), DocumentError> {
        match self.status {
            RevisionStatus::None => Err(DocumentError::NotFound),
            RevisionStatus::Draft | RevisionStatus::InReview => Ok(()),
            _ => Err(DocumentError::NotEditable),
        }
    }

    /// Whether `voter` still has a vote on the current text.
    pub fn may_vote(&self, voter: Uuid) -> Result<(), DocumentError> {
        if self.status != RevisionStatus::InReview {
            return Err(DocumentError::NotInReview);
        }
        if self.author_id == Some(voter) {
            return Err(DocumentError::AuthorMayNotVote);
        }
        if !self.electorate.contains(&voter) {
            return Err(DocumentError::NotInElectorate);
        }
        if self.votes.iter().any(|(v, _)| *v == voter) {
            return Err(DocumentError::AlreadyVoted);
        }
        Ok(())
    }
}

impl Aggregate for Revision {
    type Key = Uuid;
    type Command = RevisionCommand;
    type Event = DocumentEvent;
    type Error = DocumentError;

    fn stream_name(key: &Uuid) -> String {
        format!("revision-{key}")
    }

    fn decide(&self, command: RevisionCommand) -> Result<Vec<DocumentEvent>, DocumentError> {
        match command {
            RevisionCommand::Draft {
                revision_id,
                document_id,
                author_id,
                draft,
                today,
            } => {
                if self.status != RevisionStatus::None {
                    return Err(DocumentError::AlreadyExists);
                }
                Ok(vec![DocumentEvent::RevisionDrafted(RevisionDrafted {
                    revision_id,
                    document_id,
                    author_id,
                    content: content(draft, today)?,
                })])
            }
            RevisionCommand::Edit {
                revision_id,
                draft,
                today,
            } => {
                self.require_open()?;
                let content = content(draft, today)?;
                // Every vote was cast on the text as it was: none carries over to another.
                let withdrawn_votes = if content.content_hash == self.content_hash {
                    Vec::new()
                } else {
                    self.votes.iter().map(|(voter, _)| *voter).collect()
                };
                Ok(vec![DocumentEvent::RevisionEdited(RevisionEdited {
                    revision_id,
                    previous_hash: self.content_hash.clone(),
                    withdrawn_votes,
                    content,
                })])
            }
            RevisionCommand::Submit {
                revision_id,
                members,
                chair,
                rule,
            } => {
                match self.status {
                    RevisionStatus::None => return Err(DocumentError::NotFound),
                    RevisionStatus::Draft => {}
                    _ => return Err(DocumentError::NotEditable),
                }
                let mut electorate: Vec<Uuid> = members
                    .into_iter()
                    .chain(chair)
                    .filter(|m| Some(*m) != self.author_id)
                    .collect();
                electorate.sort();
                electorate.dedup();
                if electorate.is_empty() {
                    return Err(DocumentError::NoCommittee);
                }
                let chair = chair.filter(|c| electorate.contains(c));
                if rule.chair_required && chair.is_none() {
                    return Err(DocumentError::NoChair);
                }
                Ok(vec![DocumentEvent::RevisionSubmitted(RevisionSubmitted {
                    revision_id,
                    content_hash: self.content_hash.clone(),
                    electorate,
                    chair_id: chair,
                    rule,
                })])
            }
            RevisionCommand::Vote {
                revision_id,
                voter_id,
                choice,
                comment,
                content_hash,
                today,
            } => {
                if self.status == RevisionStatus::None {
                    return Err(DocumentError::NotFound);
                }
                if !is_hash(&content_hash) {
                    return Err(DocumentError::InvalidField {
                        field: "content_hash",
                        limit: "64 lower-case hexadecimal digits",
                    });
                }
                self.may_vote(voter_id)?;
                if content_hash != self.content_hash {
                    return Err(DocumentError::StaleHash {
                        named: content_hash,
                        current: self.content_hash.clone(),
                    });
                }
                let comment = valid_text_field(&comment, "comment", 2_000, false)?;
                let mut events = vec![DocumentEvent::VoteCast(VoteCast {
                    revision_id,
                    voter_id,
                    choice,
                    comment,
                    content_hash: content_hash.clone(),
                })];
                let mut votes = self.votes.clone();
                votes.push((voter_id, choice));
                let rule = self.rule.ok_or(DocumentError::NotInReview)?;
                let ballot = Ballot {
                    electorate: &self.electorate,
                    chair: self.chair,
                    rule,
                    votes: &votes,
                };
                if let Some(outcome) = ballot.outcome() {
                    let effective_date = (outcome == Outcome::Approved)
                        .then(|| self.effective_from.map_or(today, |from| from.max(today)))
                        .map(format_date);
                    events.push(DocumentEvent::RevisionDecided(RevisionDecided {
                        revision_id,
                        outcome,
                        content_hash,
                        votes: votes
                            .iter()
                            .map(|(voter_id, choice)| CountedVote {
                                voter_id: *voter_id,
                                choice: *choice,
                            })
                            .collect(),
                        electorate: self.electorate.clone(),
                        chair_id: self.chair,
                        rule,
                        effective_date,
                    }));
                }
                Ok(events)
            }
            RevisionCommand::Discard {
                revision_id,
                reason,
            } => {
                self.require_open()?;
                let reason = valid_text_field(&reason, "reason", 500, true)?;
                Ok(vec![DocumentEvent::RevisionDiscarded(RevisionDiscarded {
                    revision_id,
                    reason,
                })])
            }
        }
    }

    fn evolve(&mut self, event: &DocumentEvent) {
        match event {
            DocumentEvent::RevisionDrafted(e) => {
                self.status = RevisionStatus::Draft;
                self.document_id = Some(e.document_id);
                self.author_id = Some(e.author_id);
                self.apply_content(&e.content);
            }
            DocumentEvent::RevisionEdited(e) => {
                self.votes
                    .retain(|(voter, _)| !e.withdrawn_votes.contains(voter));
                self.apply_content(&e.content);
            }
            DocumentEvent::RevisionSubmitted(e) => {
                self.status = RevisionStatus::InReview;
                self.electorate = e.electorate.clone();
                self.chair = e.chair_id;
                self.rule = Some(e.rule);
            }
            DocumentEvent::VoteCast(e) => self.votes.push((e.voter_id, e.choice)),
            DocumentEvent::RevisionDecided(e) => {
                self.status = match e.outcome {
                    Outcome::Approved => RevisionStatus::Approved,
                    Outcome::Rejected => RevisionStatus::Rejected,
                };
                self.effective_date = e.effective_date.as_deref().and_then(parse_date);
            }
            DocumentEvent::RevisionDiscarded(_) => self.status = RevisionStatus::Discarded,
            _ => {}
        }
    }
}

impl Revision {
    fn apply_content(&mut self, content: &DraftContent) {
        self.content_hash = content.content_hash.clone();
        self.effective_from = content.effective_from.as_deref().and_then(parse_date);
    }
}

/// A draft in canonical form, with its hash; refuses what does not fit.
fn content(draft: Draft, today: Date) -> Result<DraftContent, DocumentError> {
    let text = canonical(&draft.text)?;
    let translation = draft
        .translation
        .filter(|t| !t.trim().is_empty())
        .map(|t| canonical(&t))
        .transpose()?;
    let summary = valid_text_field(&draft.summary, "summary", 1_000, true)?;
    let reason = valid_text_field(&draft.reason, "reason", 2_000, true)?;
    if draft.prompted_by.len() > 20 {
        return Err(DocumentError::InvalidField {
            field: "prompted_by",
            limit: "at most 20 references",
        });
    }
    let prompted_by = draft
        .prompted_by
        .iter()
        .map(|r| valid_text_field(r, "prompted_by", 500, false))
        .filter(|r| r.as_ref().map_or(true, |r| !r.is_empty()))
        .collect::<Result<Vec<_>, _>>()?;
    let effective_from = match draft.effective_from.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let date = parse_date(text).ok_or(DocumentError::InvalidField {
                field: "effective_from",
                limit: "a date (YYYY-MM-DD)",
            })?;
            if date < today {
                return Err(DocumentError::InvalidField {
                    field: "effective_from",
                    limit: "today or later",
                });
            }
            Some(format_date(date))
        }
    };
    let content_hash = content_hash(&text, translation.as_deref());
    Ok(DraftContent {
        text,
        translation,
        summary,
        reason,
        prompted_by,
        effective_from,
        content_hash,
    })
}

#[cfg(test)]
mod tests {
    use mamori_shared::documents::Threshold;
    use time::macros::date;

    use super::*;

    const REVISION: Uuid = Uuid::from_u128(1);
    const AUTHOR: Uuid = Uuid::from_u128(2);
    const CISO: Uuid = Uuid::from_u128(3);
    const M1: Uuid = Uuid::from_u128(4);
    const M2: Uuid = Uuid::from_u128(5);
    const M3: Uuid = Uuid::from_u128(6);
    const TODAY: Date = date!(2027 - 03 - 01);

    fn draft(text: &str) -> Draft {
        Draft {
            text: text.into(),
            translation: None,
            summary: "多要素認証を追加".into(),
            reason: "国のガイドライン改定".into(),
            prompted_by: vec![],
            effective_from: Some("2027-04-01".into()),
        }
    }

    fn run(
        state: &mut Revision,
        command: RevisionCommand,
    ) -> Result<Vec<DocumentEvent>, DocumentError> {
        let events = state.decide(command)?;
        events.iter().for_each(|e| state.evolve(e));
        Ok(events)
    }

    fn submitted(rule: DecisionRule) -> Revision {
        let mut state = Revision::default();
        run(
            &mut state,
            RevisionCommand::Draft {
                revision_id: REVISION,
                document_id: Uuid::from_u128(9),
                author_id: AUTHOR,
                draft: draft("# 対策基準\n"),
                today: TODAY,
            },
        )
        .unwrap();
        run(
            &mut state,
            RevisionCommand::Submit {
                revision_id: REVISION,
                members: vec![M1, M2, M3, AUTHOR],
                chair: Some(CISO),
                rule,
            },
        )
        .unwrap();
        state
    }

    fn vote(state: &Revision, voter_id: Uuid, choice: VoteChoice) -> RevisionCommand {
        RevisionCommand::Vote {
            revision_id: REVISION,
            voter_id,
            choice,
            comment: String::new(),
            content_hash: state.content_hash.clone(),
            today: TODAY,
        }
    }

    const MAJORITY_WITH_CHAIR: DecisionRule = DecisionRule {
        threshold: Threshold::Majority,
        chair_required: true,
    };

    #[test]
    fn the_electorate_is_the_committee_less_the_author() {
        let state = submitted(MAJORITY_WITH_CHAIR);
        assert_eq!(state.electorate.len(), 4, "three members and the chair");
        assert!(!state.electorate.contains(&AUTHOR));
        assert_eq!(
            state.decide(vote(&state, AUTHOR, VoteChoice::Approve)),
            Err(DocumentError::AuthorMayNotVote)
        );
        assert_eq!(
            state.decide(vote(&state, Uuid::from_u128(77), VoteChoice::Approve)),
            Err(DocumentError::NotInElectorate)
        );
    }

    #[test]
    fn a_vote_names_the_text_and_an_edit_withdraws_the_votes_on_the_old_one() {
        let mut state = submitted(MAJORITY_WITH_CHAIR);
        let old = state.content_hash.clone();
        {
            let command = vote(&state, M1, VoteChoice::Approve);
            run(&mut state, command)
        }
        .unwrap();
        assert_eq!(
            state.decide(vote(&state, M1, VoteChoice::Approve)),
            Err(DocumentError::AlreadyVoted)
        );
        {
            let command = vote(&state, M2, VoteChoice::Approve);
            run(&mut state, command)
        }
        .unwrap();
        let events = run(
            &mut state,
            RevisionCommand::Edit {
                revision_id: REVISION,
                draft: draft("# 対策基準\n\n多要素認証\n"),
                today: TODAY,
            },
        )
        .unwrap();
        let DocumentEvent::RevisionEdited(edited) = &events[0] else {
            panic!()
        };
        assert_eq!(edited.withdrawn_votes, vec![M1, M2]);
        assert_eq!(edited.previous_hash, old);
        assert!(state.votes.is_empty());
        let stale = RevisionCommand::Vote {
            revision_id: REVISION,
            voter_id: M1,
            choice: VoteChoice::Approve,
            comment: String::new(),
            content_hash: old.clone(),
            today: TODAY,
        };
        assert_eq!(
            state.decide(stale),
            Err(DocumentError::StaleHash {
                named: old,
                current: state.content_hash.clone()
            })
        );
        {
            let command = vote(&state, M1, VoteChoice::Approve);
            run(&mut state, command)
        }
        .unwrap();
        {
            let command = vote(&state, M2, VoteChoice::Approve);
            run(&mut state, command)
        }
        .unwrap();
        assert_eq!(
            state.status,
            RevisionStatus::InReview,
            "not without the chair"
        );
        let events = {
            let command = vote(&state, CISO, VoteChoice::Approve);
            run(&mut state, command)
        }
        .unwrap();
        let DocumentEvent::RevisionDecided(decided) = &events[1] else {
            panic!()
        };
        assert_eq!(decided.outcome, Outcome::Approved);
        assert_eq!(decided.votes.len(), 3);
        assert_eq!(decided.rule, MAJORITY_WITH_CHAIR);
        assert_eq!(decided.effective_date.as_deref(), Some("2027-04-01"));
        assert_eq!(
            state.decide(vote(&state, M3, VoteChoice::Approve)),
            Err(DocumentError::NotInReview)
        );
    }

    #[test]
    fn unanimity_is_lost_to_one_rejection() {
        let mut state = submitted(DecisionRule {
            threshold: Threshold::Unanimous,
            chair_required: false,
        });
        let events = {
            let command = vote(&state, M3, VoteChoice::Reject);
            run(&mut state, command)
        }
        .unwrap();
        assert!(matches!(
            &events[1],
            DocumentEvent::RevisionDecided(RevisionDecided {
                outcome: Outcome::Rejected,
                effective_date: None,
                ..
            })
        ));
        assert!(state.status.is_closed());
    }

    #[test]
    fn the_chair_required_must_be_someone_other_than_the_author() {
        let mut state = Revision::default();
        run(
            &mut state,
            RevisionCommand::Draft {
                revision_id: REVISION,
                document_id: Uuid::from_u128(9),
                author_id: CISO,
                draft: draft("x"),
                today: TODAY,
            },
        )
        .unwrap();
        let submit = |rule| RevisionCommand::Submit {
            revision_id: REVISION,
            members: vec![M1],
            chair: Some(CISO),
            rule,
        };
        assert_eq!(
            state.decide(submit(MAJORITY_WITH_CHAIR)),
            Err(DocumentError::NoChair)
        );
        assert!(state
            .decide(submit(DecisionRule {
                threshold: Threshold::Majority,
                chair_required: false
            }))
            .is_ok());
        let past = RevisionCommand::Edit {
            revision_id: REVISION,
            draft: Draft {
                effective_from: Some("2027-02-01".into()),
                ..draft("x")
            },
            today: TODAY,
        };
        assert!(matches!(
            state.decide(past),
            Err(DocumentError::InvalidField {
                field: "effective_from",
                ..
            })
        ));
    }
}
