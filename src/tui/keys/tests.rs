use super::*;

#[test]
fn every_key_is_bound_once() {
    let mut seen = Vec::new();
    for b in NORMAL {
        for k in b.keys {
            assert!(!seen.contains(k), "{k:?} bound twice");
            seen.push(*k);
        }
    }
}

#[test]
fn the_footer_names_only_keys_that_act_in_the_view() {
    for view in View::ALL {
        for b in NORMAL.iter().filter(|b| b.hint_in.contains(&view)) {
            assert!(
                b.views.is_empty() || b.views.contains(&view),
                "{} in {view:?}",
                b.label
            );
        }
        let hints = hints(view, Lang::Zh);
        assert!(hints.ends_with("? 帮助 · q 退出"), "{hints}");
    }
    assert_eq!(
        not_here(View::Overview, 'e', Lang::Zh).unwrap(),
        "总览中不能编辑；按 Enter 打开支部"
    );
}
