//! Reading checklist files from disk (`--checklists`, `dangjian check`): the edge's job;
//! [`crate::checklist`] parses and validates what is read here.

use std::path::{Path, PathBuf};

use crate::checklist::{Diagnostic, LoadErrors, Problem, Source};

/// Reads the given files, and every `*.yaml` / `*.yml` file of the given folders (sorted).
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Source>, LoadErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let io_error = |path: &Path, e: std::io::Error| Diagnostic {
        path: path.display().to_string(),
        line: 1,
        column: 1,
        problem: Problem::Unreadable {
            kind: e.kind(),
            text: e.to_string(),
        },
    };
    for path in paths {
        if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => errors.push(io_error(path, e)),
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut sources = Vec::new();
    for file in files {
        match read_limited(&file) {
            Ok(bytes) => match crate::yaml::decode(&bytes) {
                Ok(text) => sources.push(Source {
                    path: file.display().to_string(),
                    text: text.to_string(),
                }),
                Err(e) => errors.push(Diagnostic {
                    path: file.display().to_string(),
                    line: e.line,
                    column: e.column,
                    problem: Problem::Yaml(e.problem),
                }),
            },
            Err(e) => errors.push(io_error(&file, e)),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(LoadErrors(errors))
    }
}

/// The file's bytes, but no more than one past the size limit: a huge file is refused
/// without reading it all.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(crate::yaml::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}
