//! The words of a YAML file that cannot be read: our own checks before parsing, and the
//! parser's (libyaml's, serde's) fixed sentences said in Chinese. A sentence of theirs
//! whose shape is not known here stays as the parser wrote it.

use super::Localized;
use crate::lang::Lang;
use crate::yaml::YamlProblem;

impl Localized for YamlProblem {
    fn message(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            YamlProblem::Parse(said) => (parser_zh(said), said.clone()),
            YamlProblem::Utf8 { bad } => (
                format!("不是有效的 UTF-8 编码（字节 {bad}）；请把文件另存为 UTF-8"),
                format!("invalid UTF-8 (byte {bad}); save the file as UTF-8"),
            ),
            YamlProblem::TooLarge { max } => (
                format!("文件超过 1 MiB（{max} 字节），这是 YAML 文件的上限；请拆成几个文件"),
                format!(
                    "the file is larger than 1 MiB ({max} bytes), the most a YAML file may be; split it into several files"
                ),
            ),
            YamlProblem::Control { c } => {
                let code = u32::from(*c);
                let (name_zh, name_en) = control_name(*c);
                (
                    format!(
                        "不允许控制字符 U+{code:04X}{name_zh}；请删去，或在双引号内写作 \"\\u{code:04X}\""
                    ),
                    format!(
                        "control character U+{code:04X}{name_en} is not allowed; remove it, or write it as \"\\u{code:04X}\" inside double quotes"
                    ),
                )
            }
            YamlProblem::TooDeep { max } => (
                format!("从这里起嵌套超过 {max} 层；清单用不到这么深，请把文件改得扁平些"),
                format!(
                    "nesting deeper than {max} levels starts here; a checklist needs far fewer, flatten the file"
                ),
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The name of a control character, after its code: ` (ESC)`.
fn control_name(c: char) -> (&'static str, &'static str) {
    match c {
        '\0' => ("（NUL）", " (NUL)"),
        '\u{7}' => ("（BEL）", " (BEL)"),
        '\u{8}' => ("（退格）", " (backspace)"),
        '\u{b}' => ("（垂直制表符）", " (vertical tab)"),
        '\u{c}' => ("（换页符）", " (form feed)"),
        '\u{1b}' => ("（ESC）", " (ESC)"),
        '\u{7f}' => ("（DEL）", " (DEL)"),
        _ => ("", ""),
    }
}

/// A parser's English sentence in Chinese, keeping the `path: ` serde puts before it and
/// every backquoted or quoted name; a shape not known here stays as it is.
pub fn parser_zh(said: &str) -> String {
    // serde_yaml writes `items[0].kind: ` before a message about a nested value.
    let (path, rest) = match said.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => {
            (&said[..path.len() + 2], rest)
        }
        _ => ("", said),
    };
    format!("{path}{}", sentence_zh(rest))
}

fn sentence_zh(s: &str) -> String {
    let named = |prefix: &str| -> Option<(&str, &str)> {
        let rest = s.strip_prefix(prefix)?;
        let end = rest.find('`')?;
        Some((&rest[..end], &rest[end + 1..]))
    };
    if let Some((name, tail)) = named("unknown field `") {
        return format!("未知字段 `{name}`{}", choices_zh(tail, "这里不能有字段"));
    }
    if let Some((name, tail)) = named("unknown variant `") {
        return format!(
            "未知取值 `{name}`{}",
            choices_zh(tail, "这里没有可选的取值")
        );
    }
    if let Some((name, "")) = named("missing field `") {
        return format!("缺少字段 `{name}`");
    }
    if let Some((name, "")) = named("duplicate field `") {
        return format!("字段 `{name}` 重复");
    }
    for (prefix, word) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "取值无效"),
    ] {
        if let Some((found, expected)) = s
            .strip_prefix(prefix)
            .and_then(|r| r.split_once(", expected "))
        {
            return format!(
                "{word}：{}，应为{}",
                unexpected_zh(found),
                expected_zh(expected)
            );
        }
    }
    if let Some((n, expected)) = s
        .strip_prefix("invalid length ")
        .and_then(|r| r.split_once(", expected "))
    {
        return format!("长度 {n} 不对，应为{}", expected_zh(expected));
    }
    if let Some(name) = s.strip_prefix("data did not match any variant of untagged enum ") {
        return format!("不符合 {name} 的任何一种写法");
    }
    // `optional_date`'s own words.
    if let Some(value) = s.strip_suffix(" is not a date; expected YYYY-MM-DD, e.g. 2024-04-30") {
        return format!("{value} 不是日期；应写成 YYYY-MM-DD，例如 2024-04-30");
    }
    let parts: Vec<Option<&str>> = s.split(", ").map(phrase_zh).collect();
    if parts.iter().all(Option::is_some) {
        let mut out = String::new();
        for part in parts.into_iter().flatten() {
            if !out.is_empty() && !part.starts_with('（') {
                out.push('，');
            }
            out.push_str(part);
        }
        return out;
    }
    s.to_string()
}

/// `, expected one of `a`, `b`` / `, expected `a` or `b`` / `, there are no fields`.
fn choices_zh(tail: &str, none: &str) -> String {
    if let Some(list) = tail.strip_prefix(", expected one of ") {
        return format!("；应为以下之一：{list}");
    }
    if let Some(e) = tail.strip_prefix(", expected ") {
        return format!("；应为 {}", e.replace("` or `", "` 或 `"));
    }
    if tail.starts_with(", there are no ") {
        return format!("；{none}");
    }
    tail.to_string()
}

/// serde's `Unexpected`: what was found.
fn unexpected_zh(found: &str) -> String {
    const KINDS: [(&str, &str); 8] = [
        ("boolean ", "布尔值 "),
        ("integer ", "整数 "),
        ("floating point ", "小数 "),
        ("char ", "字符 "),
        ("string ", "字符串 "),
        ("bytes ", "字节串 "),
        ("other ", ""),
        ("", ""),
    ];
    const WHOLE: [(&str, &str); 11] = [
        ("unit value", "空值"),
        ("Option value", "可选值"),
        ("newtype struct", "新类型结构"),
        ("sequence", "列表"),
        ("map", "映射"),
        ("enum", "枚举"),
        ("unit variant", "无数据的取值"),
        ("newtype variant", "带一个值的取值"),
        ("tuple variant", "元组取值"),
        ("struct variant", "结构取值"),
        ("byte array", "字节数组"),
    ];
    if let Some((_, zh)) = WHOLE.iter().find(|(en, _)| *en == found) {
        return (*zh).to_string();
    }
    KINDS
        .iter()
        .find_map(|(en, zh)| found.strip_prefix(en).map(|v| format!("{zh}{v}")))
        .unwrap_or_else(|| found.to_string())
}

/// serde's `Expected`: what would be accepted. Type names (`u32`, `f64`) stay.
fn expected_zh(expected: &str) -> String {
    const WORDS: [(&str, &str); 12] = [
        ("a string", "字符串"),
        ("a borrowed string", "字符串"),
        ("a sequence", "列表"),
        ("a map", "映射"),
        ("a boolean", "布尔值"),
        ("a character", "单个字符"),
        ("a YYYY-MM-DD date", "YYYY-MM-DD 格式的日期"),
        ("a valid date", "有效的日期"),
        ("unit", "空值"),
        ("option", "可选值"),
        ("variant identifier", "取值名"),
        ("field identifier", "字段名"),
    ];
    if let Some((_, zh)) = WORDS.iter().find(|(en, _)| *en == expected) {
        return (*zh).to_string();
    }
    if let Some(list) = expected.strip_prefix("one of ") {
        return format!("以下之一：{list}");
    }
    for (en, zh) in [
        ("struct ", "映射"),
        ("enum ", "取值"),
        ("tuple struct ", "列表"),
    ] {
        if let Some(name) = expected.strip_prefix(en) {
            return format!("{zh}（{name}）");
        }
    }
    if let Some(n) = expected
        .strip_prefix("a sequence of ")
        .or_else(|| expected.strip_prefix("tuple of "))
    {
        return format!(" {n}");
    }
    format!(" {}", expected.replace("` or `", "` 或 `"))
}

/// One phrase of libyaml's scanner and parser, or serde_yaml's own.
fn phrase_zh(p: &str) -> Option<&'static str> {
    Some(match p {
        "did not find expected key" => "缺少应有的键（缩进或冒号可能不对）",
        "did not find expected '-' indicator" => "缺少应有的 '-' 列表项标记（缩进可能不对）",
        "did not find expected node content" => "缺少应有的内容",
        "did not find expected ',' or ']'" => "缺少应有的 ',' 或 ']'",
        "did not find expected ',' or '}'" => "缺少应有的 ',' 或 '}'",
        "could not find expected ':'" => "缺少应有的 ':'",
        "mapping values are not allowed in this context" => "此处不能有键值（冒号）",
        "block sequence entries are not allowed in this context" => "此处不能有列表项",
        "found character that cannot start any token" => "遇到不能开始任何记号的字符",
        "found unexpected end of stream" => "文件意外结束",
        "found unexpected ':'" => "遇到意外的 ':'",
        "found unknown escape character" => "遇到未知的转义字符",
        "found undefined tag handle" => "遇到未定义的标签",
        "found a tab character that violates indentation" => "缩进中出现了制表符（请用空格缩进）",
        "found a tab character where an indentation space is expected" => {
            "应为缩进空格处出现了制表符（请用空格缩进）"
        }
        "unknown anchor" => "未知的锚点",
        "recursion limit exceeded" => "嵌套层数超过上限",
        "repetition limit exceeded" => "别名展开次数超过上限",
        "EOF while parsing a value" => "读取值时文件结束",
        "deserializing from YAML containing more than one document is not supported" => {
            "文件含有多个 YAML 文档；只能有一个"
        }
        "while parsing a block mapping" => "（解析块映射时）",
        "while parsing a block collection" => "（解析块列表时）",
        "while parsing a flow mapping" => "（解析行内映射时）",
        "while parsing a flow sequence" => "（解析行内列表时）",
        "while parsing a node" => "（解析节点时）",
        "while scanning a simple key" => "（扫描键时）",
        "while scanning a quoted scalar" => "（扫描引号内的值时）",
        "while scanning a plain scalar" => "（扫描值时）",
        "while scanning a block scalar" => "（扫描块值时）",
        "while scanning an anchor" => "（扫描锚点时）",
        "while scanning an alias" => "（扫描别名时）",
        "while scanning a tag" => "（扫描标签时）",
        "while scanning a directive" => "（扫描指令时）",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::parser_zh;

    #[test]
    fn serdes_sentences_are_said_in_chinese_keeping_names_and_paths() {
        for (en, zh) in [
            ("missing field `id`", "缺少字段 `id`"),
            ("items[0]: missing field `id`", "items[0]: 缺少字段 `id`"),
            (
                "items[0].points: invalid type: string \"ten\", expected f64",
                "items[0].points: 类型不对：字符串 \"ten\"，应为 f64",
            ),
            (
                "invalid value: integer `-1`, expected u32",
                "取值无效：整数 `-1`，应为 u32",
            ),
            (
                "items: invalid type: map, expected a sequence",
                "items: 类型不对：映射，应为列表",
            ),
            ("invalid length 3, expected 2", "长度 3 不对，应为 2"),
            (
                "unknown field `x`, expected `months` or `years`",
                "未知字段 `x`；应为 `months` 或 `years`",
            ),
            (
                "did not find expected key, while parsing a block mapping",
                "缺少应有的键（缩进或冒号可能不对）（解析块映射时）",
            ),
        ] {
            assert_eq!(parser_zh(en), zh);
        }
    }

    #[test]
    fn a_sentence_of_unknown_shape_stays_as_written() {
        let odd = "something new happened, while parsing a block mapping";
        assert_eq!(parser_zh(odd), odd);
    }
}
