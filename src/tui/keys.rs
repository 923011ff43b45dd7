//! The one key table: it maps keys to [`Action`]s, and the footer hints, the `?` help and
//! the "not here" messages are all read from it, so the three cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, View};
use super::input::Edit;
use crate::lang::Lang;

/// A text in both languages.
pub type Words = (&'static str, &'static str);

/// One key (or a group of keys shown together) outside forms.
pub struct Binding {
    /// The key as the footer and help show it.
    pub label: &'static str,
    pub keys: &'static [KeyCode],
    pub action: fn(KeyCode) -> Action,
    /// Where it acts; empty: every view.
    pub views: &'static [View],
    /// The footer of these views names it.
    pub hint_in: &'static [View],
    /// A short verb for the footer and for "not here" messages.
    pub verb: Words,
    /// The line in `?` help, if it needs one.
    pub help: Option<Words>,
}

use KeyCode::Char;
use View::{Development, Dues, Members, Overview, Period, Records, Tree};

const ALL: &[View] = &[];

/// Keys in the lists, in the order help shows them.
pub static NORMAL: &[Binding] = &[
    Binding {
        label: "Enter",
        keys: &[KeyCode::Enter],
        action: |_| Action::Enter,
        views: &[Overview],
        hint_in: &[Overview],
        verb: ("打开", "open"),
        help: Some(("总览：打开支部", "overview: open an org")),
    },
    Binding {
        label: "a",
        keys: &[Char('a')],
        action: |_| Action::Add,
        views: &[Period, Overview, Records, Members, Development],
        hint_in: &[Period, Overview, Records, Members, Development],
        verb: ("新增", "add"),
        help: Some((
            "新增记录、党员（成员）；发展：记下此人的下一项",
            "add record, member (members); development: the person's next step",
        )),
    },
    Binding {
        label: ">",
        keys: &[Char('>')],
        action: |_| Action::Advance,
        views: &[Development],
        hint_in: &[Development],
        verb: ("转入下一阶段", "advance"),
        help: Some((
            "发展：把此人转入下一阶段（询问日期）",
            "development: move the person on to the next stage (asks the date)",
        )),
    },
    Binding {
        label: "A",
        keys: &[Char('A')],
        action: |_| Action::AddOrg,
        views: &[Overview],
        hint_in: &[Overview],
        verb: ("支部", "branch"),
        help: Some((
            "总览：在所选院系下新增支部，或编辑所选支部",
            "overview: add a branch under the department, or edit the branch",
        )),
    },
    Binding {
        label: "e",
        keys: &[Char('e')],
        action: |_| Action::Edit,
        views: &[Tree, Records, Members],
        hint_in: &[Tree, Records, Members],
        verb: ("编辑", "edit"),
        help: Some((
            "编辑记录 / 党员 / 指标备注",
            "edit record / member / item note",
        )),
    },
    Binding {
        label: "d",
        keys: &[Char('d')],
        action: |_| Action::Delete,
        views: &[Records, Members, Dues],
        hint_in: &[Records, Members, Dues],
        verb: ("删除", "delete"),
        help: Some((
            "删除记录、党员或党费交纳（会先询问）",
            "delete a record, member or dues payment (asks first)",
        )),
    },
    Binding {
        label: "u",
        keys: &[Char('u')],
        action: |_| Action::Undo,
        views: &[Records],
        hint_in: &[Records],
        verb: ("撤销", "undo"),
        help: Some(("撤销删除记录", "undo a record deletion")),
    },
    Binding {
        label: "空格",
        keys: &[Char(' ')],
        action: |_| Action::Toggle,
        views: &[Tree],
        hint_in: &[Tree],
        verb: ("标记", "mark"),
        help: Some(("清单：标记指标进度", "checklist: mark an item")),
    },
    Binding {
        label: "n",
        keys: &[Char('n')],
        action: |_| Action::NextChecklist,
        views: &[Tree],
        hint_in: &[Tree],
        verb: ("下一清单", "next list"),
        help: Some((
            "清单：跳到下一个清单的标题",
            "checklist: jump to the next checklist",
        )),
    },
    Binding {
        label: "/",
        keys: &[Char('/')],
        action: |_| Action::Filter,
        views: &[Records],
        hint_in: &[Records],
        verb: ("筛选", "filter"),
        help: Some((
            "筛选记录：日期、主题、类型、人名；缺席:姓名、出席:姓名、请假:姓名",
            "filter records (date, topic, type, name; absent:NAME, present:NAME, leave:NAME)",
        )),
    },
    Binding {
        label: "s",
        keys: &[Char('s')],
        action: |_| Action::Sort,
        views: &[Overview],
        hint_in: &[Overview],
        verb: ("排序", "sort"),
        help: Some((
            "总览排序：最差 / 完成率 / 得分 / 名称",
            "overview sort: worst / done ratio / score / name",
        )),
    },
    Binding {
        label: "f",
        keys: &[Char('f')],
        action: |_| Action::Urgent,
        views: &[Period],
        hint_in: &[Period],
        verb: ("只看待办", "owed only"),
        help: Some((
            "本期：只看尚欠的（逾期、将到期、本期待完成）/ 全部",
            "now: only what is owed (overdue, due soon, pending) / all",
        )),
    },
    Binding {
        label: "[ ]",
        keys: &[Char('['), Char(']')],
        action: |k| match k {
            Char('[') => Action::PrevPeriod,
            _ => Action::NextPeriod,
        },
        views: &[Period, Tree, Members, Dues],
        hint_in: &[Period, Dues],
        verb: ("换期", "period"),
        help: Some((
            "上一期 / 下一期；党费：换年，← → 换月，p 从该月起交纳",
            "previous / next period; dues: year, ← → month, p pays",
        )),
    },
    Binding {
        label: "← →",
        keys: &[KeyCode::Left, KeyCode::Right, Char('h'), Char('l')],
        action: |k| match k {
            KeyCode::Left | Char('h') => Action::Left,
            _ => Action::Right,
        },
        views: &[Dues],
        hint_in: &[Dues],
        verb: ("换月", "month"),
        // Said in the line of `[ ]`, which moves through the same grid.
        help: None,
    },
    Binding {
        label: "p",
        keys: &[Char('p')],
        action: |_| Action::Pay,
        views: &[Dues],
        hint_in: &[Dues],
        verb: ("交纳", "pay"),
        // Said in the line of `[ ]`, which moves through the same grid.
        help: None,
    },
    Binding {
        label: "o",
        keys: &[Char('o')],
        action: |_| Action::PickOrg,
        views: ALL,
        hint_in: &[Period, Tree, Members, Development, Dues],
        verb: ("选组织", "org"),
        help: Some((
            "选择组织（拼音首字母或模糊搜索）",
            "choose org (pinyin initials or fuzzy)",
        )),
    },
    Binding {
        label: "1-7",
        keys: &[
            Char('1'),
            Char('2'),
            Char('3'),
            Char('4'),
            Char('5'),
            Char('6'),
            Char('7'),
        ],
        action: |k| match k {
            Char(c @ '1'..='7') => Action::Show(View::ALL[c as usize - '1' as usize]),
            _ => Action::Show(View::Overview),
        },
        views: ALL,
        hint_in: &[Overview],
        verb: ("视图", "views"),
        help: Some((
            "本期 / 总览 / 清单 / 记录 / 成员 / 发展 / 党费",
            "now / overview / checklist / records / members / development / dues",
        )),
    },
    Binding {
        label: "j k g G",
        keys: &[
            Char('j'),
            Char('k'),
            KeyCode::Up,
            KeyCode::Down,
            Char('g'),
            Char('G'),
            KeyCode::Home,
            KeyCode::End,
        ],
        action: |k| match k {
            Char('k') | KeyCode::Up => Action::Up,
            Char('g') | KeyCode::Home => Action::Top,
            Char('G') | KeyCode::End => Action::Bottom,
            _ => Action::Down,
        },
        views: ALL,
        hint_in: &[],
        verb: ("移动", "move"),
        help: Some((
            "上下移动（↑ ↓），g/G 首尾，PgUp/PgDn 翻页",
            "move (↑ ↓), g/G first/last, PgUp/PgDn page",
        )),
    },
    Binding {
        label: "Esc",
        keys: &[KeyCode::Esc],
        action: |_| Action::Back,
        views: ALL,
        hint_in: &[],
        verb: ("返回", "back"),
        help: Some((
            "返回：记录/成员/清单 → 本期 → 总览；关闭弹窗",
            "back: records/members/checklist → now → overview",
        )),
    },
    Binding {
        label: "x",
        keys: &[Char('x')],
        action: |_| Action::Export,
        views: ALL,
        hint_in: &[],
        verb: ("导出", "export"),
        help: Some((
            "导出 Excel（所选组织；总览中为全部）到当前文件夹",
            "export Excel (selected org; all from overview) here",
        )),
    },
    Binding {
        label: "?",
        keys: &[Char('?')],
        action: |_| Action::Help,
        views: ALL,
        hint_in: &[Period, Overview, Tree, Records, Members, Development, Dues],
        verb: ("帮助", "help"),
        help: None,
    },
    Binding {
        label: "q",
        keys: &[Char('q')],
        action: |_| Action::Quit,
        views: ALL,
        hint_in: &[Period, Overview, Tree, Records, Members, Development, Dues],
        verb: ("退出", "quit"),
        help: Some(("退出", "quit")),
    },
];

/// Lines of `?` help after the list keys: the forms' keys (read by [`form_action`]) and
/// what 完成率 means.
pub static MORE_HELP: &[(&str, Words)] = &[
    (
        "Tab",
        (
            "表单：下一栏（Shift-Tab 上一栏）；Ctrl-S 保存；Esc 取消",
            "form: next field (Shift-Tab back), Ctrl-S save, Esc/Ctrl-C cancel",
        ),
    ),
    (
        "Ctrl-U",
        (
            "表单：清空本栏（Ctrl-W 删一词）；日期 + - 前后一天",
            "form: Ctrl-U clears, Ctrl-W deletes a word; date + - a day",
        ),
    ),
    (
        "完成率",
        (
            "已完成 ÷（本期各项 + 今年错过的周期）",
            "done ÷ (current periods + periods missed this year)",
        ),
    ),
];

/// The form keys the footer of a form shows.
pub const FORM_HINT: Words = (
    "Tab 下一栏 · Ctrl-S 保存 · Esc 取消",
    "Tab next · Ctrl-S save · Esc cancel",
);

fn ctrl(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
}

/// The action a key press means in the app's current state, if any.
pub fn action_for(app: &super::app::App, key: KeyEvent) -> Option<Action> {
    use super::app::Mode;
    if ctrl(&key) && key.code == Char('c') {
        // In a form, Ctrl-C leaves it as Esc does; elsewhere it quits.
        return Some(if app.in_form() {
            Action::Back
        } else {
            Action::Quit
        });
    }
    if ctrl(&key) && key.code == Char('s') {
        return Some(Action::Save);
    }
    if app.asks_yes_no() {
        return match key.code {
            Char('y' | 'Y') | KeyCode::Enter => Some(Action::Answer(true)),
            Char('n' | 'N') | KeyCode::Esc => Some(Action::Answer(false)),
            _ => None,
        };
    }
    match app.mode {
        Mode::Help => Some(Action::Back),
        Mode::Normal | Mode::Confirm(_) => list_action(app.view, &key),
        _ => form_action(&key, app.wants_text()),
    }
}

/// The binding a key press names, wherever it acts.
pub fn binding(key: &KeyEvent) -> Option<&'static Binding> {
    if ctrl(key) {
        return None;
    }
    NORMAL.iter().find(|b| b.keys.contains(&key.code))
}

/// In the lists: the action a key means in `view`, or [`Action::Unavailable`] for a key
/// that acts only in other views.
pub fn list_action(view: View, key: &KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::PageUp => return Some(Action::PageUp),
        KeyCode::PageDown => return Some(Action::PageDown),
        _ => {}
    }
    let b = binding(key)?;
    if b.views.is_empty() || b.views.contains(&view) {
        Some((b.action)(key.code))
    } else {
        Some(Action::Unavailable(match key.code {
            Char(c) => c,
            _ => '\n',
        }))
    }
}

/// In a form or a text field: moving between fields, saving, and editing text.
pub fn form_action(key: &KeyEvent, wants_text: bool) -> Option<Action> {
    if ctrl(key) {
        return match key.code {
            Char('u') if wants_text => Some(Action::Type(Edit::Clear)),
            Char('w') if wants_text => Some(Action::Type(Edit::DeleteWord)),
            Char('a') if wants_text => Some(Action::Type(Edit::Home)),
            Char('e') if wants_text => Some(Action::Type(Edit::End)),
            _ => None,
        };
    }
    match key.code {
        KeyCode::Esc => return Some(Action::Back),
        KeyCode::Enter => return Some(Action::Enter),
        KeyCode::Tab => return Some(Action::NextField),
        KeyCode::BackTab => return Some(Action::PrevField),
        KeyCode::Up => return Some(Action::Up),
        KeyCode::Down => return Some(Action::Down),
        KeyCode::PageUp => return Some(Action::PageUp),
        KeyCode::PageDown => return Some(Action::PageDown),
        _ => {}
    }
    if wants_text {
        return match key.code {
            Char(c) => Some(Action::Type(Edit::Char(c))),
            KeyCode::Backspace => Some(Action::Type(Edit::Backspace)),
            KeyCode::Delete => Some(Action::Type(Edit::Delete)),
            KeyCode::Left => Some(Action::Type(Edit::Left)),
            KeyCode::Right => Some(Action::Type(Edit::Right)),
            KeyCode::Home => Some(Action::Type(Edit::Home)),
            KeyCode::End => Some(Action::Type(Edit::End)),
            _ => None,
        };
    }
    match key.code {
        Char(' ') => Some(Action::Toggle),
        Char('j') => Some(Action::Down),
        Char('k') => Some(Action::Up),
        KeyCode::Home | Char('g') => Some(Action::Top),
        KeyCode::End | Char('G') => Some(Action::Bottom),
        _ => None,
    }
}

/// The footer of `view`: its keys from the table, `a 新增 · e 编辑 · ? 帮助 · q 退出`.
pub fn hints(view: View, lang: Lang) -> String {
    NORMAL
        .iter()
        .filter(|b| b.hint_in.contains(&view))
        .map(|b| format!("{} {}", b.label, lang.pick(b.verb.0, b.verb.1)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Every key with its meaning, for `?`.
pub fn help(lang: Lang) -> Vec<(&'static str, &'static str)> {
    NORMAL
        .iter()
        .filter_map(|b| Some((b.label, b.help?)))
        .chain(MORE_HELP.iter().copied())
        .map(|(k, w)| (k, lang.pick(w.0, w.1)))
        .collect()
}

/// Why a key does nothing in `view`, in one line: `总览中不能编辑；按 Enter 打开支部`.
pub fn not_here(view: View, key: char, lang: Lang) -> Option<String> {
    let b = NORMAL.iter().find(|b| b.keys.contains(&Char(key)))?;
    let verb = lang.pick(b.verb.0, b.verb.1);
    let here = view_name(view, lang);
    let elsewhere: Vec<&str> = b.views.iter().map(|v| view_name(*v, lang)).collect();
    Some(match (lang, view) {
        (Lang::Zh, View::Overview) => format!("{here}中不能{verb}；按 Enter 打开支部"),
        (Lang::En, View::Overview) => {
            format!("{verb}: not in the {here}; Enter opens an org")
        }
        (Lang::Zh, _) => format!("{here}中不能{verb}；可在 {} 中使用", elsewhere.join("、")),
        (Lang::En, _) => format!("{verb}: not in {here}; works in {}", elsewhere.join(", ")),
    })
}

/// A view's name as its tab shows it.
pub fn view_name(view: View, lang: Lang) -> &'static str {
    match view {
        View::Period => lang.pick("本期", "Now"),
        View::Overview => lang.pick("总览", "Overview"),
        View::Tree => lang.pick("清单", "Checklist"),
        View::Records => lang.pick("记录", "Records"),
        View::Members => lang.pick("成员", "Members"),
        View::Development => lang.pick("发展", "Development"),
        View::Dues => lang.pick("党费", "Dues"),
    }
}

#[cfg(test)]
mod tests;
