//! CSV for spreadsheet users (UTF-8 with a BOM, so Excel reads Japanese).

/// Appends one row: every cell quoted, quotes doubled, formulas neutralised.
pub fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let row: Vec<String> = cells
        .map(|cell| {
            // Quote every cell, double the quotes, and neutralise formulas (CSV injection).
            let cell = if cell.starts_with(['=', '+', '-', '@']) {
                format!("'{cell}")
            } else {
                cell
            };
            format!("\"{}\"", cell.replace('"', "\"\""))
        })
        .collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}
