//! The user's language: Chinese (the default) or English. A leaf: the words themselves
//! live with the modules that say them ([`crate::i18n`]), the `--lang` parser in
//! [`crate::cli`].

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The Chinese or the English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The code `--lang` takes: `zh`, `en`.
    pub fn code(self) -> &'static str {
        self.pick("zh", "en")
    }

    /// The language of a `--lang` code.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}
