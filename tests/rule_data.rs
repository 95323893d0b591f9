//! The rule data itself: every built-in pack loads, every rule's examples behave as the rule
//! says, ids are unique, and every built-in rule carries what editors need.

use healthlint::error::SourceFile;
use healthlint::rules::RuleSet;
use healthlint::rules::builtin;

fn all_builtin() -> RuleSet {
    let files: Vec<SourceFile> = builtin::PACKS
        .iter()
        .map(|(name, text)| SourceFile::new(format!("builtin:{name}"), *text))
        .collect();
    RuleSet::load(&files).unwrap_or_else(|errors| {
        panic!(
            "built-in packs must load: {:#?}",
            errors
                .iter()
                .map(|e| (e.place(), &e.message))
                .collect::<Vec<_>>()
        )
    })
}

#[test]
fn every_example_of_every_built_in_rule_behaves() {
    let rules = all_builtin();
    let outcome = healthlint::examples::run(&rules, |_| true);
    assert_eq!(outcome.rules, rules.rules.len());
    let wrong: Vec<String> = outcome
        .misses
        .iter()
        .map(|m| {
            let verb = if m.should_fail {
                "should fail but passes"
            } else {
                "should pass but fails"
            };
            format!("{} ({}): {verb}: {:?}", m.rule, m.place, m.text)
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} examples misbehave:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_built_in_rule_has_message_help_source_and_examples() {
    let rules = all_builtin();
    for rule in &rules.rules {
        assert!(rule.help.is_some(), "{} has no help", rule.id);
        assert!(rule.source.is_some(), "{} has no source", rule.id);
        assert!(
            rule.examples.fail.len() >= 2,
            "{} needs two failing examples",
            rule.id
        );
        assert!(
            rule.examples.pass.len() >= 2,
            "{} needs two passing examples",
            rule.id
        );
    }
}

#[test]
fn built_in_packs_hold_at_least_45_rules_with_four_examples_each() {
    let rules = all_builtin();
    assert!(rules.rules.len() >= 45, "{} rules", rules.rules.len());
    for rule in &rules.rules {
        let examples = rule.examples.fail.len() + rule.examples.pass.len();
        assert!(examples >= 4, "{} has {examples} examples", rule.id);
    }
}

#[test]
fn default_packs_are_built_in() {
    for name in builtin::DEFAULT_PACKS {
        assert!(
            builtin::pack(name).is_some(),
            "default pack {name} is not in rules/"
        );
    }
}
