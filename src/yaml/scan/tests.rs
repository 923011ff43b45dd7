use super::*;

fn at(result: Result<(), YamlError>) -> (usize, usize) {
    let e = result.expect_err("refused");
    (e.line, e.column)
}

/// Block mappings nested `n` deep, one key per line, each two spaces further in.
fn nested_keys(n: usize) -> String {
    (0..n)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect::<String>()
        + &"  ".repeat(n)
        + "end\n"
}

#[test]
fn the_shipped_and_fixture_checklists_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<String> = crate::checklist::BUILTIN
        .iter()
        .map(|(_, t)| t.to_string())
        .collect();
    for dir in ["tests/fixtures/valid", "tests/fixtures/invalid"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            // The fixtures of what this pass refuses are tested below.
            let refused_here = ["control-character", "invalid-utf8", "too-deep"]
                .iter()
                .any(|n| path.file_stem().is_some_and(|s| s == *n));
            if path.extension().is_some_and(|x| x == "yaml") && !refused_here {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    for text in texts {
        check(&text).unwrap_or_else(|e| panic!("{}:{}: {}\n{text}", e.line, e.column, e.problem));
    }
}

#[test]
fn deep_flow_nesting_is_refused_where_level_65_opens() {
    let text = "[".repeat(100_000);
    assert_eq!(at(check(&text)), (1, 65));
    let text = format!("id: x\nitems:\n  - tags: {}", "[".repeat(70));
    // Levels 1–3 are block (mapping, sequence, mapping): the 62nd `[` is level 65.
    assert_eq!(at(check(&text)), (3, 11 + 61));
    // Exactly 64 levels are fine.
    let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
    check(&ok).unwrap();
}

#[test]
fn deep_block_nesting_is_refused_where_level_65_opens() {
    check(&nested_keys(64)).unwrap();
    assert_eq!(at(check(&nested_keys(65))), (65, 129));
    // Compact sequences open a level at each dash.
    let dashes = "- ".repeat(70) + "x\n";
    assert_eq!(at(check(&dashes)), (1, 129));
    check(&("- ".repeat(64) + "x\n")).unwrap();
}

#[test]
fn flow_nesting_spanning_lines_is_counted() {
    let text = "a: [\n".to_string() + &"  [\n".repeat(70);
    assert_eq!(at(check(&text)), (64, 3));
}

#[test]
fn brackets_and_dashes_inside_scalars_are_not_nesting() {
    let deep = "[".repeat(200);
    let dashes = "- ".repeat(100);
    let texts = [
        format!("text: a{deep}\n"),
        format!("text: \"{deep}\"\n"),
        format!("text: '{deep}'\n"),
        format!("text: \"first line\n  {deep}\n  {dashes}\"\nnext: 1\n"),
        format!("text: |\n  {dashes}x\n  {deep}\n\n  more\nnext: 1\n"),
        format!("- >-\n  {dashes}x\n- x{deep}\n"),
        format!("text: a plain scalar\n  {dashes}continued\n"),
        format!("list: [\"{deep}\", '{deep}', it's]\n"),
        format!("a: 1 # {deep}\n"),
        format!("list: [a, b] # {deep}\n"),
    ];
    for text in texts {
        check(&text).unwrap_or_else(|e| panic!("{}:{}: {}\n{text}", e.line, e.column, e.problem));
    }
}

#[test]
fn sequences_under_keys_at_the_same_indent_close_again() {
    // `items:` followed by `- …` at its own indent, many times over: never deeper than 4.
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&format!("k{i}:\n- a: 1\n  b:\n  - x\n"));
    }
    check(&text).unwrap();
}

#[test]
fn control_characters_are_refused_at_their_line() {
    let e = check("schema: 1\nid: x\ntitle: a\u{7}b\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 9));
    assert!(
        e.problem.to_string().contains("U+0007 (BEL)"),
        "{}",
        e.problem
    );
    let e = check("id: 党建\u{1b}[31m\n").unwrap_err();
    assert_eq!((e.line, e.column), (1, 7));
    assert!(
        e.problem.to_string().contains("U+001B (ESC)"),
        "{}",
        e.problem
    );
    // Tabs, line breaks and every printable character are fine.
    check("a:\tb\r\nc: 党建 \u{a0}é 😀\n").unwrap();
}

#[test]
fn invalid_utf8_is_refused_at_the_bad_byte() {
    let e = decode(b"schema: 1\ntitle: \xe5\x85\x9a\xff\n").unwrap_err();
    assert_eq!((e.line, e.column), (2, 9));
    assert!(e.problem.to_string().contains("0xFF"), "{}", e.problem);
    assert_eq!(decode("党建: 1\n".as_bytes()).unwrap(), "党建: 1\n");
}

#[test]
fn a_file_over_the_limit_is_refused_where_it_crosses_it() {
    let line = "# 0123456789\n"; // 13 bytes
    let text = line.repeat(MAX_BYTES / 13 + 10);
    let e = decode(text.as_bytes()).unwrap_err();
    assert_eq!(e.line, MAX_BYTES / 13 + 1);
    assert_eq!(e.column, MAX_BYTES % 13 + 1);
    assert!(e.problem.to_string().contains("1 MiB"), "{}", e.problem);
    let e = check(&text).unwrap_err();
    assert_eq!(e.line, MAX_BYTES / 13 + 1);
    decode(&text.as_bytes()[..MAX_BYTES]).unwrap();
}
