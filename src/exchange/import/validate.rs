//! Checking a whole export file before anything is written: its format version, every
//! field of every object, the references between them and to the loaded checklists.
//! A problem names the object and the field: `record 0193…: date "2026-02-30" is not a
//! date`.

use serde_json::Value;
use serde_json::value::RawValue;

mod fields;
mod references;

use chrono::NaiveDate;

use super::stream::{self, LISTS, PAYMENTS, RECORDS, Source};
use crate::checklist::Catalog;
use crate::dues::Payment;
use crate::exchange::json::{Export, VERSION};
use crate::lang::Lang;
use crate::model::Record;
use crate::period::Calendar;
use crate::store::{Contents, Encoded};

pub use references::Refs;

/// Every problem found in a file, each a line in the user's language.
#[derive(Debug)]
pub struct Problems(pub Vec<String>);

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 20;
        for (i, p) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.0.len() > SHOWN {
            write!(f, "\n… {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Reads and checks a whole export file; `local` is what is stored (references may point
/// into it). Nothing is returned unless everything is right. Records are checked as of
/// the file's `exported_at` (a record is something that had happened when the file was
/// written): [`read_on`] for a file from elsewhere. The whole file is held: a large file
/// is checked as a stream instead ([`scan`], then [`Refs`] one record at a time).
pub fn read(
    bytes: &[u8],
    catalog: &Catalog,
    cal: &Calendar,
    local: &Contents,
    lang: Lang,
) -> Result<Export, Problems> {
    read_on(bytes, catalog, cal, local, lang, None)
}

/// [`read`], for an import on `today`: a record may be dated up to the file's
/// `exported_at`, or up to `today` when that is later (a clock that runs behind the
/// `--today` the records were entered with).
pub fn read_on(
    bytes: &[u8],
    catalog: &Catalog,
    cal: &Calendar,
    local: &Contents,
    lang: Lang,
    today: Option<NaiveDate>,
) -> Result<Export, Problems> {
    let scanned = scan(&Source::Bytes(bytes.to_vec()), lang, true)?;
    let until = scanned.until(today);
    let typed = Export {
        dangjian_export: VERSION,
        exported_at: scanned.exported_at,
        orgs: scanned.file.orgs,
        members: scanned.file.members,
        records: scanned.file.records,
        marks: scanned.file.marks,
        dues_settings: scanned.file.dues_settings,
        dues_payments: scanned.file.dues_payments,
        tombstones: scanned.file.tombstones,
    };
    let mut problems = Vec::new();
    references::check(&typed, catalog, cal, local, lang, until, &mut problems);
    if problems.is_empty() {
        Ok(typed)
    } else {
        Err(Problems(problems))
    }
}

/// A file read once and every object's own fields checked: what it holds, its records
/// and dues payments in `file` when asked to keep them as objects, else held encoded.
pub struct Scanned {
    pub exported_at: String,
    pub file: Contents,
    pub records: Encoded<Record>,
    pub payments: Encoded<Payment>,
}

impl Scanned {
    /// The last day a record of the file may be dated: the day of its `exported_at`, or
    /// `today` when that is later. Without a date to go by, only the range of dates
    /// holds a record back.
    pub fn until(&self, today: Option<NaiveDate>) -> NaiveDate {
        let exported = chrono::DateTime::parse_from_rfc3339(&self.exported_at)
            .ok()
            .map(|t| t.date_naive());
        match (exported, today) {
            (Some(e), Some(t)) => e.max(t),
            (Some(d), None) | (None, Some(d)) => d,
            (None, None) => NaiveDate::MAX,
        }
    }
}

/// Reads `source` once, checking its format version and each object's own fields; keeps
/// the records and the dues payments as objects with the rest when `keep_streamed`, else
/// encoded ([`Encoded`]: a large file's, which are most of it).
pub fn scan(source: &Source, lang: Lang, keep_streamed: bool) -> Result<Scanned, Problems> {
    let one = |zh: String, en: String| Problems(vec![lang.pick(&zh, &en).to_string()]);
    let mut scan = Scan {
        lang,
        keep_streamed,
        version: None,
        exported_at: None,
        unknown: Vec::new(),
        not_lists: [false; LISTS.len()],
        problems: Default::default(),
        file: Contents::default(),
        records: Encoded::default(),
        payments: Encoded::default(),
    };
    match stream::walk(source, &mut scan) {
        Err(e) if e.is_io() => {
            return Err(one(
                format!("无法读取文件：{e}"),
                format!("cannot read the file: {e}"),
            ));
        }
        Err(e) => {
            return Err(one(
                format!("不是 JSON 文件：{e}"),
                format!("not a JSON file: {e}"),
            ));
        }
        Ok(stream::Shape::NotAnObject) => {
            return Err(one(
                "不是 dangjian 导出文件：顶层应为对象".into(),
                "not a dangjian export: the top level is not an object".into(),
            ));
        }
        Ok(stream::Shape::Object) => {}
    }
    match scan.version.as_ref().and_then(Value::as_u64) {
        Some(v) if v == VERSION as u64 => {}
        Some(v) if v > VERSION as u64 => {
            return Err(one(
                format!(
                    "该文件由更新版本的 dangjian 导出（导出格式 {v}，本程序读取 {VERSION}）；请升级 dangjian"
                ),
                format!(
                    "this file comes from a newer dangjian (export format {v}, this build reads {VERSION}); upgrade dangjian"
                ),
            ));
        }
        other => {
            let shown = other.map_or("none".to_string(), |v| v.to_string());
            return Err(one(
                format!("不是 dangjian 导出文件：dangjian_export 为 {shown}，应为 {VERSION}"),
                format!("not a dangjian export: dangjian_export is {shown}, expected {VERSION}"),
            ));
        }
    }
    let mut problems = Vec::new();
    scan.unknown.sort();
    scan.unknown.dedup();
    for k in &scan.unknown {
        problems.push(
            lang.pick(
                &format!(
                    "未知字段 \"{k}\"；应为 dangjian_export、exported_at、{}",
                    LISTS.join("、")
                ),
                &format!(
                    "unknown field \"{k}\"; expected dangjian_export, exported_at, {}",
                    LISTS.join(", ")
                ),
            )
            .to_string(),
        );
    }
    for (list, not) in LISTS.iter().zip(scan.not_lists) {
        if not {
            problems.push(
                lang.pick(
                    &format!("\"{list}\" 应为列表"),
                    &format!("\"{list}\" is not a list"),
                )
                .to_string(),
            );
        }
    }
    for p in scan.problems {
        problems.extend(p);
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(Scanned {
        exported_at: match scan.exported_at {
            Some(Value::String(s)) => s,
            _ => String::new(),
        },
        file: scan.file,
        records: scan.records,
        payments: scan.payments,
    })
}

struct Scan {
    lang: Lang,
    keep_streamed: bool,
    version: Option<Value>,
    exported_at: Option<Value>,
    unknown: Vec<String>,
    not_lists: [bool; LISTS.len()],
    /// Per list, the problems of its objects.
    problems: [Vec<String>; LISTS.len()],
    file: Contents,
    records: Encoded<Record>,
    payments: Encoded<Payment>,
}

impl stream::Visit for Scan {
    fn field(&mut self, key: String, value: Value) {
        match key.as_str() {
            "dangjian_export" => self.version = Some(value),
            "exported_at" => self.exported_at = Some(value),
            _ => self.unknown.push(key),
        }
    }

    fn not_a_list(&mut self, list: usize) {
        self.not_lists[list] = true;
    }

    fn item(&mut self, list: usize, index: usize, item: &RawValue) {
        let (lang, problems) = (self.lang, &mut self.problems[list]);
        let shape = fields::shape(LISTS[list]);
        let Some(fields) = fields::Fields::of(item) else {
            let name = fields::name_of(lang, &shape, None, index);
            problems.push(format!(
                "{name}: {}",
                lang.pick("应为对象", "is not an object")
            ));
            return;
        };
        let name = || fields::name_of(lang, &shape, Some(&fields), index);
        let before = problems.len();
        fields::check_fields(lang, &shape, &name, &fields, problems);
        if problems.len() > before {
            return;
        }
        let f = &mut self.file;
        match list {
            0 => fields::decode(item, &name, problems).map(|o| f.orgs.push(o)),
            1 => fields::decode(item, &name, problems).map(|o| f.members.push(o)),
            RECORDS => fields::decode::<Record>(item, &name, problems).map(|r| {
                if self.keep_streamed {
                    f.records.push(r)
                } else {
                    self.records.push(&r)
                }
            }),
            3 => fields::decode(item, &name, problems).map(|o| f.marks.push(o)),
            4 => fields::decode(item, &name, problems).map(|o| f.dues_settings.push(o)),
            PAYMENTS => fields::decode::<Payment>(item, &name, problems).map(|p| {
                if self.keep_streamed {
                    f.dues_payments.push(p)
                } else {
                    self.payments.push(&p)
                }
            }),
            _ => fields::decode(item, &name, problems).map(|o| f.tombstones.push(o)),
        };
    }
}
