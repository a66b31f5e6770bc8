//! Access grants (アクセス権, seed §6(5)): asking for access to an asset, my requests, and the
//! approvals inbox of those who manage assets.

pub mod decision;
pub mod inbox;
pub mod mine;
pub mod request;
