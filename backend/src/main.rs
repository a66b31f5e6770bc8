use std::io::BufRead;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use mamori::auth::sessions::Timeouts;
use mamori::authz::Authorizer;
use mamori::cli::{
    AdminCommand, Cli, Command, CreateUserArgs, ImportCommand, PolicyCommand, ServeArgs,
};
use mamori::commands::organisation::{
    assign_role, create_department, register_person, Registration,
};
use mamori::database::Database;
use mamori::demo::{self, Seeded};
use mamori::http::{Settings, TrustedProxies};
use mamori::server::{self, shutdown_signal, Server};
use mamori::store::upcast::Upcasters;
use mamori::store::{EventStore, Metadata, Source, VerifyReport};
use mamori::telemetry;
use mamori::transparency::checkpoints::load_or_create_key;
use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};

/// `mamori verify` found the chain broken (distinct from 1, "could not check").
const CHAIN_BROKEN: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _telemetry = match telemetry::init(cli.log_format, &cli.log) {
        Ok(telemetry) => telemetry,
        Err(error) => return fail(&error),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    runtime.block_on(run(cli.command))
}

async fn run(command: Command) -> ExitCode {
    match command {
        Command::Serve(args) => serve(*args).await,
        Command::Migrate(args) => {
            let migrated = async {
                let db = Database::connect(&args.database_url).await?;
                db.migrate().await
            };
            match migrated.await {
                Ok(()) => {
                    println!("migrated {}", mamori::database::redact(&args.database_url));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Command::Verify(args) => verify(&args.database_url).await,
        Command::SeedDemo(args) => seed_demo(&args.database_url).await,
        Command::Admin(AdminCommand::CreateUser(args)) => create_user(args).await,
        Command::Import(ImportCommand::Assets(args)) => {
            use mamori::import::cli::{import_assets, Outcome};
            match import_assets(&args, &mut std::io::stdout()).await {
                Ok(Outcome::Clean) => ExitCode::SUCCESS,
                // As `verify` on a broken chain: the check ran, and found what stops it.
                Ok(Outcome::Problems) => ExitCode::from(CHAIN_BROKEN),
                Err(error) => fail(&error),
            }
        }
        Command::Policy(PolicyCommand::Import(args)) => {
            match mamori::import::policy::import_policy(&args).await {
                Ok((document, revision, hash)) => {
                    println!("document {document}\ndraft {revision}\ncontent hash {hash}");
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Command::Audit(args) => audit(&args),
        Command::LogKey(args) => match load_or_create_key(&args.log_key, &args.log_origin) {
            Ok(key) => {
                println!("{}", key.verifier());
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
    }
}

async fn serve(args: ServeArgs) -> ExitCode {
    let authz = match Authorizer::load(args.policies.as_deref(), args.log_public) {
        Ok(authz) => authz,
        Err(error) => return fail(&error),
    };
    let trusted_proxies = match TrustedProxies::parse(&args.trusted_proxies) {
        Ok(proxies) => proxies,
        Err(error) => return fail(&error),
    };
    let log_key = match load_or_create_key(&args.log.log_key, &args.log.log_origin) {
        Ok(key) => std::sync::Arc::new(key),
        Err(error) => return fail(&error),
    };
    let log_witnesses = match args
        .log_witnesses
        .split(',')
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(mamori::transparency::note::WitnessKey::parse)
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(witnesses) => std::sync::Arc::new(witnesses),
        Err(error) => return fail(&format!("MAMORI_LOG_WITNESSES (--log-witnesses): {error}")),
    };
    let mail = match args.smtp_url.trim() {
        "" => None,
        url => match mamori::notify::MailSettings::new(url, &args.mail_from, &args.public_url) {
            Ok(mail) => Some(std::sync::Arc::new(mail)),
            Err(error) => return fail(&error.to_string()),
        },
    };
    let oidc = match args.oidc_issuer.trim() {
        "" => None,
        issuer => {
            let config = mamori::auth::oidc::OidcConfig {
                issuer: issuer.to_owned(),
                client_id: args.oidc_client_id.trim().to_owned(),
                client_secret: Some(args.oidc_client_secret.trim())
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
                redirect_url: args.oidc_redirect_url.trim().to_owned(),
                login_claim: args.oidc_login_claim.trim().to_owned(),
                scopes: args
                    .oidc_scopes
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
            };
            match mamori::auth::oidc::Oidc::new(config) {
                Ok(oidc) => Some(oidc),
                Err(error) => return fail(&error.to_string()),
            }
        }
    };
    if let Some(oidc) = &oidc {
        // A provider down at start must not keep Mamori down: the first sign-in tries again.
        mamori::webhooks::install_crypto();
        match oidc.discover().await {
            Ok(()) => {
                tracing::info!(issuer = %oidc.config.issuer, "single sign-on: provider discovered")
            }
            Err(error) => {
                tracing::warn!(%error, "single sign-on: discovery failed; retried at the first sign-in")
            }
        }
    }
    let settings = Settings {
        oidc,
        mail,
        log_key,
        log_witnesses,
        sessions: Timeouts {
            idle: Duration::from_secs(args.session_idle_minutes * 60),
            absolute: Duration::from_secs(args.session_absolute_hours * 3600),
        },
        trusted_proxies,
        header_read_timeout: Duration::from_secs(args.header_read_timeout_seconds),
        request_timeout: Duration::from_secs(args.request_timeout_seconds),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        secure_cookies: args.secure_cookies,
        client_requests_per_minute: args.client_requests_per_minute,
        webhooks_allow_private: args.webhooks_allow_private,
        ..Settings::default()
    };
    let server =
        match Server::start(&args.listen, &args.database.database_url, authz, settings).await {
            Ok(server) => server,
            Err(error) => return fail(&error),
        };
    tracing::info!(
        "Mamori {} listening on http://{}",
        env!("CARGO_PKG_VERSION"),
        server.local_addr()
    );
    match server.run(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn audit(args: &mamori::cli::AuditArgs) -> ExitCode {
    use mamori::transparency::{audit, note::VerifierKey};
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let key_text = match std::path::Path::new(&args.key) {
        path if path.is_file() => match read(path) {
            Ok(text) => text,
            Err(error) => return fail(&error),
        },
        _ => args.key.clone(),
    };
    let key = match VerifierKey::parse(&key_text) {
        Ok(key) => key,
        Err(error) => return fail(&error),
    };
    let export = match read(&args.export) {
        Ok(text) => text,
        Err(error) => return fail(&error),
    };
    let trusted = match args.trusted.as_deref().map(read).transpose() {
        Ok(trusted) => trusted,
        Err(error) => return fail(&error),
    };
    match audit::audit(&key, &export, trusted.as_deref()) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            println!("audit failed: {error}");
            ExitCode::from(CHAIN_BROKEN)
        }
    }
}

async fn verify(database_url: &str) -> ExitCode {
    let db = match Database::connect(database_url).await {
        Ok(db) => db,
        Err(error) => return fail(&error),
    };
    if let Err(error) = db.migrate().await {
        return fail(&error);
    }
    let report = match EventStore::open(db, Upcasters::registry()).await {
        Ok(store) => store.verify().await,
        Err(error) => return fail(&error),
    };
    match report {
        Ok(report @ VerifyReport::Intact { .. }) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Ok(report) => {
            println!("{report}");
            ExitCode::from(CHAIN_BROKEN)
        }
        Err(error) => fail(&error),
    }
}

async fn seed_demo(database_url: &str) -> ExitCode {
    let opened = match Database::connect(database_url).await {
        Ok(db) => server::open(db).await,
        Err(error) => return fail(&error),
    };
    let (store, projections) = match opened {
        Ok(opened) => opened,
        Err(error) => return fail(&error),
    };
    match demo::seed(&store, &projections).await {
        Ok(Seeded::AlreadyHasData) => {
            println!("the database already has data: no demo data added");
            ExitCode::SUCCESS
        }
        Ok(Seeded::Written(people)) => {
            println!(
                "demo data written. Sign in with any of these logins and the password {}:",
                demo::DEMO_PASSWORD
            );
            for (login, name, what) in people {
                println!("  {login:<10} {name}  ({what})");
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

async fn create_user(args: CreateUserArgs) -> ExitCode {
    let role = match Role::from_code(&args.role) {
        Some(role @ (Role::Ciso | Role::GeneralOfficer)) => role,
        _ => return fail(&"--role must be ciso or general_officer"),
    };
    let password = match std::env::var("MAMORI_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            if std::io::stdin().lock().read_line(&mut line).is_err() || line.trim().is_empty() {
                return fail(
                    &"no password: set MAMORI_ADMIN_PASSWORD or give it on standard input",
                );
            }
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let opened = match Database::connect(&args.database.database_url).await {
        Ok(db) => server::open(db).await,
        Err(error) => return fail(&error),
    };
    let (store, projections) = match opened {
        Ok(opened) => opened,
        Err(error) => return fail(&error),
    };
    let metadata = Metadata::system().with_source(Source::Cli);
    let created = async {
        let existing = projections
            .directory
            .read()
            .departments
            .values()
            .find(|d| d.name == args.department.trim())
            .map(|d| d.id);
        let department_id = match existing {
            Some(id) => id,
            None => {
                create_department(
                    &store,
                    &projections,
                    &args.department,
                    None,
                    None,
                    metadata.clone(),
                )
                .await?
            }
        };
        let registration = Registration {
            name: args.name.clone(),
            login: args.login.clone(),
            department_id,
            employment: EmploymentKind::Staff,
            password,
            reading: None,
            staff_number: None,
            email: None,
        };
        let (id, _) = register_person(&store, &projections, registration, metadata.clone()).await?;
        assign_role(
            &store,
            &projections,
            id,
            role,
            RoleScope::Organisation,
            metadata,
        )
        .await?;
        Ok::<_, mamori::commands::organisation::RegistrationError>(id)
    };
    match created.await {
        Ok(id) => {
            println!("created {} ({id}) as {}", args.login, role.code());
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// One line naming what went wrong, and a failing exit code.
fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::FAILURE
}
