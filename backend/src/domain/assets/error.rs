use thiserror::Error;

/// Why the asset register refuses a command. Each maps to a 4xx with a stable problem type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AssetError {
    #[error("it already exists")]
    AlreadyExists,
    #[error("no such asset or grant")]
    NotFound,
    #[error("the asset is retired")]
    Retired,
    #[error("a name is 1 to 200 characters")]
    InvalidName,
    #[error("a reason is required (at most 500 characters)")]
    ReasonRequired,
    #[error("{field} level {code:?} is not in the adopted classification scheme")]
    UnknownLevel { field: &'static str, code: String },
    #[error("placement rule: an asset at the top confidentiality levels cannot sit on the internet-connected tier (インターネット接続系)")]
    TopConfidentialityOnInternet,
    /// The asset's classification was made under another scheme than the adopted one: it must be
    /// classified again before anything that depends on its level.
    #[error("the asset's confidentiality level {0:?} is not in the adopted scheme; classify it again first")]
    ClassificationOutsideScheme(String),
    #[error("no such classification scheme")]
    UnknownScheme,
    #[error("this scheme is already adopted")]
    SchemeAlreadyAdopted,
    #[error("switching schemes needs an explicit mapping for confidentiality level {0:?}, which assets use")]
    MappingMissing(String),
    #[error("the mapping names level {0:?}, which the new scheme does not have")]
    MappingInvalid(String),
    #[error("a grant ends on a day not before today")]
    EndsInPast,
    #[error("nobody approves their own request")]
    SelfApproval,
    #[error("the grant is not pending")]
    NotPending,
    #[error("the grant is not active")]
    NotActive,
    #[error("the grant has not reached its end date")]
    NotDue,
    #[error("only the one who asked withdraws a request")]
    NotRequester,
    #[error("a description of what is needed is 1 to 1000 characters")]
    InvalidDescription,
    #[error(
        "a reading (読み仮名) is hiragana or katakana, ー, ・ and spaces, at most 100 characters"
    )]
    InvalidReading,
    #[error("a retention period (保存期間) is 1 to 100 years, under a year, or permanent")]
    InvalidRetention,
    #[error("{field} is at most 200 characters")]
    DetailTooLong { field: &'static str },
    /// 特定個人情報 off the My Number tier; `field` is what the command changed.
    #[error("specific personal information (特定個人情報) is handled only on the My Number tier (マイナンバー利用事務系) or on no network")]
    SpecificPersonalOffMyNumber { field: &'static str },
    /// Personal information at the lowest (public) level; `field` is what the command changed.
    #[error("an asset holding personal information is not classified at the lowest (public) confidentiality level")]
    PersonalInformationPublic { field: &'static str },
}
