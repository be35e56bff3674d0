//! Which cargo features compile which parts of a service whose operations are in groups (the
//! Kubernetes API's group-versions): each group is a feature that enables the service's, an
//! operation of a group compiles with its feature, and a package module of the types compiles
//! with every feature whose operations use one of its types, directly or through another
//! module. What the service's own feature needs (its error body, operations in no group) is
//! always compiled.
//!
//! The unit is the package module, not the type: a module compiles whole, so the modules its
//! types refer to are needed wherever it is.

use std::collections::{BTreeMap, BTreeSet};

use super::model::Service;
use super::naming;

/// Sets `group_features` and `module_features` of `service`.
pub fn assign(service: &mut Service) {
    let groups: BTreeSet<String> = service
        .operations
        .iter()
        .filter_map(|op| op.feature.clone())
        .collect();
    service.group_features = groups.into_iter().collect();
    let module_of = |name: &str| naming::split_module(name).0.map(str::to_owned);
    let all_modules: BTreeSet<String> = service
        .schemas
        .iter()
        .filter_map(|s| module_of(&s.rust_name))
        .collect();
    if all_modules.is_empty() {
        return;
    }
    // Module -> the modules its types refer to.
    let mut refers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for schema in &service.schemas {
        let Some(module) = module_of(&schema.rust_name) else {
            continue;
        };
        let entry = refers.entry(module).or_default();
        for name in schema.referenced_schemas() {
            entry.extend(module_of(name));
        }
    }
    let closure = |start: BTreeSet<String>| {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = start.into_iter().collect();
        while let Some(module) = stack.pop() {
            if seen.insert(module.clone()) {
                stack.extend(refers.get(&module).into_iter().flatten().cloned());
            }
        }
        seen
    };

    let mut always = closure(module_of(&service.error.type_name).into_iter().collect());
    let mut by_feature: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &service.operations {
        let used = closure(
            op.referenced_schemas()
                .into_iter()
                .filter_map(&module_of)
                .collect(),
        );
        match &op.feature {
            Some(feature) => by_feature.entry(feature.clone()).or_default().extend(used),
            None => always.extend(used),
        }
    }
    service.module_features = all_modules
        .into_iter()
        .map(|module| {
            let features: Vec<String> = match always.contains(&module) {
                true => Vec::new(),
                false => by_feature
                    .iter()
                    .filter(|(_, modules)| modules.contains(&module))
                    .map(|(feature, _)| feature.clone())
                    .collect(),
            };
            (module, features)
        })
        .collect();
}
