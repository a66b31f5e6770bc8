//! Which assets a person may see, decided by Cedar asset by asset and cached, so that the cost of a
//! register page follows the page, not the register.
//!
//! A cached answer is keyed by everything a decision reads: the register's and the directory's
//! positions in the log (any event that could change an entity moves one of them) and the day (roles
//! and grants are dated). So a cached set is exactly what per-asset decisions would give now; a test
//! compares the two over random registers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use time::Date;
use uuid::Uuid;

use super::{Action, Authorizer, Resource, World};
use crate::collation;

/// Enough for every person of a large municipality; beyond it the cache starts afresh.
const MAX_ENTRIES: usize = 20_000;

/// The register's and the directory's positions, the principals' directory's (not the same in an
/// as-of view) and the day.
type Key = (u64, u64, u64, Date);

/// The assets a person may see, each list in the register's default order (五十音 by 読み仮名, else
/// by name; then id), so that a default page is a slice.
#[derive(Debug, Default)]
pub struct Visible {
    pub live: Vec<Uuid>,
    pub retired: Vec<Uuid>,
}

#[derive(Default)]
pub struct VisibleAssets {
    cache: Mutex<HashMap<Uuid, (Key, Arc<Visible>)>>,
}

impl VisibleAssets {
    /// The ids of the assets `principal` may see, in the register's order.
    pub fn visible(
        &self,
        authz: &Authorizer,
        world: World<'_>,
        principal: Uuid,
        today: Date,
    ) -> Arc<Visible> {
        let key = (
            world.register.position,
            world.directory.position,
            world.principals().directory.position,
            today,
        );
        if let Some((cached_key, set)) = self.lock().get(&principal) {
            if *cached_key == key {
                return set.clone();
            }
        }
        let assets: Vec<_> = world.models().register.assets.values().collect();
        let resources: Vec<Resource> = assets.iter().map(|a| Resource::asset(a.id)).collect();
        let allowed = authz.allowed_each(world, principal, Action::ASSET_VIEW, &resources, today);
        let mut visible: Vec<(bool, collation::Key, Uuid)> = assets
            .into_iter()
            .zip(allowed)
            .filter(|(_, allowed)| *allowed)
            .map(|(a, _)| {
                let key = collation::key(a.details.reading.as_deref(), &a.name);
                (a.retired, key, a.id)
            })
            .collect();
        visible.sort_unstable();
        let (retired, live): (Vec<_>, Vec<_>) =
            visible.into_iter().partition(|(retired, _, _)| *retired);
        let ids = |list: Vec<(bool, collation::Key, Uuid)>| {
            list.into_iter().map(|(_, _, id)| id).collect()
        };
        let set = Arc::new(Visible {
            live: ids(live),
            retired: ids(retired),
        });
        let mut cache = self.lock();
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(principal, (key, set.clone()));
        set
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, (Key, Arc<Visible>)>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}
