use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::integration::{ClientBody, ClientView};
use mamori_shared::api::page::Page as Listing;
use mamori_shared::integration::Scope;

use crate::api;
use crate::components::feedback::Message;
use crate::components::form::{FieldError, FormFailure, FormProblem, Submit, TextField};
use crate::components::page::Page;
use crate::components::status::{Loaded, NotPermitted};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::integration::{client_href, fetch, read, scope_key, CLIENTS, CLIENTS_MANAGE};

const NAME_CHARS: usize = 200;

/// Registering a client system: its name, the body that runs it, whom to call, and what its
/// tokens may be used for (scopes). Its tokens are issued on its page.
#[component]
pub fn NewClientPage() -> impl IntoView {
    // Whether the caller may register, as the server says on the list.
    let list = fetch(|| "/clients?limit=1".to_owned());
    view! {
        <Page title="clients.new" breadcrumbs=&[(CLIENTS, "clients.heading")] lead="clients.new.lead">
            <Loaded value={move || read::<Listing<ClientView>>(list)} let:page>
                {if page.allowed.iter().any(|a| a == CLIENTS_MANAGE) {
                    view! { <NewClientForm/> }.into_any()
                } else {
                    view! { <NotPermitted/> }.into_any()
                }}
            </Loaded>
        </Page>
    }
}

/// The fields of a client system, for registering and changing one.
#[derive(Clone, Copy)]
pub struct ClientFieldValues {
    pub name: RwSignal<String>,
    pub organisation: RwSignal<String>,
    pub contact: RwSignal<String>,
    pub scopes: RwSignal<Vec<Scope>>,
}

impl ClientFieldValues {
    pub fn new(client: Option<&ClientView>) -> Self {
        Self {
            name: RwSignal::new(client.map(|c| c.name.clone()).unwrap_or_default()),
            organisation: RwSignal::new(client.map(|c| c.organisation.clone()).unwrap_or_default()),
            contact: RwSignal::new(client.map(|c| c.contact.clone()).unwrap_or_default()),
            scopes: RwSignal::new(client.map(|c| c.scopes.clone()).unwrap_or_default()),
        }
    }

    pub fn body(self) -> ClientBody {
        let mut scopes = self.scopes.get_untracked();
        scopes.sort();
        ClientBody {
            name: self.name.get_untracked().trim().to_owned(),
            organisation: self.organisation.get_untracked().trim().to_owned(),
            contact: self.contact.get_untracked().trim().to_owned(),
            scopes,
        }
    }
}

/// The fields themselves; `prefix` keeps the ids of two forms apart.
#[component]
pub fn ClientFields(
    prefix: &'static str,
    values: ClientFieldValues,
    failure: FormFailure,
) -> impl IntoView {
    let i18n = use_i18n();
    let scopes = values.scopes;
    let first = format!("{prefix}-scope-{}", Scope::ALL[0].code().replace(':', "-"));
    failure.insist("scopes", &first, "client.scopes.pick", move || {
        scopes.with(|s| !s.is_empty())
    });
    let error_id = format!("{prefix}-scopes-error");
    let described = error_id.clone();
    view! {
        <TextField id=format!("{prefix}-name") label="client.name" value=values.name field="name" failure required=true max_chars=NAME_CHARS/>
        <TextField id=format!("{prefix}-organisation") label="client.organisation" value=values.organisation field="organisation" failure required=true max_chars=NAME_CHARS hint="client.organisation.hint"/>
        <TextField id=format!("{prefix}-contact") label="client.contact" value=values.contact field="contact" failure max_chars=NAME_CHARS hint="client.contact.hint"/>
        <fieldset class="field checks" data-testid=format!("{prefix}-scopes") aria-describedby=described>
            <legend>{i18n.text("client.scopes")} " " {crate::components::form::required_mark()}</legend>
            <p class="hint">{i18n.text("client.scopes.hint")}</p>
            {Scope::ALL.into_iter().map(|scope| {
                let input_id = format!("{prefix}-scope-{}", scope.code().replace(':', "-"));
                let key = scope_key(scope);
                view! {
                    <div class="field-check">
                        <input
                            id=input_id.clone()
                            type="checkbox"
                            value=scope.code()
                            prop:checked=move || scopes.with(|s| s.contains(&scope))
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                scopes.update(|s| {
                                    s.retain(|x| *x != scope);
                                    if on {
                                        s.push(scope);
                                    }
                                });
                            }
                        />
                        <label for=input_id>{move || i18n.t(&key)} " " <code>{scope.code()}</code></label>
                    </div>
                }
            }).collect_view()}
            <FieldError id=error_id field="scopes" failure/>
        </fieldset>
    }
}

#[component]
fn NewClientForm() -> impl IntoView {
    let navigate = use_navigate();
    let values = ClientFieldValues::new(None);
    let create = use_submission(move |client: ClientView| {
        navigate(&client_href(client.id), Default::default())
    })
    .says(|client| Message::new("clients.created").with("{name}", &client.name));
    let failure = create.failure();
    let on_submit = create.on_submit(move || {
        let body = values.body();
        Some(async move { api::post::<ClientView>("/clients", &body).await })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="new-client">
            <FormProblem failure shown=&["name", "organisation", "contact", "scopes"]/>
            <ClientFields prefix="client" values failure/>
            <div class="actions">
                <Submit label="clients.new.submit" pending=create.pending()/>
            </div>
        </form>
    }
}
