use leptos::prelude::*;
use mamori_shared::api::assets::{AssetView, CustodianChange, OwnerChange, Reason, TierChange};
use mamori_shared::api::organisation::{DepartmentView, PersonView};
use mamori_shared::assets::NetworkTier;
use serde::Serialize;
use uuid::Uuid;

use crate::api::{self, ApiFailure};
use crate::components::code_select::{CodeSelect, Codes};
use crate::components::department_select::{department_options, department_paths};
use crate::components::feedback::Message;
use crate::components::form::{
    described_by, invalid, Field, FormFailure, FormProblem, ReasonField, Rule, Submit,
};
use crate::components::section::{Panel, Section};
use crate::components::status::Loaded;
use crate::components::submission::{use_submission, Submission};
use crate::i18n::use_i18n;
use crate::pages::assets::details::DetailsChangeForm;

type Departments = LocalResource<Result<Vec<DepartmentView>, ApiFailure>>;

/// What the asset's managers do besides classifying: move it to another network tier, give it to
/// another department or custodian, retire it. Each change has a reason, kept in the history.
#[component]
pub fn AssetManagement(
    asset: AssetView,
    departments: Departments,
    people: LocalResource<Vec<PersonView>>,
    updated: Callback<AssetView>,
) -> impl IntoView {
    let asset = StoredValue::new(asset);
    view! {
        <Section id="manage-heading" title="asset.manage">
            <Panel summary="tier.move">
                <TierMove asset=asset.get_value() updated/>
            </Panel>
            <Panel summary="owner.change">
                <OwnerChangeForm asset=asset.get_value() departments updated/>
            </Panel>
            <Panel summary="custodian.change">
                <CustodianChangeForm asset=asset.get_value() people updated/>
            </Panel>
            <Panel summary="details.change">
                <DetailsChangeForm asset=asset.get_value() updated/>
            </Panel>
            <Panel summary="retire.heading" danger=true>
                <RetireForm asset=asset.get_value() updated/>
            </Panel>
        </Section>
    }
}

/// A command on the asset at the version shown (`POST /assets/{id}/{verb}`, If-Match); it answers
/// with the changed asset.
async fn asset_command(
    (id, version): (Uuid, u64),
    verb: &'static str,
    body: impl Serialize,
) -> Result<AssetView, ApiFailure> {
    api::post_at(&format!("/assets/{id}/{verb}"), version, &body).await
}

/// A command's submission: the changed asset goes to `updated`, and the change is said (`key`,
/// with the asset's name).
fn use_command(updated: Callback<AssetView>, key: &'static str) -> Submission<AssetView> {
    use_submission(move |asset: AssetView| updated.run(asset))
        .says(move |asset| Message::new(key).with("{name}", &asset.name))
}

#[component]
fn TierMove(asset: AssetView, updated: Callback<AssetView>) -> impl IntoView {
    let tier = RwSignal::new(asset.tier.map(|t| t.code().to_owned()).unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let command = use_command(updated, "tier.moved");
    let failure = command.failure();
    let target = (asset.id, asset.version);
    let on_submit = command.on_submit(move || {
        let code = tier.get_untracked();
        let body = TierChange {
            tier: NetworkTier::ALL.into_iter().find(|t| t.code() == code),
            reason: reason.get_untracked(),
        };
        Some(asset_command(target, "tier", body))
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="tier-move">
            <FormProblem failure shown=&["tier", "reason"]/>
            <CodeSelect id="tier-move-tier" codes=Codes::Tier value=tier failure hint="tier.rule"/>
            <ReasonField id="tier-move-reason" value=reason failure/>
            <div class="actions">
                <Submit label="tier.move.submit" pending=command.pending()/>
            </div>
        </form>
    }
}

#[component]
fn OwnerChangeForm(
    asset: AssetView,
    departments: Departments,
    updated: Callback<AssetView>,
) -> impl IntoView {
    let owner = RwSignal::new(asset.owner_department_id.to_string());
    let reason = RwSignal::new(String::new());
    let command = use_command(updated, "owner.changed");
    let failure = command.failure();
    let target = (asset.id, asset.version);
    let on_submit = command.on_submit(move || {
        let owner_department_id = Uuid::parse_str(&owner.get_untracked()).ok()?;
        let body = OwnerChange {
            owner_department_id,
            reason: reason.get_untracked(),
        };
        Some(asset_command(target, "owner", body))
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="owner-change">
            <FormProblem failure shown=&["owner_department_id", "reason"]/>
            <Field
                id="owner-change-department"
                label="asset.owner"
                field="owner_department_id"
                failure
                rule=Rule::choice()
                value=owner
            >
                <Loaded value=move || departments.get() let:tree>
                    <select
                        id="owner-change-department"
                        name="owner_department_id"
                        aria-required="true"
                        aria-invalid=invalid(failure, "owner_department_id")
                        aria-describedby=described_by("owner-change-department", failure, "owner_department_id", false)
                        bind:value=owner
                    >
                        {department_options(department_paths(&tree), &owner.get_untracked())}
                    </select>
                </Loaded>
            </Field>
            <ReasonField id="owner-change-reason" value=reason failure/>
            <div class="actions">
                <Submit label="owner.change.submit" pending=command.pending()/>
            </div>
        </form>
    }
}

#[component]
fn CustodianChangeForm(
    asset: AssetView,
    people: LocalResource<Vec<PersonView>>,
    updated: Callback<AssetView>,
) -> impl IntoView {
    let custodian = RwSignal::new(
        asset
            .custodian_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let reason = RwSignal::new(String::new());
    let command = use_command(updated, "custodian.changed");
    let failure = command.failure();
    let target = (asset.id, asset.version);
    let on_submit = command.on_submit(move || {
        let body = CustodianChange {
            custodian_id: Uuid::parse_str(&custodian.get_untracked()).ok(),
            reason: reason.get_untracked(),
        };
        Some(asset_command(target, "custodian", body))
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="custodian-change">
            <FormProblem failure shown=&["custodian_id", "reason"]/>
            <PersonSelect id="custodian-change-person" value=custodian people failure/>
            <ReasonField id="custodian-change-reason" value=reason failure/>
            <div class="actions">
                <Submit label="custodian.change.submit" pending=command.pending()/>
            </div>
        </form>
    }
}

/// "None", then the active people; `current` is selected.
fn person_options(people: Vec<PersonView>, current: &str) -> impl IntoView {
    let i18n = use_i18n();
    let options = people
        .into_iter()
        .filter(|p| p.active)
        .map(|person| {
            let person_id = person.id.to_string();
            let selected = person_id == current;
            let label = format!("{}（{}）", person.name, person.department_name);
            view! { <option value=person_id selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <option value="" selected=current.is_empty()>{i18n.text("custodian.none")}</option>
        {options}
    }
}

/// A select of the active people, "none" first; `value` holds the chosen id.
#[component]
pub fn PersonSelect(
    id: &'static str,
    value: RwSignal<String>,
    people: LocalResource<Vec<PersonView>>,
    failure: FormFailure,
) -> impl IntoView {
    view! {
        <Field id label="asset.custodian" field="custodian_id" failure>
            <Loaded value=move || people.get().map(Ok) let:list>
                <select
                    id=id
                    name="custodian_id"
                    aria-invalid=invalid(failure, "custodian_id")
                    aria-describedby=described_by(id, failure, "custodian_id", false)
                    bind:value=value
                >
                    {person_options(list, &value.get_untracked())}
                </select>
            </Loaded>
        </Field>
    }
}

#[component]
fn RetireForm(asset: AssetView, updated: Callback<AssetView>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let command = use_command(updated, "retire.done");
    let failure = command.failure();
    let target = (asset.id, asset.version);
    let on_submit = command.on_submit(move || {
        let body = Reason {
            reason: reason.get_untracked(),
        };
        Some(asset_command(target, "retire", body))
    });
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="retire">
            <p class="warning">{i18n.text("retire.warning")}</p>
            <FormProblem failure shown=&["reason"]/>
            <ReasonField id="retire-reason" value=reason failure/>
            <div class="actions">
                <Submit label="retire.submit" pending=command.pending() danger=true/>
            </div>
        </form>
    }
}
