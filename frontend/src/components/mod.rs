//! Pieces of the screen used by several pages.

pub mod as_of;
pub mod code_select;
pub mod data_table;
pub mod dates;
pub mod department_select;
pub mod feedback;
pub mod form;
pub mod go_to;
pub mod guard;
pub mod header;
pub mod labels;
pub mod live;
pub mod navigation;
pub mod page;
pub mod pager;
pub mod scheme;
pub mod section;
pub mod status;
pub mod submission;
pub mod tasks;
pub mod user_menu;
