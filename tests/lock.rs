//! A data folder held open by another dangjian is reported as such, naming the folder.

mod common;

use common::Env;
use dangjian::store::Store;

#[test]
fn a_folder_in_use_is_refused_naming_it() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);

    let store = Store::open(env.path()).expect("the store opens");
    let (_, stderr) = env.fails(&["org", "list"]);
    assert!(
        stderr.contains(&env.path().display().to_string()),
        "the message names the folder:\n{stderr}"
    );
    assert!(stderr.contains("in use"), "{stderr}");
    // A write is refused the same way, and writes nothing.
    let (_, stderr) = env.fails(&[
        "org", "add", "--id", "t2", "--name", "支部", "--kind", "branch",
    ]);
    assert!(stderr.contains("in use"), "{stderr}");
    assert_eq!(store.orgs().unwrap().len(), 1);

    // Once it is closed, the folder is free again.
    drop(store);
    let orgs = env.json(&["org", "list"]);
    assert_eq!(orgs.as_array().unwrap().len(), 1);
}
