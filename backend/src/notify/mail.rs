//! One notice as a mail: "you have a task" in Japanese and English, and a link. Never what the task
//! is about (an asset's name may be above confidentiality level 1; a mail leaves the server).

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::Message;
use sha2::{Digest, Sha256};

use crate::tasks::Kind;

pub fn compose(
    from: &Mailbox,
    to: Mailbox,
    kind: &Kind,
    notice_key: &str,
    public_url: &str,
) -> Result<Message, lettre::error::Error> {
    let link = format!("{}{}", public_url.trim_end_matches('/'), kind.href);
    let body = format!(
        "{ja}\n\nMamori で内容を確認してください。\n{link}\n\n\
         このメールは Mamori から自動で送られています。通知メールが不要なら、Mamori のプロフィール\
         で受け取らない設定にできます。\n\n-- \n\n\
         {en}\n\nPlease see Mamori for what it is about.\n{link}\n\n\
         Mamori sent this mail automatically; you can turn these mails off in your profile.\n",
        ja = kind.subject_ja,
        en = kind.subject_en,
    );
    // The same notice always has the same Message-ID: a receiver can tell a repeat.
    let id = hex::encode(&Sha256::digest(notice_key.as_bytes())[..16]);
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(format!(
            "【Mamori】{} / {}",
            kind.subject_ja, kind.subject_en
        ))
        .message_id(Some(format!("<{id}@mamori.notice>")))
        .header(ContentType::TEXT_PLAIN)
        .body(body)
}
