//! Money in 分 (fen, hundredths of a 元): parsed from text and summed as integers, so
//! no floating point ever touches an amount.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount in fen. Written and read as 元 with two decimals (`12.50`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fen(pub i64);

/// The largest amount any one figure may hold: 100 million 元, far above any income or
/// payment, and far below where sums of them could overflow.
pub const MAX_YUAN: i64 = 100_000_000;

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// Whole 元.
    pub const fn yuan(y: i64) -> Fen {
        Fen(y * 100)
    }

    /// `12`, `12.5` or `12.50`: digits, optionally a point and one or two more, at most
    /// [`MAX_YUAN`]. `None` for anything else (a sign, an exponent, a third decimal).
    pub fn parse(text: &str) -> Option<Fen> {
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || whole.len() > 9 {
            return None;
        }
        let cents = match frac {
            None => 0,
            Some(f) if digits(f) && f.len() <= 2 => {
                let n: i64 = f.parse().ok()?;
                if f.len() == 1 { n * 10 } else { n }
            }
            Some(_) => return None,
        };
        let yuan: i64 = whole.parse().ok()?;
        let fen = Fen(yuan * 100 + cents);
        (fen <= Fen::yuan(MAX_YUAN)).then_some(fen)
    }

    /// The amount as a JSON number of 元, for reports only: every sum has been made in
    /// fen before this.
    pub fn as_yuan_number(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `base × permille / 1000`, rounded to the nearest fen (half a fen up, 四舍五入).
    pub fn permille(self, permille: i64) -> Fen {
        Fen((self.0 * permille + 500) / 1000)
    }

    pub fn times(self, n: i64) -> Fen {
        Fen(self.0 * n)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, o: Fen) {
        self.0 += o.0;
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

/// Kept and exchanged as the text `"12.50"`: exact, and read back by [`Fen::parse`].
impl Serialize for Fen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fen, D::Error> {
        let text = String::deserialize(d)?;
        Fen::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not an amount in yuan with at most two decimals, e.g. 12.50"
            ))
        })
    }
}
