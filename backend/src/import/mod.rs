//! Importing an existing register (情報資産台帳) kept in Excel or CSV: the file is read into a table
//! ([`table`]), its headings found and mapped to Mamori's fields ([`headings`]), and each row made
//! into the commands a person registering it would issue — registering the asset, and classifying
//! it when levels are given — each decided by the domain as it would be over the API. A preview is
//! that plan with every row's problems; an import writes the plan in one commit, all or nothing,
//! and only when it has no problem.

pub mod cli;
pub mod headings;
pub mod labels;
pub mod policy;
pub mod table;

use std::collections::HashMap;

use mamori_shared::api::assets::{
    ColumnMapping, ImportColumn, ImportField, ImportPreview, ImportProblem, ImportRow,
};
use mamori_shared::assets::Classification;
use mamori_shared::classification::{Axis, Scheme};
use mamori_shared::events::assets::AssetDetails;
use mamori_shared::search::fold;
use time::Date;
use uuid::Uuid;

use crate::authz::{Action, Authorizer, Resource, World};
use crate::commands::{CommandError, Commit, Executed};
use crate::domain::assets::{Asset, AssetCommand, AssetError, SchemeChoice};
use crate::domain::Aggregate;
use crate::store::{EventStore, Metadata};
pub use table::{read, ReadError, Table};

/// What an import of a table would write, and its preview.
pub struct Plan {
    pub preview: ImportPreview,
    /// Each new asset and its commands, in the file's order; empty unless the preview has no problem.
    assets: Vec<(Uuid, Vec<AssetCommand>)>,
    /// The version of the scheme's stream the levels were read under.
    scheme_version: u64,
}

impl Plan {
    pub fn has_problems(&self) -> bool {
        self.preview.problem_count > 0
    }

    /// How many assets the import registers.
    pub fn len(&self) -> usize {
        self.assets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.assets.is_empty()
    }
}

/// Who imports, into what: today's read models (never the past), the policies, the day.
pub struct Importer<'a> {
    pub world: World<'a>,
    pub authz: &'a Authorizer,
    pub person_id: Uuid,
    pub today: Date,
}

fn problem(
    code: &str,
    field: Option<ImportField>,
    column: Option<u32>,
    message: impl Into<String>,
    message_ja: impl Into<String>,
) -> ImportProblem {
    ImportProblem {
        code: code.to_owned(),
        field,
        column,
        message: message.into(),
        message_ja: message_ja.into(),
    }
}

/// A file that cannot be read, as the problem of a preview.
pub fn read_problem(error: &ReadError) -> ImportProblem {
    use ReadError as E;
    let ja = match error {
        E::TooLarge => "ファイルが大きすぎます（4 MiB まで）".to_owned(),
        E::UnpacksTooLarge => "ブックの展開後の大きさが上限（32 MiB）を超えています".to_owned(),
        E::TooManyRows => "行数が多すぎます（5,000行まで）".to_owned(),
        E::TooManyColumns => "100列目より右にデータがあります".to_owned(),
        E::TooMuchText => "文字数が多すぎます（合計 16 MiB まで）".to_owned(),
        E::OldExcel => {
            "Excel 97-2003 形式（.xls）は読み込めません。.xlsx 形式で保存し直してください"
                .to_owned()
        }
        E::Encrypted => "パスワードで保護されたブックは読み込めません".to_owned(),
        E::BadWorkbook(why) => format!("Excel ブックとして読み込めません（{why}）"),
        E::NotText => "CSV の文字コードが UTF-8 でも Shift_JIS でもありません".to_owned(),
        E::BadCsv(why) => format!("CSV として読み込めません（{why}）"),
        E::Empty => "ファイルが空です".to_owned(),
    };
    let code = match error {
        E::TooLarge | E::UnpacksTooLarge | E::TooManyRows | E::TooManyColumns | E::TooMuchText => {
            "too_large"
        }
        _ => "unreadable",
    };
    problem(code, None, None, error.to_string(), ja)
}

impl Plan {
    /// The plan of a file that could not be read: its one problem, nothing to write.
    pub fn unreadable(error: &ReadError) -> Self {
        Self {
            preview: ImportPreview {
                format: String::new(),
                encoding: None,
                sheet: None,
                header_row: 0,
                columns: Vec::new(),
                rows: Vec::new(),
                problems: vec![read_problem(error)],
                problem_count: 1,
            },
            assets: Vec::new(),
            scheme_version: 0,
        }
    }
}

/// The fields of the columns: as asked, or proposed from the headings. A column outside the
/// table, or a field named twice, is a problem of the mapping.
fn columns(
    headings: &[String],
    width: usize,
    mapping: Option<&[ColumnMapping]>,
    problems: &mut Vec<ImportProblem>,
) -> Vec<Option<ImportField>> {
    let Some(mapping) = mapping else {
        let mut fields = headings::propose(headings);
        fields.resize(width, None);
        return fields;
    };
    let mut fields = vec![None; width];
    for m in mapping {
        let column = m.column as usize;
        if column >= width {
            problems.push(problem(
                "unknown_column",
                Some(m.field),
                Some(m.column),
                format!("column {} is not in the file", m.column + 1),
                format!("{}列目はファイルにありません", m.column + 1),
            ));
        } else if fields.contains(&Some(m.field)) {
            problems.push(problem(
                "field_mapped_twice",
                Some(m.field),
                Some(m.column),
                format!("{} is mapped to two columns", m.field.code()),
                format!(
                    "同じ項目（{}）が2つの列に割り当てられています",
                    m.field.code()
                ),
            ));
        } else {
            fields[column] = Some(m.field);
        }
    }
    fields
}

/// Plans the import of `table` by `importer`: every row's commands, decided by the domain on a new
/// asset, and every problem. Nothing is written.
pub fn plan(
    importer: &Importer<'_>,
    table: &Table,
    mapping: Option<&[ColumnMapping]>,
    file_name: &str,
) -> Plan {
    let found = headings::find(&table.rows);
    let header_row = table.rows.get(found.index).map_or(0, |r| r.number);
    let data = table.rows.get(found.index + 1..).unwrap_or_default();
    let width = data
        .iter()
        .map(|r| r.cells.len())
        .chain([found.headings.len()])
        .max()
        .unwrap_or(0);
    let mut problems = Vec::new();
    let fields = columns(&found.headings, width, mapping, &mut problems);
    let mapped: Vec<(ImportField, u32)> = fields
        .iter()
        .enumerate()
        .filter_map(|(column, field)| Some(((*field)?, column as u32)))
        .collect();
    let has = |field: ImportField| mapped.iter().any(|(f, _)| *f == field);
    for (field, en, ja) in [
        (
            ImportField::Name,
            "no column is mapped to the asset's name",
            "資産名の列を指定してください",
        ),
        (
            ImportField::Kind,
            "no column is mapped to the kind",
            "種別の列を指定してください",
        ),
        (
            ImportField::Department,
            "no column is mapped to the owner department",
            "所管部署の列を指定してください",
        ),
    ] {
        if !has(field) {
            problems.push(problem("unmapped_field", Some(field), None, en, ja));
        }
    }
    if data.is_empty() {
        problems.push(problem(
            "no_rows",
            None,
            None,
            "the file has no rows under its headings",
            "見出しの下に行がありません",
        ));
    }
    if data.len() > table::MAX_ROWS {
        problems.push(read_problem(&ReadError::TooManyRows));
    }
    let register = &importer.world.register;
    let scheme = register.scheme().clone();
    let mut rows = Rows::new(importer, &scheme, &mapped, file_name);
    let mut planned = Vec::new();
    let preview_rows: Vec<ImportRow> = data
        .iter()
        .take(table::MAX_ROWS)
        .map(|row| {
            let (row_problems, commands) = rows.plan(row);
            if let Some(commands) = commands {
                planned.push(commands);
            }
            ImportRow {
                row: row.number,
                cells: {
                    let mut cells = row.cells.clone();
                    cells.resize(width, String::new());
                    cells
                },
                problems: row_problems,
            }
        })
        .collect();
    let problem_count =
        (problems.len() + preview_rows.iter().map(|r| r.problems.len()).sum::<usize>()) as u64;
    let preview = ImportPreview {
        format: table.format.code().to_owned(),
        encoding: table.encoding.map(str::to_owned),
        sheet: table.sheet.clone(),
        header_row,
        columns: (0..width)
            .map(|column| ImportColumn {
                column: column as u32,
                heading: found.headings.get(column).cloned().unwrap_or_default(),
                field: fields[column],
            })
            .collect(),
        rows: preview_rows,
        problems,
        problem_count,
    };
    Plan {
        assets: if problem_count == 0 {
            planned
        } else {
            Vec::new()
        },
        preview,
        scheme_version: register.scheme_version,
    }
}

/// Writes a plan without problems in one commit, attributed to `metadata`'s actor: every asset or
/// none, and none if another scheme was adopted since the levels were read.
pub async fn commit(
    store: &EventStore,
    plan: Plan,
    mut metadata: Metadata,
) -> Result<Vec<Executed>, CommandError<AssetError>> {
    // One import, one correlation: the log tells which registrations came together.
    metadata.correlation_id.get_or_insert_with(Uuid::now_v7);
    let mut commit = Commit::new(metadata);
    for (id, commands) in plan.assets {
        commit
            .decide_each::<Asset>(store, &id, None, commands)
            .await?;
    }
    commit.require::<SchemeChoice>(&(), plan.scheme_version);
    commit.commit::<AssetError>(store).await
}

/// The mapping proposed for `table`'s headings, changed as `spec` says: `COLUMN=FIELD,...`, a
/// column named by its heading, its letter (A, B, ..., AA) or its number (from 1); `COLUMN=` maps
/// it to nothing. A field given a column leaves the one it was proposed for.
pub fn mapping_from_spec(table: &Table, spec: &str) -> Result<Vec<ColumnMapping>, String> {
    let found = headings::find(&table.rows);
    let mut fields = headings::propose(&found.headings);
    for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (column, field) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} is not COLUMN=FIELD"))?;
        let (column, field) = (column.trim(), field.trim());
        let index = found
            .headings
            .iter()
            .position(|h| h.trim() == column)
            .or_else(|| column_letters(column))
            .or_else(|| column.parse::<usize>().ok().and_then(|n| n.checked_sub(1)))
            .ok_or_else(|| format!("no column {column:?} (a heading, a letter or a number)"))?;
        let field = match field {
            "" => None,
            code => Some(ImportField::from_code(code).ok_or_else(|| format!("no field {code:?}"))?),
        };
        if field.is_some() {
            fields
                .iter_mut()
                .filter(|f| **f == field)
                .for_each(|f| *f = None);
        }
        if fields.len() <= index {
            fields.resize(index + 1, None);
        }
        fields[index] = field;
    }
    Ok(fields
        .into_iter()
        .enumerate()
        .filter_map(|(column, field)| {
            Some(ColumnMapping {
                column: column as u32,
                field: field?,
            })
        })
        .collect())
}

/// `A` → 0, `Z` → 25, `AA` → 26: a column as spreadsheets name it.
fn column_letters(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(
        text.bytes()
            .fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1)
            - 1,
    )
}

/// What the rows are checked against, built once for the file.
struct Rows<'a> {
    importer: &'a Importer<'a>,
    scheme: &'a Scheme,
    mapped: &'a [(ImportField, u32)],
    reason: String,
    departments: HashMap<String, Vec<Uuid>>,
    people: HashMap<String, Vec<Uuid>>,
    /// May the importer register in the department (Cedar), by department.
    may_register: HashMap<Uuid, bool>,
    /// Live assets by (name, department), to find one registered before.
    existing: HashMap<(String, Uuid), Vec<Uuid>>,
    /// Rows of this file by (name, department as written), to find one twice.
    seen: HashMap<(String, String), u32>,
}

/// Folded and without spaces: how names typed by different people are compared.
fn key(text: &str) -> String {
    fold(text).chars().filter(|c| !c.is_whitespace()).collect()
}

impl<'a> Rows<'a> {
    fn new(
        importer: &'a Importer<'a>,
        scheme: &'a Scheme,
        mapped: &'a [(ImportField, u32)],
        file_name: &str,
    ) -> Self {
        let world = importer.world;
        let mut departments: HashMap<String, Vec<Uuid>> = HashMap::new();
        for d in world.directory.departments.values() {
            departments.entry(key(&d.name)).or_default().push(d.id);
        }
        let mut people: HashMap<String, Vec<Uuid>> = HashMap::new();
        for p in world.directory.people.values().filter(|p| p.active) {
            people.entry(key(&p.name)).or_default().push(p.id);
        }
        let mut existing: HashMap<(String, Uuid), Vec<Uuid>> = HashMap::new();
        for a in world.register.assets.values().filter(|a| !a.retired) {
            existing
                .entry((key(&a.name), a.owner_department_id))
                .or_default()
                .push(a.id);
        }
        let file: String = file_name.chars().take(100).collect();
        Self {
            importer,
            scheme,
            mapped,
            reason: if file.is_empty() {
                "情報資産台帳の取込み".to_owned()
            } else {
                format!("情報資産台帳の取込み（{file}）")
            },
            departments,
            people,
            may_register: HashMap::new(),
            existing,
            seen: HashMap::new(),
        }
    }

    fn column(&self, field: ImportField) -> Option<u32> {
        self.mapped
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    /// The row's text for `field` (none if empty), with the export's guard against formulas (a
    /// leading `'`) taken off.
    fn cell<'r>(&self, row: &'r table::Row, field: ImportField) -> Option<(&'r str, u32)> {
        let column = self.column(field)?;
        let text = row.cells.get(column as usize)?.trim();
        let text = match text.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
            _ => text,
        };
        (!text.is_empty()).then_some((text, column))
    }

    /// The row's problems, and its asset's commands when it has none.
    fn plan(
        &mut self,
        row: &table::Row,
    ) -> (Vec<ImportProblem>, Option<(Uuid, Vec<AssetCommand>)>) {
        use ImportField as F;
        let mut problems = Vec::new();
        for column in &row.cut {
            let field = self
                .mapped
                .iter()
                .find(|(_, c)| c == column)
                .map(|(f, _)| *f);
            if field.is_some() {
                problems.push(problem(
                    "cell_too_long",
                    field,
                    Some(*column),
                    format!(
                        "the cell is longer than {} characters",
                        table::MAX_CELL_CHARS
                    ),
                    format!("セルが長すぎます（{}文字まで）", table::MAX_CELL_CHARS),
                ));
            }
        }
        let name = self.cell(row, F::Name);
        // An unmapped field is the mapping's problem, not each row's.
        if name.is_none() && self.column(F::Name).is_some() {
            problems.push(problem(
                "missing_name",
                Some(F::Name),
                self.column(F::Name),
                "the name is missing",
                "資産名がありません",
            ));
        }
        let department = self.department(row, &mut problems);
        if let Some((name, column)) = name {
            let written = self
                .cell(row, F::Department)
                .map(|(d, _)| key(d))
                .unwrap_or_default();
            if let Some(first) = self.seen.get(&(key(name), written.clone())) {
                problems.push(problem(
                    "duplicate_name",
                    Some(F::Name),
                    Some(column),
                    format!("row {first} has the same name in the same department"),
                    format!("{first}行目と同じ所管部署・同じ資産名です"),
                ));
            } else {
                self.seen.insert((key(name), written), row.number);
            }
            if let Some(department) = department {
                if self.registered_before(name, department) {
                    problems.push(problem(
                        "already_registered",
                        Some(F::Name),
                        Some(column),
                        "the department already has a live asset of this name in the register",
                        "同じ所管部署の同じ名前の情報資産が台帳に登録済みです",
                    ));
                }
            }
        }
        let kind = match self.cell(row, F::Kind) {
            None if self.column(F::Kind).is_none() => None,
            None => {
                problems.push(problem(
                    "missing_kind",
                    Some(F::Kind),
                    self.column(F::Kind),
                    "the kind is missing",
                    "種別がありません",
                ));
                None
            }
            Some((text, column)) => {
                let kind = labels::kind(text);
                if kind.is_none() {
                    problems.push(problem(
                        "unknown_kind",
                        Some(F::Kind),
                        Some(column),
                        format!("{text:?} is not a kind of asset"),
                        format!("「{text}」は種別にありません（情報システム、情報、紙媒体など）"),
                    ));
                }
                kind
            }
        };
        let custodian = self.custodian(row, &mut problems);
        let tier = match self.cell(row, F::Tier) {
            None => None,
            Some((text, column)) => {
                let tier = labels::tier(text);
                if tier.is_none() {
                    problems.push(problem(
                        "unknown_tier",
                        Some(F::Tier),
                        Some(column),
                        format!("{text:?} is not a network tier"),
                        format!("「{text}」はネットワーク区分にありません（マイナンバー利用事務系、LGWAN接続系、インターネット接続系、なし）"),
                    ));
                }
                tier.flatten()
            }
        };
        let classification = self.classification(row, &mut problems);
        let retention = self.cell(row, F::Retention).and_then(|(text, column)| {
            let retention = labels::retention(text);
            if retention.is_none() {
                problems.push(problem(
                    "unknown_retention",
                    Some(F::Retention),
                    Some(column),
                    format!("{text:?} is not a retention period"),
                    format!("「{text}」は保存期間として読めません（5年、1年未満、永年など）"),
                ));
            }
            retention
        });
        let personal_information =
            self.cell(row, F::PersonalInformation)
                .and_then(|(text, column)| {
                    let personal = labels::personal(text);
                    if personal.is_none() {
                        problems.push(problem(
                            "unknown_personal_information",
                            Some(F::PersonalInformation),
                            Some(column),
                            format!("{text:?} is not none, personal or specific personal information"),
                            format!("「{text}」は個人情報の有無として読めません（なし、個人情報、特定個人情報）"),
                        ));
                    }
                    personal
                });
        let text = |field| self.cell(row, field).map(|(t, _)| t.to_owned());
        let (Some((name, _)), Some(department), Some(kind), true) =
            (name, department, kind, problems.is_empty())
        else {
            return (problems, None);
        };
        let id = Uuid::now_v7();
        let mut commands = vec![AssetCommand::Register {
            asset_id: id,
            name: name.to_owned(),
            kind,
            owner_department_id: department,
            custodian_id: custodian,
            tier,
            location: text(F::Location).unwrap_or_default(),
            description: text(F::Description).unwrap_or_default(),
            details: AssetDetails {
                reading: text(F::Reading),
                retention,
                personal_information,
                contractor: text(F::Contractor),
                external_service: text(F::ExternalService),
            },
        }];
        if let Some(classification) = classification {
            commands.push(AssetCommand::Classify {
                asset_id: id,
                scheme: self.scheme.clone(),
                classification,
                reason: self.reason.clone(),
            });
        }
        // The domain decides each row as it decides a registration over the API.
        let mut asset = Asset::default();
        for command in &commands {
            match asset.decide(command.clone()) {
                Ok(events) => events.iter().for_each(|e| asset.evolve(e)),
                Err(error) => {
                    problems.push(self.rule_problem(error));
                    return (problems, None);
                }
            }
        }
        (problems, Some((id, commands)))
    }

    fn department(&mut self, row: &table::Row, problems: &mut Vec<ImportProblem>) -> Option<Uuid> {
        use ImportField as F;
        let Some((text, column)) = self.cell(row, F::Department) else {
            // Unmapped: the mapping's problem, not the row's.
            self.column(F::Department)?;
            problems.push(problem(
                "missing_department",
                Some(F::Department),
                self.column(F::Department),
                "the owner department is missing",
                "所管部署がありません",
            ));
            return None;
        };
        let found = self.departments.get(&key(text)).map(Vec::as_slice);
        let id = match found {
            Some([id]) => *id,
            Some([_, _, ..]) => {
                problems.push(problem(
                    "ambiguous_department",
                    Some(F::Department),
                    Some(column),
                    format!("more than one department is named {text:?}"),
                    format!("「{text}」という部署が複数あります"),
                ));
                return None;
            }
            _ => {
                problems.push(problem(
                    "unknown_department",
                    Some(F::Department),
                    Some(column),
                    format!("no department is named {text:?}"),
                    format!("「{text}」という部署はありません"),
                ));
                return None;
            }
        };
        let importer = self.importer;
        let allowed = *self.may_register.entry(id).or_insert_with(|| {
            importer.authz.is_allowed(
                importer.world,
                importer.person_id,
                Action::ASSET_REGISTER,
                Resource::department(id),
                importer.today,
            )
        });
        if !allowed {
            problems.push(problem(
                "not_permitted",
                Some(F::Department),
                Some(column),
                format!("you may not register assets of {text:?}"),
                format!("「{text}」の情報資産を登録する権限がありません"),
            ));
            return None;
        }
        Some(id)
    }

    /// Whether the department already has a live asset of this name that the importer sees (one
    /// they may not see is not mentioned: it does not exist for them).
    fn registered_before(&self, name: &str, department: Uuid) -> bool {
        let importer = self.importer;
        self.existing
            .get(&(key(name), department))
            .is_some_and(|ids| {
                ids.iter().any(|id| {
                    importer.authz.is_allowed(
                        importer.world,
                        importer.person_id,
                        Action::ASSET_VIEW,
                        Resource::asset(*id),
                        importer.today,
                    )
                })
            })
    }

    fn custodian(&self, row: &table::Row, problems: &mut Vec<ImportProblem>) -> Option<Uuid> {
        let field = ImportField::Custodian;
        let (text, column) = self.cell(row, field)?;
        let directory = &self.importer.world.directory;
        if let Some(person) = directory.person_by_login(text).filter(|p| p.active) {
            return Some(person.id);
        }
        match self.people.get(&key(text)).map(Vec::as_slice) {
            Some([id]) => Some(*id),
            Some([_, _, ..]) => {
                problems.push(problem(
                    "ambiguous_custodian",
                    Some(field),
                    Some(column),
                    format!("more than one person is named {text:?}; give their login"),
                    format!("「{text}」という在籍者が複数います。ログイン名で指定してください"),
                ));
                None
            }
            _ => {
                problems.push(problem(
                    "unknown_custodian",
                    Some(field),
                    Some(column),
                    format!("no active person is named {text:?}"),
                    format!("「{text}」という在籍者はいません"),
                ));
                None
            }
        }
    }

    /// The levels: 格付 in one cell (「3A/2/2」, or the confidentiality alone) and the axes'
    /// columns; all three or none.
    fn classification(
        &self,
        row: &table::Row,
        problems: &mut Vec<ImportProblem>,
    ) -> Option<Classification> {
        use ImportField as F;
        let mut levels: [Option<(String, ImportField, u32)>; 3] = [None, None, None];
        if let Some((text, column)) = self.cell(row, F::Classification) {
            let parts: Vec<&str> = text
                .split(|c: char| "/／-－・,、 　".contains(c))
                .filter(|p| !p.is_empty())
                .collect();
            match parts.as_slice() {
                [c] => levels[0] = Some((c.to_string(), F::Classification, column)),
                [c, i, a] => {
                    for (slot, part) in levels.iter_mut().zip([c, i, a]) {
                        *slot = Some((part.to_string(), F::Classification, column));
                    }
                }
                _ => {
                    problems.push(problem(
                        "unknown_level",
                        Some(F::Classification),
                        Some(column),
                        format!("{text:?} is not one level nor three (e.g. 3A/2/2)"),
                        format!("「{text}」は格付として読めません（例：3A/2/2、または機密性のみ）"),
                    ));
                    return None;
                }
            }
        }
        for (slot, field) in
            levels
                .iter_mut()
                .zip([F::Confidentiality, F::Integrity, F::Availability])
        {
            if let Some((text, column)) = self.cell(row, field) {
                *slot = Some((text.to_owned(), field, column));
            }
        }
        if levels.iter().all(Option::is_none) {
            return None;
        }
        let mut codes = Vec::new();
        for ((level, axis), (name_ja, axis_field)) in levels
            .iter()
            .zip([Axis::Confidentiality, Axis::Integrity, Axis::Availability])
            .zip([
                ("機密性", F::Confidentiality),
                ("完全性", F::Integrity),
                ("可用性", F::Availability),
            ])
        {
            let Some((text, field, column)) = level else {
                problems.push(problem(
                    "incomplete_classification",
                    Some(axis_field),
                    self.column(axis_field),
                    format!(
                        "{} is missing: a classification has all three levels",
                        axis_field.code()
                    ),
                    format!("{name_ja}がありません（格付は機密性・完全性・可用性の3つが必要です）"),
                ));
                continue;
            };
            match level_code(self.scheme, axis, text) {
                Some(code) => codes.push(code),
                None => problems.push(problem(
                    "unknown_level",
                    Some(*field),
                    Some(*column),
                    format!(
                        "{text:?} is not a {} level of the adopted scheme",
                        axis_field.code()
                    ),
                    format!("「{text}」は採用中の分類基準の{name_ja}の区分にありません"),
                )),
            }
        }
        let [confidentiality, integrity, availability] = <[String; 3]>::try_from(codes).ok()?;
        Some(Classification {
            confidentiality,
            integrity,
            availability,
        })
    }

    /// A refusal of the domain, as the problem of the row: its message as the API gives it.
    fn rule_problem(&self, error: AssetError) -> ImportProblem {
        use crate::http::error::ApiError;
        let code = match &error {
            AssetError::InvalidName => "invalid_name",
            AssetError::InvalidReading => "invalid_reading",
            AssetError::InvalidRetention => "invalid_retention",
            AssetError::DetailTooLong { .. } => "too_long",
            AssetError::UnknownLevel { .. } => "unknown_level",
            AssetError::TopConfidentialityOnInternet => "top_confidentiality_on_internet",
            AssetError::SpecificPersonalOffMyNumber { .. } => "specific_personal_off_my_number",
            AssetError::PersonalInformationPublic { .. } => "personal_information_public",
            _ => "refused",
        };
        match ApiError::from(error) {
            ApiError::Invalid {
                field,
                message,
                message_ja,
            } => {
                let field = domain_field(&field, self);
                problem(
                    code,
                    field,
                    field.and_then(|f| self.column(f)),
                    message,
                    message_ja,
                )
            }
            other => {
                let text = other.to_string();
                problem(code, None, None, text.clone(), text)
            }
        }
    }
}

/// The column a domain error's field came from.
fn domain_field(field: &str, rows: &Rows<'_>) -> Option<ImportField> {
    use ImportField as F;
    let axis = |f: ImportField| {
        Some(if rows.column(f).is_some() {
            f
        } else {
            F::Classification
        })
    };
    match field {
        "classification.confidentiality" => axis(F::Confidentiality),
        "classification.integrity" => axis(F::Integrity),
        "classification.availability" => axis(F::Availability),
        other => F::from_code(other),
    }
}

/// A level as registers write it (「３Ａ」「機密性2」「自治体機密性3B」), as the scheme's code.
fn level_code(scheme: &Scheme, axis: Axis, text: &str) -> Option<String> {
    let folded = fold(text).to_uppercase().replace(char::is_whitespace, "");
    let mut code = folded.as_str();
    for prefix in ["自治体", "機密性", "完全性", "可用性", "レベル"] {
        code = code.strip_prefix(prefix).unwrap_or(code);
    }
    scheme.level(axis, code).map(|l| l.code.clone())
}

#[cfg(test)]
mod tests {
    use mamori_shared::classification::shipped;

    use super::*;

    #[test]
    fn columns_are_named_by_heading_letter_or_number() {
        assert_eq!(column_letters("A"), Some(0));
        assert_eq!(column_letters("Z"), Some(25));
        assert_eq!(column_letters("AA"), Some(26));
        assert_eq!(column_letters("a"), None);
        let table = read(
            "資産名,種別,所管課,備考\nx,情報,総務課,y\n".as_bytes(),
            "t.csv",
        )
        .unwrap();
        let mapping = mapping_from_spec(&table, "備考=description, B=, 3=department").unwrap();
        let fields: Vec<_> = mapping.iter().map(|m| (m.column, m.field)).collect();
        assert_eq!(
            fields,
            [
                (0, ImportField::Name),
                (2, ImportField::Department),
                (3, ImportField::Description)
            ]
        );
        assert!(mapping_from_spec(&table, "備考=nothing").is_err());
        assert!(mapping_from_spec(&table, "X1=name").is_err());
    }

    #[test]
    fn levels_are_read_as_registers_write_them() {
        let scheme = &shipped()[0];
        assert_eq!(
            level_code(scheme, Axis::Confidentiality, "３Ａ"),
            Some("3A".into())
        );
        assert_eq!(
            level_code(scheme, Axis::Confidentiality, "3b"),
            Some("3B".into())
        );
        assert_eq!(
            level_code(scheme, Axis::Confidentiality, "自治体機密性3C"),
            Some("3C".into())
        );
        assert_eq!(
            level_code(scheme, Axis::Integrity, "完全性2"),
            Some("2".into())
        );
        assert_eq!(level_code(scheme, Axis::Integrity, "3A"), None);
        assert_eq!(level_code(scheme, Axis::Confidentiality, "極秘"), None);
    }
}
