//! The organisation (組織体制, seed §6(1)): people, departments and the roles people hold.

use uuid::Uuid;

pub mod area;
pub mod department_detail;
pub mod department_list;
pub mod department_new;
pub mod department_rename;
pub mod people_list;
pub mod people_table;
pub mod person_deactivate;
pub mod person_detail;
pub mod person_edit;
pub mod person_new;
pub mod role_assign;
pub mod role_end;
pub mod role_history;
pub mod routes;

/// The longest name of a person or a department, as the server has it.
pub const NAME_CHARS: usize = 100;
/// The longest 読み仮名 the server takes.
pub const READING_CHARS: usize = 100;
/// The longest 職員番号 the server takes.
pub const STAFF_NUMBER_CHARS: usize = 20;
/// The longest e-mail address the server takes.
pub const EMAIL_CHARS: usize = 254;

/// The page of one person.
pub fn person_href(id: Uuid) -> String {
    format!("/organisation/people/{id}")
}

/// The page of one department.
pub fn department_href(id: Uuid) -> String {
    format!("/organisation/departments/{id}")
}
