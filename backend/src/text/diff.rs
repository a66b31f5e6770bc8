//! The differences between two versions of a policy document, as rows a reviewer reads side by side:
//! lines first, then the characters that changed within a changed line.
//!
//! Characters, not words: Japanese puts no spaces between words, so a word diff would mark a whole
//! sentence for one changed character (「三月」→「六月」 should show 三 and 六, not the line).
//!
//! Both levels share one deadline. Past it, similar stops searching for the shortest edit and
//! approximates (a larger changed span, never a wrong one), so a hostile pair of large texts costs a
//! bounded time rather than a pinned core.

use std::time::{Duration, Instant};

use similar::{Algorithm, ChangeTag, DiffTag, TextDiff};

/// How long one call may spend searching for the smallest difference, both levels together.
const TIME_BUDGET: Duration = Duration::from_millis(200);

pub use mamori_shared::api::documents::{DiffKind, DiffRow, DiffSpan};

/// The rows that turn `old` into `new`. Line endings (`\n` or `\r\n`) do not count as a difference,
/// nor does a missing newline at the end.
pub fn diff(old: &str, new: &str) -> Vec<DiffRow> {
    let deadline = Instant::now() + TIME_BUDGET;
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let lines = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(deadline)
        .diff_slices(&old_lines, &new_lines);

    let mut rows = Vec::with_capacity(old_lines.len().max(new_lines.len()));
    let mut ops = lines.ops().iter().peekable();
    while let Some(op) = ops.next() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for (o, n) in old_range.zip(new_range) {
                rows.push(DiffRow {
                    kind: DiffKind::Equal,
                    old_line: line_number(o),
                    new_line: line_number(n),
                    old: vec![span(old_lines[o], false)],
                    new: vec![span(new_lines[n], false)],
                });
            }
            continue;
        }
        // A run of changes between two equal stretches, however similar split it into deletes,
        // inserts and replacements, is one block: its lines pair up in order.
        let (mut olds, mut news) = (old_range, new_range);
        while let Some(next) = ops.next_if(|next| next.tag() != DiffTag::Equal) {
            olds.end = next.old_range().end;
            news.end = next.new_range().end;
        }
        let paired = olds.len().min(news.len());
        for (o, n) in olds.clone().zip(news.clone()) {
            let (old_spans, new_spans) = characters(old_lines[o], new_lines[n], deadline);
            rows.push(DiffRow {
                kind: DiffKind::Change,
                old_line: line_number(o),
                new_line: line_number(n),
                old: old_spans,
                new: new_spans,
            });
        }
        for o in olds.skip(paired) {
            rows.push(DiffRow {
                kind: DiffKind::Delete,
                old_line: line_number(o),
                new_line: None,
                old: vec![span(old_lines[o], true)],
                new: Vec::new(),
            });
        }
        for n in news.skip(paired) {
            rows.push(DiffRow {
                kind: DiffKind::Insert,
                old_line: None,
                new_line: line_number(n),
                old: Vec::new(),
                new: vec![span(new_lines[n], true)],
            });
        }
    }
    rows
}

/// The two lines of a changed pair in spans, the characters that differ marked changed.
fn characters(old: &str, new: &str, deadline: Instant) -> (Vec<DiffSpan>, Vec<DiffSpan>) {
    let chars = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(deadline)
        .diff_chars(old, new);
    let (mut old_spans, mut new_spans) = (Vec::new(), Vec::new());
    for change in chars.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                extend(&mut old_spans, text, false);
                extend(&mut new_spans, text, false);
            }
            ChangeTag::Delete => extend(&mut old_spans, text, true),
            ChangeTag::Insert => extend(&mut new_spans, text, true),
        }
    }
    (old_spans, new_spans)
}

/// Appends `text` to the last span if it is of the same kind, else as a span of its own.
fn extend(spans: &mut Vec<DiffSpan>, text: &str, changed: bool) {
    match spans.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => spans.push(span(text, changed)),
    }
}

fn span(text: &str, changed: bool) -> DiffSpan {
    DiffSpan {
        text: text.to_owned(),
        changed,
    }
}

/// The 1-based number of the line at `index`. A text of more than four billion lines is far beyond
/// any document's limit; it would show its last lines' numbers saturated, not wrap.
fn line_number(index: usize) -> Option<u32> {
    Some(u32::try_from(index + 1).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::{diff, DiffKind, DiffRow, DiffSpan};

    fn kinds(rows: &[DiffRow]) -> Vec<DiffKind> {
        rows.iter().map(|row| row.kind).collect()
    }

    fn spans(parts: &[(&str, bool)]) -> Vec<DiffSpan> {
        parts
            .iter()
            .map(|&(text, changed)| DiffSpan {
                text: text.to_owned(),
                changed,
            })
            .collect()
    }

    #[test]
    fn identical_texts_are_all_equal() {
        let text = "# 基本方針\n\n1. 目的\n本方針は、情報資産を守る。\n";
        let rows = diff(text, text);
        assert_eq!(kinds(&rows), [DiffKind::Equal; 4]);
        assert_eq!(rows[3].old_line, Some(4));
        assert_eq!(rows[3].new_line, Some(4));
        assert_eq!(rows[3].old, spans(&[("本方針は、情報資産を守る。", false)]));
        assert_eq!(rows[3].old, rows[3].new);
    }

    #[test]
    fn one_changed_japanese_character_is_all_that_is_marked() {
        let rows = diff(
            "見直し\nパスワードは三月ごとに変更する。\n以上\n",
            "見直し\nパスワードは六月ごとに変更する。\n以上\n",
        );
        assert_eq!(
            kinds(&rows),
            [DiffKind::Equal, DiffKind::Change, DiffKind::Equal]
        );
        let change = &rows[1];
        assert_eq!((change.old_line, change.new_line), (Some(2), Some(2)));
        assert_eq!(
            change.old,
            spans(&[
                ("パスワードは", false),
                ("三", true),
                ("月ごとに変更する。", false)
            ])
        );
        assert_eq!(
            change.new,
            spans(&[
                ("パスワードは", false),
                ("六", true),
                ("月ごとに変更する。", false)
            ])
        );
    }

    #[test]
    fn an_inserted_paragraph_is_inserted_rows() {
        let rows = diff(
            "第1条\n\n第3条\n",
            "第1条\n\n第2条 多要素認証を用いる。\n\n第3条\n",
        );
        assert_eq!(
            kinds(&rows),
            [
                DiffKind::Equal,
                DiffKind::Equal,
                DiffKind::Insert,
                DiffKind::Insert,
                DiffKind::Equal
            ]
        );
        let inserted = rows.iter().find(|row| row.new_line == Some(3)).unwrap();
        assert_eq!(inserted.old_line, None);
        assert!(inserted.old.is_empty());
        assert_eq!(inserted.new, spans(&[("第2条 多要素認証を用いる。", true)]));
        assert_eq!(rows[4].old_line, Some(3));
        assert_eq!(rows[4].new_line, Some(5));
    }

    #[test]
    fn a_deleted_paragraph_is_deleted_rows() {
        let rows = diff("甲\n削る段落\n二行目\n乙\n", "甲\n乙\n");
        assert_eq!(
            kinds(&rows),
            [
                DiffKind::Equal,
                DiffKind::Delete,
                DiffKind::Delete,
                DiffKind::Equal
            ]
        );
        assert_eq!(rows[1].old_line, Some(2));
        assert_eq!(rows[1].new_line, None);
        assert_eq!(rows[1].old, spans(&[("削る段落", true)]));
        assert!(rows[1].new.is_empty());
        assert_eq!((rows[3].old_line, rows[3].new_line), (Some(4), Some(2)));
    }

    #[test]
    fn replaced_lines_pair_in_order_and_the_rest_is_deleted_or_inserted() {
        let rows = diff("前\nA案の一\nA案の二\n後\n", "前\nB案の一\n後\n");
        assert_eq!(
            kinds(&rows),
            [
                DiffKind::Equal,
                DiffKind::Change,
                DiffKind::Delete,
                DiffKind::Equal
            ]
        );
        assert_eq!(rows[1].old, spans(&[("A", true), ("案の一", false)]));
        assert_eq!(rows[1].new, spans(&[("B", true), ("案の一", false)]));
        assert_eq!(rows[2].old_line, Some(3));

        let rows = diff("前\n旧\n後\n", "前\n新一\n新二\n後\n");
        assert_eq!(
            kinds(&rows),
            [
                DiffKind::Equal,
                DiffKind::Change,
                DiffKind::Insert,
                DiffKind::Equal
            ]
        );
        assert_eq!(rows[2].new_line, Some(3));
    }

    #[test]
    fn crlf_and_lf_are_the_same_text() {
        let rows = diff("一行目\r\n二行目\r\n", "一行目\n二行目");
        assert_eq!(kinds(&rows), [DiffKind::Equal; 2]);
        assert_eq!(rows[1].new, spans(&[("二行目", false)]));
    }

    #[test]
    fn empty_texts() {
        assert!(diff("", "").is_empty());
        let rows = diff("", "新しい文書\n");
        assert_eq!(kinds(&rows), [DiffKind::Insert]);
        assert_eq!((rows[0].old_line, rows[0].new_line), (None, Some(1)));
        let rows = diff("消える文書\n", "");
        assert_eq!(kinds(&rows), [DiffKind::Delete]);
    }

    #[test]
    fn rows_serialise_in_snake_case() {
        let rows = diff("a", "b");
        let json = serde_json::to_value(&rows).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{
                "kind": "change",
                "old_line": 1,
                "new_line": 1,
                "old": [{"text": "a", "changed": true}],
                "new": [{"text": "b", "changed": true}],
            }])
        );
        let back: Vec<DiffRow> = serde_json::from_value(json).unwrap();
        assert_eq!(back, rows);
    }

    /// The demo's standards and their revision: three changed lines (one of them a single word), one
    /// inserted clause, nothing deleted.
    #[test]
    fn the_demo_revision_shows_its_changes() {
        let rows = diff(
            include_str!("../../demo/documents/standards.ja.md"),
            include_str!("../../demo/documents/standards-revision.ja.md"),
        );
        let of = |kind| rows.iter().filter(move |row| row.kind == kind);
        assert_eq!(of(DiffKind::Change).count(), 3);
        assert_eq!(of(DiffKind::Insert).count(), 4);
        assert_eq!(of(DiffKind::Delete).count(), 0);
        let changed = |spans: &[DiffSpan]| -> Vec<String> {
            spans
                .iter()
                .filter(|span| span.changed)
                .map(|span| span.text.clone())
                .collect()
        };
        let report = of(DiffKind::Change)
            .find(|row| row.old.iter().any(|span| span.text.contains("報告する")))
            .unwrap();
        assert_eq!(changed(&report.old), ["速やか"]);
        assert_eq!(changed(&report.new), ["直ち"]);
        assert!(of(DiffKind::Insert).any(|row| row.new[0].text == "### 4.6 多要素認証"));
    }

    /// Two large texts with nothing in common, the worst case for the search, in short lines (the
    /// line level) and in one long line each (the character level): the deadline bounds both. The
    /// bound asserted is loose (an unoptimised build, a busy machine).
    #[test]
    fn a_hostile_pair_of_large_texts_finishes_in_bounded_time() {
        let text = |seed: u32, line: usize| {
            let mut state = seed;
            let mut out = String::new();
            while out.len() < 512 * 1024 {
                for _ in 0..line {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    out.push(char::from_u32(0x3041 + (state >> 16) % 80).unwrap_or('あ'));
                }
                out.push('\n');
            }
            out
        };
        for line in [60, 200_000] {
            let (old, new) = (text(1, line), text(2, line));
            let started = std::time::Instant::now();
            let rows = diff(&old, &new);
            let elapsed = started.elapsed();
            eprintln!("lines of {line}: {} rows in {elapsed:?}", rows.len());
            assert!(!rows.is_empty());
            assert!(elapsed.as_secs() < 10, "lines of {line}: took {elapsed:?}");
        }
    }
}
