//! A register file as a table of texts: an Excel workbook (.xlsx) or a CSV (UTF-8, with or without a
//! byte-order mark, UTF-16 with one, or Shift_JIS), read within limits so that no file can make the
//! server hold more than a few tens of MiB: the file's size, what its archive unpacks to, the rows,
//! the columns, each cell's length and the text kept in all.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use thiserror::Error;

/// The largest file read, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The most a workbook's parts may unpack to, in bytes (a zip bomb stops here).
pub const MAX_UNPACKED_BYTES: u64 = 32 * 1024 * 1024;
/// The most rows of assets a file may hold.
pub const MAX_ROWS: usize = 5_000;
/// Rows above the headings (a title, the date, blank rows) that are looked through for them.
pub const HEADER_SEARCH_ROWS: usize = 20;
/// The most columns read.
pub const MAX_COLUMNS: usize = 100;
/// A longer cell is cut here, and its row has a problem.
pub const MAX_CELL_CHARS: usize = 4_000;
/// The most text kept from all cells together, in bytes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error("the file is larger than 4 MiB")]
    TooLarge,
    #[error("the workbook unpacks to more than 32 MiB")]
    UnpacksTooLarge,
    #[error("the file has more than 5,000 rows")]
    TooManyRows,
    #[error("the file has data beyond column 100")]
    TooManyColumns,
    #[error("the file holds more than 16 MiB of text")]
    TooMuchText,
    #[error("Excel 97-2003 workbooks (.xls) are not read; save it as .xlsx")]
    OldExcel,
    #[error("the workbook is password-protected")]
    Encrypted,
    #[error("the workbook cannot be read: {0}")]
    BadWorkbook(String),
    #[error("the CSV is neither UTF-8 nor Shift_JIS text")]
    NotText,
    #[error("the CSV cannot be read: {0}")]
    BadCsv(String),
    #[error("the file is empty")]
    Empty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }
}

/// A file's non-empty rows, each with its number as the file shows it (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub format: Format,
    pub encoding: Option<&'static str>,
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<String>,
    /// Columns whose cell was longer than [`MAX_CELL_CHARS`] (and is cut).
    pub cut: Vec<u32>,
}

/// Reads `bytes`: a workbook if it is a zip archive, else CSV (`file_name` only tells an old .xls).
pub fn read(bytes: &[u8], file_name: &str) -> Result<Table, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || file_name.to_ascii_lowercase().ends_with(".xls")
    {
        Err(ReadError::OldExcel)
    } else {
        read_csv(bytes)
    }
}

/// Collects cells into rows within the limits.
#[derive(Default)]
struct Collector {
    rows: BTreeMap<u32, Row>,
    text: usize,
}

impl Collector {
    fn add(&mut self, row: u32, column: u32, text: &str) -> Result<(), ReadError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        if column as usize >= MAX_COLUMNS {
            return Err(ReadError::TooManyColumns);
        }
        if !self.rows.contains_key(&row) && self.rows.len() >= MAX_ROWS + HEADER_SEARCH_ROWS {
            return Err(ReadError::TooManyRows);
        }
        let (kept, cut) = match text.char_indices().nth(MAX_CELL_CHARS) {
            Some((end, _)) => (&text[..end], true),
            None => (text, false),
        };
        self.text += kept.len();
        if self.text > MAX_TEXT_BYTES {
            return Err(ReadError::TooMuchText);
        }
        let entry = self.rows.entry(row).or_insert_with(|| Row {
            number: row + 1,
            cells: Vec::new(),
            cut: Vec::new(),
        });
        let column = column as usize;
        if entry.cells.len() <= column {
            entry.cells.resize(column + 1, String::new());
        }
        entry.cells[column] = kept.to_owned();
        if cut {
            entry.cut.push(column as u32);
        }
        Ok(())
    }

    fn rows(self) -> Vec<Row> {
        self.rows.into_values().collect()
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ReadError> {
    check_unpacked_size(bytes)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => ReadError::Encrypted,
        other => ReadError::BadWorkbook(other.to_string()),
    })?;
    let names = workbook.sheet_names();
    let mut first = None;
    for name in names {
        let rows = read_sheet(&mut workbook, &name)?;
        // The first sheet that has a register's headings in it; else the first with anything.
        if super::headings::looks_like_register(&rows) {
            return Ok(Table {
                format: Format::Xlsx,
                encoding: None,
                sheet: Some(name),
                rows,
            });
        }
        if first.is_none() && !rows.is_empty() {
            first = Some((name, rows));
        }
    }
    let (sheet, rows) = first.ok_or(ReadError::Empty)?;
    Ok(Table {
        format: Format::Xlsx,
        encoding: None,
        sheet: Some(sheet),
        rows,
    })
}

fn read_sheet(workbook: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Vec<Row>, ReadError> {
    let bad = |e: calamine::XlsxError| ReadError::BadWorkbook(e.to_string());
    let mut cells = workbook.worksheet_cells_reader(name).map_err(bad)?;
    let mut collector = Collector::default();
    // Cells one at a time: a sheet that claims a million rows is not laid out in memory.
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        let (row, column) = cell.get_position();
        let text = match cell.get_value() {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::Int(i) => i.to_string(),
            // A whole number typed in Excel is stored as a float: 10, not 10.0.
            DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            DataRef::Float(f) => f.to_string(),
            DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            DataRef::DateTime(d) => d.to_string(),
            DataRef::Error(e) => e.to_string(),
            DataRef::Empty => String::new(),
        };
        collector.add(row, column, &text)?;
    }
    Ok(collector.rows())
}

/// What every part of the archive really unpacks to (not what its headers say), before the
/// workbook reader unpacks any.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::BadWorkbook(e.to_string()))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|e| ReadError::BadWorkbook(e.to_string()))?;
        let left = MAX_UNPACKED_BYTES - total;
        let read = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| ReadError::BadWorkbook(e.to_string()))?;
        total += read;
        if total > MAX_UNPACKED_BYTES {
            return Err(ReadError::UnpacksTooLarge);
        }
    }
    Ok(())
}

fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    let (text, encoding) = decode(bytes)?;
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    // Excel's 「Unicode テキスト」 is separated by tabs.
    let delimiter = if first_line.matches('\t').count() > first_line.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut collector = Collector::default();
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    while reader
        .read_record(&mut record)
        .map_err(|e| ReadError::BadCsv(e.to_string()))?
    {
        for (column, cell) in record.iter().enumerate() {
            collector.add(row, u32::try_from(column).unwrap_or(u32::MAX), cell)?;
        }
        row += 1;
    }
    Ok(Table {
        format: Format::Csv,
        encoding: Some(encoding),
        sheet: None,
        rows: collector.rows(),
    })
}

/// UTF-8 (a byte-order mark or not), UTF-16 with a byte-order mark, else Shift_JIS (as Excel saves
/// CSV on Japanese Windows); text that is none of these is refused, not guessed at.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if malformed {
            return Err(ReadError::NotText);
        }
        return Ok((text.into_owned(), encoding.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), "UTF-8"));
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| (text.into_owned(), "Shift_JIS"))
        .ok_or(ReadError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_shift_jis_and_in_utf8_with_a_bom_read_alike() {
        let text = "資産名,所管課\r\n住民記録,市民課\r\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let a = read(&sjis, "a.csv").unwrap();
        let b = read(&bom, "b.csv").unwrap();
        assert_eq!(a.encoding, Some("Shift_JIS"));
        assert_eq!(b.encoding, Some("UTF-8"));
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.rows[1].cells, ["住民記録", "市民課"]);
        assert_eq!(a.rows[1].number, 2);
    }

    #[test]
    fn limits_hold() {
        let many: String = (0..=MAX_ROWS + HEADER_SEARCH_ROWS)
            .map(|i| format!("資産{i}\n"))
            .collect();
        assert_eq!(read(many.as_bytes(), "x.csv"), Err(ReadError::TooManyRows));
        let wide = format!("{}x\n", ",".repeat(MAX_COLUMNS));
        assert_eq!(
            read(wide.as_bytes(), "x.csv"),
            Err(ReadError::TooManyColumns)
        );
        let long = "あ".repeat(MAX_CELL_CHARS + 10);
        let table = read(long.as_bytes(), "x.csv").unwrap();
        assert_eq!(table.rows[0].cells[0].chars().count(), MAX_CELL_CHARS);
        assert_eq!(table.rows[0].cut, [0]);
        assert_eq!(
            read(&[0xD0, 0xCF, 0x11, 0xE0, 0], "x.xls"),
            Err(ReadError::OldExcel)
        );
        assert_eq!(read(&[0x82, 0xFF, 0x00], "x.csv"), Err(ReadError::NotText));
    }
}
