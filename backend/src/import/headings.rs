//! Which row of a register holds its headings, and which of Mamori's fields each heading names, as
//! municipal registers write them (資産名 or 名称, 所管課 or 主管課, 格付 or 機密性...).

use mamori_shared::api::assets::ImportField;
use mamori_shared::search::fold;

use super::table::{Row, HEADER_SEARCH_ROWS};

/// Words that name a field, tried in this order on the heading (folded, without spaces or what is
/// in brackets): the first field one of whose words the heading contains. The order settles
/// overlaps: 「保存場所」 is a place before 「保存」 a retention, 「ネットワーク区分」 a tier
/// before 「区分」 a kind, 「資産名ふりがな」 a reading before 「名」 a name.
const WORDS: [(ImportField, &[&str]); 16] = [
    (
        ImportField::Reading,
        &["読み", "よみ", "ふりがな", "フリガナ", "カナ", "かな"],
    ),
    (
        ImportField::PersonalInformation,
        &["個人情報", "個人番号", "マイナンバー"],
    ),
    (ImportField::Contractor, &["委託"]),
    (
        ImportField::ExternalService,
        &["外部サービス", "クラウド", "外部サービス名"],
    ),
    (
        ImportField::Location,
        &["保管場所", "設置場所", "場所", "保管先", "所在", "設置"],
    ),
    (
        ImportField::Retention,
        &["保存期間", "保存年限", "保管期間", "保存"],
    ),
    (ImportField::Classification, &["格付", "格付け", "重要度"]),
    (ImportField::Confidentiality, &["機密"]),
    (ImportField::Integrity, &["完全"]),
    (ImportField::Availability, &["可用"]),
    (
        ImportField::Tier,
        &["ネットワーク", "系統", "接続系", "セグメント", "三層"],
    ),
    (
        ImportField::Department,
        &[
            "所管",
            "主管",
            "管理部署",
            "担当課",
            "担当部署",
            "部署",
            "課名",
            "所属",
            "部局",
        ],
    ),
    (
        ImportField::Custodian,
        &["管理者", "担当者", "管理担当", "責任者", "担当"],
    ),
    (ImportField::Kind, &["種別", "種類", "分類", "区分"]),
    (ImportField::Description, &["説明", "概要", "内容", "用途"]),
    (
        ImportField::Name,
        &[
            "資産名",
            "名称",
            "名前",
            "システム名",
            "情報資産",
            "件名",
            "名",
        ],
    ),
];

/// Headings that name nothing to import, even though they contain a word above (the export's ID
/// and 廃止, a row number).
const IGNORED: [&str; 6] = ["id", "no", "no.", "番号", "廃止", "連番"];

fn normalised(heading: &str) -> String {
    // What is in brackets qualifies the heading: 「資産名（名称）」 is 資産名, 「保存期間(年)」 保存期間.
    let mut depth = 0u32;
    let mut kept = String::new();
    for c in fold(heading).chars() {
        match c {
            '(' | '[' | '【' | '「' | '〔' => depth += 1,
            ')' | ']' | '】' | '」' | '〕' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() && !matches!(c, '※' | '*' | ':' | '・') => {
                kept.push(c)
            }
            _ => {}
        }
    }
    kept
}

/// The field a heading names, if any.
pub fn recognise(heading: &str) -> Option<ImportField> {
    let heading = normalised(heading);
    if heading.is_empty() || IGNORED.iter().any(|w| fold(w) == heading) {
        return None;
    }
    WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| heading.contains(&normalised(w))))
        .map(|(field, _)| *field)
}

/// The fields of a row of headings, each at most once (a second column naming a field already
/// named is left unmapped, for the person to decide).
pub fn propose(headings: &[String]) -> Vec<Option<ImportField>> {
    let mut seen = Vec::new();
    headings
        .iter()
        .map(|h| {
            let field = recognise(h).filter(|f| !seen.contains(f))?;
            seen.push(field);
            Some(field)
        })
        .collect()
}

fn score(row: &Row) -> usize {
    let fields: Vec<_> = propose(&row.cells).into_iter().flatten().collect();
    // A register's headings name the asset; other rows may name a field by chance.
    fields.len() + usize::from(fields.contains(&ImportField::Name))
}

/// Whether some row near the top names at least a name and one other field.
pub fn looks_like_register(rows: &[Row]) -> bool {
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .any(|row| score(row) >= 3)
}

/// The headings found: the index of the row that holds them in `rows` (the last, when they span
/// two rows), and the heading of each column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headings {
    pub index: usize,
    pub headings: Vec<String>,
}

/// Finds the headings among the first rows: the row naming the most fields (the first of equals;
/// the first row when none names any). A second row of headings beneath it (「格付」 over
/// 機密性・完全性・可用性) is joined to it, its words taking the columns they stand in.
pub fn find(rows: &[Row]) -> Headings {
    let Some((index, _)) = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .max_by_key(|(index, row)| (score(row), std::cmp::Reverse(*index)))
    else {
        return Headings {
            index: 0,
            headings: Vec::new(),
        };
    };
    let mut headings = rows[index].cells.clone();
    let mut last = index;
    if let Some(below) = rows.get(index + 1) {
        let filled: Vec<&String> = below.cells.iter().filter(|c| !c.is_empty()).collect();
        if filled.len() >= 2 && filled.iter().all(|c| recognise(c).is_some()) {
            if headings.len() < below.cells.len() {
                headings.resize(below.cells.len(), String::new());
            }
            for (heading, sub) in headings.iter_mut().zip(&below.cells) {
                if !sub.is_empty() {
                    *heading = sub.clone();
                }
            }
            last = index + 1;
        }
    }
    Headings {
        index: last,
        headings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImportField as F;

    #[test]
    fn the_usual_headings_are_recognised() {
        let cases = [
            ("資産名", F::Name),
            ("名称", F::Name),
            ("情報資産名称", F::Name),
            ("読み仮名", F::Reading),
            ("ふりがな", F::Reading),
            ("フリガナ", F::Reading),
            ("種別", F::Kind),
            ("分類", F::Kind),
            ("所管課", F::Department),
            ("主管課", F::Department),
            ("管理部署", F::Department),
            ("管理者", F::Custodian),
            ("担当者", F::Custodian),
            ("格付", F::Classification),
            ("機密性", F::Confidentiality),
            ("完全性", F::Integrity),
            ("可用性", F::Availability),
            ("ネットワーク", F::Tier),
            ("ネットワーク区分", F::Tier),
            ("系統", F::Tier),
            ("保管場所", F::Location),
            ("説明", F::Description),
            ("概要", F::Description),
            ("保存期間（年）", F::Retention),
            ("個人情報の有無", F::PersonalInformation),
            ("特定個人情報", F::PersonalInformation),
            ("委託先", F::Contractor),
            ("外部サービス", F::ExternalService),
            ("クラウドサービス", F::ExternalService),
            // The export's own headings.
            ("所管部署", F::Department),
            ("管理担当者", F::Custodian),
            ("設置場所", F::Location),
        ];
        for (heading, field) in cases {
            assert_eq!(recognise(heading), Some(field), "{heading}");
        }
        assert_eq!(recognise("ID"), None);
        assert_eq!(recognise("廃止"), None);
        assert_eq!(recognise(""), None);
    }

    fn row(number: u32, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
            cut: Vec::new(),
        }
    }

    #[test]
    fn the_headings_are_found_under_a_title_and_joined_across_two_rows() {
        let rows = [
            row(1, &["情報資産台帳（令和6年度）"]),
            row(3, &["資産名", "所管課", "格付", "", ""]),
            row(4, &["", "", "機密性", "完全性", "可用性"]),
            row(5, &["住民記録", "市民課", "3A", "2B", "2B"]),
        ];
        let found = find(&rows);
        assert_eq!(found.index, 2);
        assert_eq!(
            propose(&found.headings),
            [
                Some(F::Name),
                Some(F::Department),
                Some(F::Confidentiality),
                Some(F::Integrity),
                Some(F::Availability)
            ]
        );
        assert!(looks_like_register(&rows));
    }

    #[test]
    fn a_field_is_proposed_once() {
        let headings = ["名称", "資産名", "備考"].map(String::from);
        assert_eq!(propose(&headings), [Some(F::Name), None, None]);
    }
}
