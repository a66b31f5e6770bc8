//! The committee's rule applied to the votes on one text: pure counting, so that the decision is
//! taken the moment the votes make it certain, and anyone can recount it from the record.

use mamori_shared::documents::{DecisionRule, VoteChoice};
use mamori_shared::events::documents::Outcome;
use uuid::Uuid;

/// Who votes, under which rule, and the votes on the current text.
#[derive(Debug, Clone, Copy)]
pub struct Ballot<'a> {
    pub electorate: &'a [Uuid],
    pub chair: Option<Uuid>,
    pub rule: DecisionRule,
    pub votes: &'a [(Uuid, VoteChoice)],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub approvals: usize,
    pub rejections: usize,
    pub abstentions: usize,
    pub needed: usize,
    pub chair_approved: bool,
}

impl Ballot<'_> {
    pub fn count(&self) -> Count {
        let of = |choice| self.votes.iter().filter(|(_, c)| *c == choice).count();
        Count {
            approvals: of(VoteChoice::Approve),
            rejections: of(VoteChoice::Reject),
            abstentions: of(VoteChoice::Abstain),
            needed: self.rule.approvals_needed(self.electorate.len()),
            chair_approved: self
                .chair
                .is_some_and(|chair| self.votes.contains(&(chair, VoteChoice::Approve))),
        }
    }

    /// The decision, once the votes make it certain: approved when enough approve (the chair among
    /// them if the rule says so); rejected when that can no longer happen.
    pub fn outcome(&self) -> Option<Outcome> {
        let count = self.count();
        let chair_ok = !self.rule.chair_required || count.chair_approved;
        if count.approvals >= count.needed && chair_ok {
            return Some(Outcome::Approved);
        }
        let still_to_vote = self.electorate.len().saturating_sub(self.votes.len());
        let chair_cannot = self.rule.chair_required
            && match self.chair {
                None => true,
                Some(chair) => self
                    .votes
                    .iter()
                    .any(|(voter, choice)| *voter == chair && *choice != VoteChoice::Approve),
            };
        (count.approvals + still_to_vote < count.needed || chair_cannot)
            .then_some(Outcome::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use mamori_shared::documents::Threshold;

    use super::*;
    use VoteChoice::{Abstain, Approve, Reject};

    const CHAIR: Uuid = Uuid::from_u128(1);
    const A: Uuid = Uuid::from_u128(2);
    const B: Uuid = Uuid::from_u128(3);
    const C: Uuid = Uuid::from_u128(4);
    const FOUR: &[Uuid] = &[CHAIR, A, B, C];

    fn decide(
        threshold: Threshold,
        chair_required: bool,
        votes: &[(Uuid, VoteChoice)],
    ) -> Option<Outcome> {
        Ballot {
            electorate: FOUR,
            chair: Some(CHAIR),
            rule: DecisionRule {
                threshold,
                chair_required,
            },
            votes,
        }
        .outcome()
    }

    #[test]
    fn a_majority_with_the_chair_approves() {
        use Threshold::Majority;
        assert_eq!(decide(Majority, true, &[(A, Approve), (B, Approve)]), None);
        assert_eq!(
            decide(Majority, true, &[(A, Approve), (B, Approve), (C, Approve)]),
            None,
            "three of four, but not the chair"
        );
        assert_eq!(
            decide(
                Majority,
                true,
                &[(A, Approve), (B, Approve), (CHAIR, Approve)]
            ),
            Some(Outcome::Approved)
        );
        assert_eq!(
            decide(Majority, false, &[(A, Approve), (B, Approve), (C, Approve)]),
            Some(Outcome::Approved)
        );
        assert_eq!(
            decide(Majority, true, &[(CHAIR, Abstain)]),
            Some(Outcome::Rejected),
            "the chair's approval can no longer come"
        );
        assert_eq!(
            decide(Majority, false, &[(A, Reject), (B, Abstain)]),
            Some(Outcome::Rejected),
            "two left cannot make three"
        );
    }

    #[test]
    fn unanimity_and_two_thirds() {
        assert_eq!(
            decide(
                Threshold::Unanimous,
                false,
                &[(A, Approve), (B, Approve), (C, Approve)]
            ),
            None
        );
        assert_eq!(
            decide(Threshold::Unanimous, false, &[(A, Abstain)]),
            Some(Outcome::Rejected)
        );
        assert_eq!(
            decide(
                Threshold::Unanimous,
                false,
                &[(A, Approve), (B, Approve), (C, Approve), (CHAIR, Approve)]
            ),
            Some(Outcome::Approved)
        );
        assert_eq!(
            decide(
                Threshold::TwoThirds,
                true,
                &[(A, Approve), (CHAIR, Approve)]
            ),
            None
        );
        assert_eq!(
            decide(
                Threshold::TwoThirds,
                true,
                &[(A, Approve), (B, Approve), (CHAIR, Approve)]
            ),
            Some(Outcome::Approved)
        );
    }
}
