//! The command line: every setting is a flag and a `MAMORI_*` environment variable (see `--help`).

use clap::{Args, Parser, Subcommand};

use crate::telemetry::LogFormat;

#[derive(Debug, Parser)]
#[command(
    name = "mamori",
    version,
    about = "Mamori (守り): an event-sourced ISMS platform for Japanese local-government bodies"
)]
pub struct Cli {
    /// Log format on standard output.
    #[arg(long, env = "MAMORI_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Log filter (tracing EnvFilter syntax), e.g. `info` or `mamori=debug,info`.
    #[arg(
        long,
        env = "MAMORI_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: migrate the database, then serve the API and the frontend.
    // Boxed: its settings are many, the other commands' few.
    Serve(Box<ServeArgs>),
    /// Apply the database migrations that are not applied yet.
    Migrate(DatabaseArgs),
    /// Walk the event log and check every hash; exit 0 if intact, 3 if the chain is broken.
    Verify(DatabaseArgs),
    /// Write the demo organisation into an empty database (skipped if it has data) and print its sign-ins.
    SeedDemo(DatabaseArgs),
    /// Administration from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Import what the organisation kept before Mamori.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Policy documents (情報セキュリティポリシー).
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Print the verifier key of the log's checkpoints (made, with its signing key, if missing):
    /// what an auditor keeps to check checkpoints without the server.
    LogKey(LogKeyArgs),
    /// Check an export of the log offline (no database, no server): every event's hash, that they
    /// make the signed checkpoint's tree, and that it extends the checkpoint kept from before.
    /// Exit 0 if all holds, 3 naming what fails.
    Audit(AuditArgs),
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The log's verifier key (as `mamori log-key` prints it and the auditor's workspace shows it),
    /// or a file holding it.
    #[arg(long)]
    pub key: String,
    /// The export (`GET /api/v1/log/export`).
    #[arg(long)]
    pub export: std::path::PathBuf,
    /// A checkpoint kept from an earlier audit: the log must extend it.
    #[arg(long)]
    pub trusted: Option<std::path::PathBuf>,
}

/// Where the log's signing key is, and the log's name.
#[derive(Debug, Clone, Args)]
pub struct LogKeyArgs {
    /// The file of the log's Ed25519 signing key (made on first start, readable by its owner only).
    #[arg(long, env = "MAMORI_LOG_KEY", default_value = "mamori-log.key")]
    pub log_key: std::path::PathBuf,

    /// The log's origin: the name its checkpoints carry, e.g. `mamori.example-pref.lg.jp/center-log`.
    #[arg(long, env = "MAMORI_LOG_ORIGIN", default_value = crate::transparency::DEFAULT_ORIGIN)]
    pub log_origin: String,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a person who administers the organisation (統括情報セキュリティ責任者, or --role), in a
    /// department created if missing. The password is read from MAMORI_ADMIN_PASSWORD, or else from
    /// the first line of standard input; never from a flag.
    CreateUser(CreateUserArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a register of information assets (情報資産台帳) kept in Excel (.xlsx) or CSV (UTF-8 or
    /// Shift_JIS): every row registered (and classified when it gives levels) in one commit, as the
    /// person --as, whom Cedar must let import and register in each row's department. Prints every
    /// problem; with any, writes nothing and exits 3.
    Assets(ImportAssetsArgs),
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Bring an existing document (Markdown, UTF-8) in as a new document whose first draft is the
    /// file's text, as the person --as (whom Cedar must let create documents). Prints the
    /// document's and the draft's ids and the draft's content hash.
    Import(PolicyImportArgs),
}

#[derive(Debug, Args)]
pub struct PolicyImportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// basic_policy, standards, procedure, emergency_plan or other_procedure.
    #[arg(long)]
    pub kind: String,
    /// The title; the file's first `# ` heading if absent.
    #[arg(long)]
    pub title: Option<String>,
    /// The login of the person importing: the events are theirs, and so is the draft.
    #[arg(long = "as", value_name = "LOGIN")]
    pub as_login: String,
    /// The Markdown file.
    pub file: std::path::PathBuf,
    /// A folder of Cedar policies to decide with instead of the built-in ones (as `serve`).
    #[arg(long, env = "MAMORI_POLICIES")]
    pub policies: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportAssetsArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The workbook or CSV file.
    pub file: std::path::PathBuf,
    /// The login of the person importing: the events are theirs.
    #[arg(long = "as", value_name = "LOGIN")]
    pub as_login: String,
    /// Changes to the columns' fields proposed from the headings: `COLUMN=FIELD,...`, a column by
    /// its heading, its letter (A, B, ..., AA) or its number (1, 2, ...); `COLUMN=` maps it to
    /// nothing. Fields: name, reading, kind, department, custodian, classification,
    /// confidentiality, integrity, availability, tier, location, description, retention,
    /// personal_information, contractor, external_service.
    #[arg(long)]
    pub mapping: Option<String>,
    /// Check the file and print its problems; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A folder of Cedar policies to decide with instead of the built-in ones (as `serve`).
    #[arg(long, env = "MAMORI_POLICIES")]
    pub policies: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Sign-in name (a-z, 0-9, '.', '_', '-').
    #[arg(long)]
    pub login: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// Department name (created if no department has it).
    #[arg(long, default_value = "総務課")]
    pub department: String,
    /// Organisation-wide role: ciso or general_officer.
    #[arg(long, default_value = "general_officer")]
    pub role: String,
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// `sqlite://FILE` (created if missing) or `postgres://USER@HOST:PORT/DATABASE`.
    #[arg(
        long,
        env = "MAMORI_DATABASE_URL",
        default_value = "sqlite://mamori.db"
    )]
    pub database_url: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "MAMORI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// A folder of Cedar policies (`*.cedarschema`, `*.cedar`) to use instead of the built-in ones.
    #[arg(long, env = "MAMORI_POLICIES")]
    pub policies: Option<std::path::PathBuf>,

    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "MAMORI_SESSION_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub session_idle_minutes: u64,

    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "MAMORI_SESSION_ABSOLUTE_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=168))]
    pub session_absolute_hours: u64,

    /// Mark the session cookie Secure: set when Mamori is reached over HTTPS.
    #[arg(long, env = "MAMORI_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Reverse proxies whose X-Forwarded-For / Forwarded headers name the client: comma-separated
    /// IP addresses or CIDR ranges, e.g. `10.0.0.1,192.168.0.0/16`. Empty: the headers are ignored.
    #[arg(long, env = "MAMORI_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,

    /// Seconds a connection may take to send a request's headers (or stay idle between requests)
    /// before it is closed.
    #[arg(long, env = "MAMORI_HEADER_READ_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_read_timeout_seconds: u64,

    /// Seconds a request may take until its answer starts (then 408); live streams are not cut.
    #[arg(long, env = "MAMORI_REQUEST_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_seconds: u64,

    /// The most connections served at once; more wait to be accepted.
    #[arg(long, env = "MAMORI_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,

    #[command(flatten)]
    pub log: LogKeyArgs,

    /// The witnesses whose cosignatures of checkpoints are kept: their verifier keys (C2SP vkeys of
    /// type 0x04), separated by commas.
    #[arg(long, env = "MAMORI_LOG_WITNESSES", default_value = "")]
    pub log_witnesses: String,

    /// Make the log's checkpoints, verifier key, tiles and proofs public (hashes only), for a
    /// witness to fetch without an account: adds the policy `policies/witness/public-log.cedar`.
    #[arg(long, env = "MAMORI_LOG_PUBLIC", default_value_t = false)]
    pub log_public: bool,

    /// The mail server for notices ("you have a task" and a link; nothing above confidentiality
    /// level 1): `smtp://host:25`, `smtp://user:password@host:587?tls=required` (STARTTLS) or
    /// `smtps://host:465`. Empty: no mail (people are told in the app).
    #[arg(long, env = "MAMORI_SMTP_URL", default_value = "")]
    pub smtp_url: String,

    /// The sender of notices.
    #[arg(
        long,
        env = "MAMORI_MAIL_FROM",
        default_value = "Mamori <mamori@localhost>"
    )]
    pub mail_from: String,

    /// Mamori's address as staff open it, for the links in mails.
    #[arg(
        long,
        env = "MAMORI_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,

    /// How many requests a client system (連携システム) may send a minute with its tokens; past it,
    /// 429 with Retry-After.
    #[arg(long, env = "MAMORI_CLIENT_REQUESTS_PER_MINUTE", default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..))]
    pub client_requests_per_minute: u32,

    /// Deliver webhooks to loopback and private addresses too (a receiver on the same host or
    /// network). Off: a subscription cannot be used to reach the internal network.
    #[arg(long, env = "MAMORI_WEBHOOKS_ALLOW_PRIVATE", default_value_t = false)]
    pub webhooks_allow_private: bool,

    /// The OpenID Connect provider for single sign-on (its issuer URL, whose
    /// `/.well-known/openid-configuration` is read at start). Empty: no single sign-on.
    #[arg(long, env = "MAMORI_OIDC_ISSUER", default_value = "")]
    pub oidc_issuer: String,

    /// Mamori's client id at the provider.
    #[arg(long, env = "MAMORI_OIDC_CLIENT_ID", default_value = "")]
    pub oidc_client_id: String,

    /// Mamori's client secret at the provider (empty: a public client, PKCE only).
    #[arg(
        long,
        env = "MAMORI_OIDC_CLIENT_SECRET",
        default_value = "",
        hide_env_values = true
    )]
    pub oidc_client_secret: String,

    /// Where the provider sends the browser back: Mamori's `/api/v1/auth/oidc/callback`, as
    /// registered at the provider.
    #[arg(
        long,
        env = "MAMORI_OIDC_REDIRECT_URL",
        default_value = "http://127.0.0.1:8080/api/v1/auth/oidc/callback"
    )]
    pub oidc_redirect_url: String,

    /// The ID token's claim whose value is a person's login.
    #[arg(
        long,
        env = "MAMORI_OIDC_LOGIN_CLAIM",
        default_value = "preferred_username"
    )]
    pub oidc_login_claim: String,

    /// The scopes asked for, separated by spaces (`openid` is always asked for).
    #[arg(
        long,
        env = "MAMORI_OIDC_SCOPES",
        default_value = "openid profile email"
    )]
    pub oidc_scopes: String,
}
