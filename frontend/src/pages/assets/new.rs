use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use mamori_shared::api::assets::{AssetView, NewAsset};
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::api::page::Page;
use mamori_shared::assets::{AssetKind, NetworkTier};
use uuid::Uuid;

use crate::api;
use crate::components::code_select::{CodeSelect, Codes};
use crate::components::department_select::{
    department_options, department_paths, load_department_tree,
};
use crate::components::feedback::Message;
use crate::components::form::{
    described_by, invalid, Field, FormFailure, FormProblem, Rule, Submit, TextField,
};
use crate::components::page::Page;
use crate::components::status::{Loaded, NotPermitted};
use crate::components::submission::use_submission;
use crate::i18n::use_i18n;
use crate::pages::assets::asset_href;
use crate::pages::assets::details::{Details, DetailsFields};
use crate::pages::assets::manage::PersonSelect;
use crate::session::{use_session, ORGANISATION_VIEW};

/// `/register/new`: registering an asset in a department one manages (its managers, or those above).
/// It starts unclassified; its page then asks for the classification.
#[component]
pub fn NewAssetPage() -> impl IntoView {
    let session = use_session();
    let registers = Memo::new(move |_| {
        session
            .me()
            .is_some_and(|me| !me.asset_departments.is_empty())
    });
    move || {
        if registers.get() {
            view! { <NewAssetForm/> }.into_any()
        } else {
            view! { <NotPermitted/> }.into_any()
        }
    }
}

#[component]
fn NewAssetForm() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let custodian = RwSignal::new(String::new());
    let tier = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let details = Details::new(None);
    let departments =
        LocalResource::new(move || load_department_tree(session.can(ORGANISATION_VIEW)));
    let people = LocalResource::new(|| async {
        api::get::<Page<PersonView>>("/people?limit=500&sort=name&active=true")
            .await
            .map(|page| page.items)
            .unwrap_or_default()
    });
    let register =
        use_submission(move |asset: AssetView| navigate(&asset_href(asset.id), Default::default()))
            .says(|asset| Message::new("assets.registered").with("{name}", &asset.name));
    let failure = register.failure();
    let on_submit = register.on_submit(move || {
        let (kind_code, tier_code) = (kind.get_untracked(), tier.get_untracked());
        let department = Uuid::parse_str(&department.get_untracked()).ok()?;
        let asset = NewAsset {
            name: name.get_untracked(),
            kind: AssetKind::ALL.into_iter().find(|k| k.code() == kind_code)?,
            custodian_id: Uuid::parse_str(&custodian.get_untracked()).ok(),
            tier: NetworkTier::ALL.into_iter().find(|t| t.code() == tier_code),
            location: location.get_untracked(),
            description: description.get_untracked(),
            reading: details.reading(),
            retention: details.retention(),
            personal_information: details.personal_information(),
            contractor: details.contractor(),
            external_service: details.external_service(),
        };
        let path = format!("/departments/{department}/assets");
        Some(async move { api::post(&path, &asset).await })
    });
    view! {
        <Page title="assets.new" lead="assets.new.lead">
            <form class="card form" novalidate on:submit=on_submit data-testid="asset-new">
                <FormProblem failure shown=&["name", "kind", "department_id", "custodian_id", "tier", "location", "description", "reading", "retention", "personal_information", "contractor", "external_service"]/>
                <TextField id="asset-name" label="asset.name" value=name field="name" failure required=true max_chars=200/>
                <CodeSelect id="asset-kind" codes=Codes::AssetKind value=kind failure/>
                <Field
                    id="asset-department"
                    label="asset.owner"
                    field="department_id"
                    failure
                    hint=Some("assets.new.department.hint")
                    rule=Rule::choice()
                    value=department
                >
                    <Loaded value=move || departments.get() let:tree>
                        <OwnerSelect tree value=department failure/>
                    </Loaded>
                </Field>
                <CodeSelect id="asset-tier" codes=Codes::Tier value=tier failure/>
                <PersonSelect id="asset-custodian" value=custodian people failure/>
                <TextField id="asset-location" label="asset.location" value=location field="location" failure/>
                <TextField id="asset-description" label="asset.description" value=description field="description" failure rows="3"/>
                <DetailsFields prefix="asset" details failure/>
                <div class="actions">
                    <Submit label="assets.new.submit" pending=register.pending()/>
                </div>
            </form>
        </Page>
    }
}

/// The departments where Cedar lets this person register, as the server says (`Me`); one is
/// chosen already.
#[component]
fn OwnerSelect(
    tree: Vec<DepartmentView>,
    value: RwSignal<String>,
    failure: FormFailure,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mine = session
        .me()
        .map(|me| me.asset_departments)
        .unwrap_or_default();
    if let [only] = mine.as_slice() {
        value.set(only.to_string());
    }
    let current = value.get_untracked();
    view! {
        <select
            id="asset-department"
            name="department_id"
            aria-required="true"
            aria-invalid=invalid(failure, "department_id")
            aria-describedby=described_by("asset-department", failure, "department_id", true)
            bind:value=value
        >
            <option value="" disabled=true selected=current.is_empty()>
                {i18n.text("form.choose")}
            </option>
            {department_options(department_paths(&tree).into_iter().filter(move |(id, _)| mine.contains(id)), &current)}
        </select>
    }
}
