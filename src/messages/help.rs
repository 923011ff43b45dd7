//! The command line's help in Chinese: the about line of each command and the help of
//! each option, by the command's path (`record add`) and the option's id. English help
//! is the doc comments in [`crate::cli`]; a test walks the whole command tree and fails
//! when an option or command has no Chinese here.

/// What the command at `path` (`""` for `dangjian` itself) does.
pub fn about(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => {
            "党建：党组织该做什么、何时做完。\n不带命令运行 dangjian，在数据文件夹上打开终端界面。"
        }
        "demo" => "生成一个真实感的演示数据库，并在其上打开界面",
        "check" => "检查内置清单和给出的清单文件或文件夹",
        "org" => "组织：院系党委和党支部",
        "org add" => "新增组织",
        "org edit" => "修改组织：给出的选项替换原有的设置",
        "org list" => "列出组织",
        "member" => "组织的党员",
        "member add" => "为组织新增党员",
        "member list" => "列出组织的党员",
        "member advance" => "发展党员：把成员转入下一阶段，或延长预备期",
        "member import" => {
            "导入花名册（Excel 或 CSV）：按表头识别列，先检查每一行；不保存身份证号等个人信息"
        }
        "member move" => "组织关系转接：把成员转到另一个组织，保留原有记录",
        "member leave" => "成员离开本组织（转出到本数据库以外的组织：--reason 转出）",
        "record" => "活动记录：会议、党课、报告",
        "record add" => "记一笔活动；输出新记录的编号",
        "record list" => "列出组织的记录，最新的在前",
        "record delete" => "删除一条记录",
        "status" => "各组织（或一个组织）该做的事：本期和今年已错过的周期",
        "overdue" => "只看逾期和即将到期的，最紧急的在前",
        "doctor" => "检查数据文件夹：每个值可读、每条记录各在其位、没有残留文件；能修复的就修复",
        "development" => {
            "发展党员：每位入党申请人、积极分子、发展对象和预备党员的阶段、下一步和应办事项，逾期的在前"
        }
        "score" => "各组织、各评分清单的得分（评分），最低的在前",
        "mark" => "清单指标的标记：状态、落实措施、负责人、完成时限和手工得分",
        "mark set" => "设置（或修改）一个指标的标记；给出的选项替换原有的",
        "mark list" => "列出组织的标记",
        "export" => "把数据库（或一个组织）写成 JSON、CSV、Excel 或日历文件",
        "backup" => "保存今天的备份到 DATA/backups/",
        "dues" => "党费：各组织每名党员每月已交、本月未交和欠交的情况",
        "dues set" => "设置党员从某月起的月交纳额：--monthly，或 --base 按比例计算",
        "dues pay" => "登记一笔按整月交纳的党费；输出交纳记录的编号",
        "import" => "把 JSON 导出文件合并进数据库：较新的修改胜出，删除随文件传递",
        "server" => "共享的 PostgreSQL 服务器：建表和授权",
        "server init" => "在 --database 指定的服务器上建立或升级表和访问规则",
        "server grant" => "允许一个 PostgreSQL 用户读或写一个组织",
        "server revoke" => "收回一个用户在一个组织上的授权",
        _ => return None,
    })
}

/// The help of option `id` of the command at `path`; options every command takes are
/// found under any path.
pub fn option(path: &str, id: &str) -> Option<&'static str> {
    let global = match id {
        "data_dir" => {
            Some("数据文件夹（也可用环境变量 DANGJIAN_DATA_DIR；默认：系统的数据文件夹）")
        }
        "checklists" => Some("另外加载 DIR 中的每个 *.yaml 清单（也可用 DANGJIAN_CHECKLISTS）"),
        "database" => Some(
            "使用 PostgreSQL 服务器而不是数据文件夹，地址如 postgres://用户@主机/数据库（也可用环境变量 DANGJIAN_DATABASE，或数据文件夹配置文件中的 database:）；密码只从 PGPASSWORD 或 ~/.pgpass 读取",
        ),
        "today" => Some("当作今天的日期，YYYY-MM-DD（也可用 DANGJIAN_TODAY；默认：系统日期）"),
        "format" => Some("输出格式：table（表格，默认）或 json"),
        "lang" => Some("界面和消息的语言：zh（中文，默认）或 en（英文）"),
        "help" => Some("显示帮助"),
        "version" => Some("显示版本"),
        _ => None,
    };
    if global.is_some() {
        return global;
    }
    Some(match (path, id) {
        ("dues", "org") => "只看这个组织",
        ("dues", "year") => "显示的年份（默认：今天所在的年份）",
        ("dues set" | "dues pay", "member") => "党员（编号或姓名）",
        ("dues set" | "dues pay", "org") => "只在这个组织中找党员",
        ("dues set", "monthly") => "月交纳额，以元计，例如 12.50；0 表示免交（减免）",
        ("dues set", "base") => {
            "月收入（税后），以元计：按比例计算月交纳额（3000 元及以下 0.5%，5000 元及以下 1%，10000 元及以下 1.5%，以上 2%）"
        }
        ("dues set", "rate_kind") => {
            "与 --base 一起用：retiree（离退休：5000 元及以下 0.5%，以上 1%）或 student（学生：每月 0.2 元）"
        }
        ("dues set", "from") => "从哪个月起适用，YYYY-MM（默认：本月）",
        ("dues pay", "from") => "交纳的第一个月，YYYY-MM",
        ("dues pay", "to") => "交纳的最后一个月，YYYY-MM（默认：同 --from）",
        ("dues pay", "amount") => "交纳金额，以元计；须等于这些月份的月交纳额之和",
        ("dues pay", "date") => "交纳日期，YYYY-MM-DD 或 MM-DD（默认：今天）",
        ("demo", "orgs") => "组织总数（院系党委及其支部，默认 6）",
        ("demo", "years") => "记录的年数，截至今天（默认 1）",
        ("demo", "seed") => "随机种子：同一种子生成同样的演示（默认 1）",
        ("demo", "no_ui") => "只生成数据库，不打开界面（此时保留临时文件夹）",
        ("demo", "keep") => "界面关闭后保留临时数据文件夹（不给 --data-dir 时会删除）",
        ("check", "paths") => "清单文件，或含 *.yaml 的文件夹",
        ("org add" | "org edit", "id") => "组织编号：字母、数字和 . _ -",
        ("org add" | "org edit", "name") => "组织名称",
        ("org add" | "org edit", "kind") => {
            "类型：school（学校党委）、department（院系党委）、teacher-branch（教工支部）、student-branch（学生支部）或 branch（其他支部）"
        }
        ("org add" | "org edit", "parent") => "上级组织的编号",
        ("org add" | "org edit", "elected_on") => "上次换届的日期（YYYY-MM-DD 或 MM-DD）",
        ("org add" | "org edit", "since") => "起算日：此前结束的周期不评判（默认：今天）",
        ("org add" | "org edit", "due_day") => {
            "某项义务每月的截止日，义务=日，例如 theme-party-day=20 或 主题党日=20"
        }
        ("org add" | "org edit", "term_years") => "某项换届义务的任期年数，例如 branch-election=5",
        ("org add" | "org edit", "every") => {
            "本组织某项“定期”义务的周期（week、month、quarter、half-year、semester 或 year），例如 dept-ideology-survey=half-year"
        }
        ("org add" | "org edit", "exempt") => {
            "本组织不承担的义务及理由，例如 party-group-meeting=不设党小组"
        }
        ("org add" | "org edit", "checklist") => {
            "对本组织适用的清单（可重复）；替换数据文件夹的默认清单"
        }
        (
            "member add" | "member list" | "record add" | "record list" | "mark set" | "mark list",
            "org",
        ) => "组织编号",
        ("status" | "overdue" | "score" | "export", "org") => "只看这个组织",
        ("development", "org") => "只看这个组织及其下级组织",
        ("member add", "id") => "党员编号：字母、数字和 . _ -",
        ("member add", "name") => "姓名",
        ("member add", "tag") => "标签，例如 青年教师；可重复",
        ("member add", "joined_on") => "入党或转入日期（YYYY-MM-DD 或 MM-DD）",
        ("member add", "stage") => {
            "发展阶段：applicant（入党申请人）、activist（入党积极分子）、candidate（发展对象）、probationary（预备党员）或 full（正式党员，默认）"
        }
        ("member add", "on") => "进入该阶段的日期（正式党员以外的阶段必填）",
        ("member advance" | "member move" | "member leave", "id") => "成员编号或姓名",
        ("member advance" | "member move" | "member leave", "org") => {
            "成员所在的组织（编号不足以确定成员时）"
        }
        ("member advance", "to") => "下一阶段，例如 candidate（发展对象）",
        ("member advance", "on") => "进入该阶段的日期（YYYY-MM-DD 或 MM-DD）",
        ("member advance", "extend_months") => "延长预备期 N 个月（6 到 12，只能一次）",
        ("member move", "to") => "转入的组织编号",
        ("member move" | "member leave", "on") => "转接或离开的日期（YYYY-MM-DD 或 MM-DD）",
        ("member leave", "reason") => "原因，例如 转出",
        ("member import", "org") => "组织编号",
        ("member import", "file") => "花名册文件：.xlsx 或 .csv",
        ("member import", "dry_run") => "只显示会新增、更新哪些人，不写入",
        ("record add", "obligations") => "计入的义务：编号或完整标题，例如 主题党日；可重复",
        ("record add", "date") => "活动日期：YYYY-MM-DD，或今年的 MM-DD",
        ("record add", "hours") => "学时",
        ("record add", "topic") => "主题",
        ("record add", "attendees") => "出席者（编号或姓名，逗号分隔；默认：全体党员）",
        ("record add", "absent") => "缺席者（编号或姓名，逗号分隔）；其余的人都出席",
        ("record add", "for_period") => "补开：为这个更早的周期补记，例如 2026-09",
        ("record add", "location") => "地点",
        ("record add", "speaker") => "主讲人",
        ("record add", "note") => "备注",
        ("record add", "no_implied") => "不同时计入第一项义务所带的义务（如学时）",
        ("record add", "points") => "加分项或负面清单的义务：这一笔加或扣的分值",
        ("record add", "excused") => "请假者（编号或姓名，逗号分隔）",
        ("record add", "amount" | "amounts") => "按人计的数额，党员=数额；可重复",
        ("record delete", "id") => "记录编号",
        ("doctor", "restore") => {
            "用最新的可读每日备份（DATA/backups/）或 FILE 恢复数据库；当前数据库先移到一旁"
        }
        ("score", "year") => "评分的年份（默认：今年）",
        ("mark set", "item") => "指标，写成 清单编号:指标编号，例如 ideology-responsibility:1.1",
        ("mark set", "state") => {
            "状态：todo（未开始）、doing（进行中）、done（已完成）或 n/a（不适用）"
        }
        ("mark set", "score") => "手工得分，0 到该指标的分值",
        ("mark set", "owner") => "负责人或责任部门",
        ("mark set", "deadline") => "完成时限（YYYY-MM-DD 或 MM-DD）",
        ("mark set", "note") => "落实措施",
        ("export", "output") => "写入这个文件（默认：标准输出）",
        ("export", "as") => "格式：json、csv、xlsx 或 ics（默认：按文件扩展名，否则 json）",
        ("export", "force") => "文件已存在时替换它",
        ("import", "file") => "dangjian export 写出的文件",
        ("import", "dry_run") => "只报告会有什么改动、会删除什么，不写入",
        ("import", "allow_deletes") => "允许删除组织、或删除 50 个以上对象的导入",
        ("server grant" | "server revoke", "user") => "PostgreSQL 用户（角色）名",
        ("server grant" | "server revoke", "org") => "组织的编号",
        ("server grant", "role") => {
            "secretary（书记）：读写本组织；organizer（组织员）：读写本组织及其下属所有组织；viewer（查看者）：只读这些组织"
        }
        _ => return None,
    })
}

/// The words clap's help is framed with.
pub const HELP_TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";
pub const OPTIONS: &str = "选项";
pub const ARGUMENTS: &str = "参数";
pub const COMMANDS: &str = "命令";
pub const COMMAND: &str = "命令";
pub const HELP_COMMAND: &str = "显示本用法；后接命令名时，显示该命令的用法";
pub const HELP_COMMAND_ARG: &str = "要看用法的命令";
pub const AFTER_HELP: &str = "完成率 = 已完成 / (已完成 + 逾期 + 即将到期 + 待完成)，今年更早错过的每个周期都算逾期：只有该做的都做了才是 100%。";

/// Why clap refused a command line, in Chinese; each part as clap reports it.
pub enum Usage<'a> {
    /// A value not among the accepted ones.
    InvalidValue {
        arg: &'a str,
        value: &'a str,
        valid: &'a [String],
    },
    /// A value a parser refused, with the parser's reason.
    BadValue {
        arg: &'a str,
        value: &'a str,
    },
    UnknownOption {
        arg: &'a str,
        suggested: Option<&'a str>,
    },
    UnknownCommand {
        name: &'a str,
        suggested: Option<&'a str>,
    },
    Missing(&'a [String]),
    Conflict {
        arg: &'a str,
        with: &'a str,
    },
    /// Anything else clap refuses.
    Other,
}

/// The Chinese sentence for a usage error, ending with where to read more.
pub fn usage(u: &Usage, command: &str) -> String {
    let first = match u {
        Usage::InvalidValue { arg, value, valid } => {
            format!(
                "{arg} 的值 \"{value}\" 无效；可用的值：{}",
                valid.join("、")
            )
        }
        Usage::BadValue { arg, value } => format!("{arg} 的值 \"{value}\" 无效"),
        Usage::UnknownOption { arg, suggested } => match suggested {
            Some(s) => format!("没有选项 \"{arg}\"；是否要用 {s}？"),
            None => format!("没有选项 \"{arg}\""),
        },
        Usage::UnknownCommand { name, suggested } => match suggested {
            Some(s) => format!("没有命令 \"{name}\"；是否要用 {s}？"),
            None => format!("没有命令 \"{name}\""),
        },
        Usage::Missing(args) => format!("缺少必需的选项：{}", args.join("、")),
        Usage::Conflict { arg, with } => format!("{arg} 不能与 {with} 同时使用"),
        Usage::Other => "命令行有误".to_string(),
    };
    format!("{first}\n用 {command} --help 查看用法")
}
