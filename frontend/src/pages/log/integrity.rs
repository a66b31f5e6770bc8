use leptos::prelude::*;
use mamori_shared::api::transparency::LogSummary;

use crate::api;
use crate::components::page::Page;
use crate::components::section::Section;
use crate::components::status::Loaded;
use crate::i18n::use_i18n;
use crate::pages::log::search::LogSearch;

/// The auditor's workspace (監査人): the log's verifier key, its newest checkpoint with the
/// witnesses that cosigned it, the export with the command that checks it offline, and a search of
/// the log.
#[component]
pub fn Integrity() -> impl IntoView {
    let summary = LocalResource::new(|| api::get::<LogSummary>("/log/summary"));
    view! {
        <Page title="log.heading" lead="log.lead">
            <Loaded value=move || summary.get() let:summary>
                <Summary summary/>
            </Loaded>
            <LogSearch/>
        </Page>
    }
}

#[component]
fn Summary(summary: LogSummary) -> impl IntoView {
    let i18n = use_i18n();
    let witnesses = if summary.witnesses.is_empty() {
        i18n.text("log.no_witnesses").into_any()
    } else {
        summary.witnesses.join(", ").into_any()
    };
    let command = format!(
        "mamori audit --key '{}' --export mamori-log.ndjson --trusted last-audit.checkpoint",
        summary.verifier_key
    );
    view! {
        <dl class="facts card" data-testid="log-facts">
            <dt>{i18n.text("log.origin")}</dt>
            <dd>{summary.origin.clone()}</dd>
            <dt>{i18n.text("log.head")}</dt>
            <dd data-testid="log-head">{summary.head}</dd>
            <dt>{i18n.text("log.checkpoint_size")}</dt>
            <dd data-testid="log-checkpoint-size">{summary.checkpoint_size}</dd>
            <dt>{i18n.text("log.signed_at")}</dt>
            <dd>{summary.checkpoint_signed_at.clone()}</dd>
            <dt>{i18n.text("log.witnesses")}</dt>
            <dd>{witnesses}</dd>
        </dl>
        <Section id="log-key-heading" title="log.key">
            <p>{i18n.text("log.key_hint")}</p>
            <pre class="code" data-testid="log-key">{summary.verifier_key.clone()}</pre>
        </Section>
        <Section id="log-checkpoint-heading" title="log.checkpoint">
            <p>{i18n.text("log.checkpoint_hint")}</p>
            <pre class="code" data-testid="log-checkpoint">{summary.checkpoint.clone()}</pre>
        </Section>
        <Section id="log-export-heading" title="log.export">
            <p>{i18n.text("log.export_hint")}</p>
            <p>
                <a class="button" href="/api/v1/log/export" download="mamori-log.ndjson" data-testid="log-export">
                    {i18n.text("log.download")}
                </a>
            </p>
            <pre class="code">{command}</pre>
        </Section>
    }
}
