//! Durations as the configuration writes them: `"30m"`, `"4h"`, `"2d"`, `"1w"`,
//! or combined (`"1d4h"`). What a day and a week mean depends on where the
//! duration is used: in business time a day is the calendar's `day_length` of
//! working time and a week five such days; in elapsed time a day is 24 hours.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A positive duration in weeks, days and minutes, kept apart until a
/// calendar says how long a day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    /// Whole weeks (`w`).
    pub weeks: u32,
    /// Whole days (`d`).
    pub days: u32,
    /// Hours and minutes (`h`, `m`), in minutes.
    pub minutes: u64,
}

impl Duration {
    /// A duration of `minutes` minutes.
    pub fn from_minutes(minutes: u64) -> Self {
        Duration { weeks: 0, days: 0, minutes }
    }

    /// Length in minutes of elapsed (calendar) time: a day is 24 hours, a week 7 days.
    pub fn elapsed_minutes(&self) -> u64 {
        (self.weeks as u64 * 7 + self.days as u64) * 24 * 60 + self.minutes
    }

    /// Length in minutes of working time when a working day lasts
    /// `day_length_minutes` and a working week has five days.
    pub fn business_minutes(&self, day_length_minutes: u32) -> u64 {
        (self.weeks as u64 * 5 + self.days as u64) * day_length_minutes as u64 + self.minutes
    }
}

impl Duration {
    /// Parses a duration given as input, naming `path` in the validation error.
    pub fn parse_at(path: &str, s: &str) -> crate::Result<Duration> {
        s.parse().map_err(|e: DurationError| crate::ClfError::validation(path, e.to_string()))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m) = (self.minutes / 60, self.minutes % 60);
        let mut wrote = false;
        for (n, unit) in [(self.weeks as u64, 'w'), (self.days as u64, 'd'), (h, 'h'), (m, 'm')] {
            if n > 0 {
                write!(f, "{n}{unit}")?;
                wrote = true;
            }
        }
        if !wrote {
            f.write_str("0m")?;
        }
        Ok(())
    }
}

/// Why a duration string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationError(String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid duration {:?}: expected a positive whole number followed by m, h, d or w, e.g. \"30m\", \"4h\", \"2d\", \"1w\" or \"1d4h\"",
            self.0
        )
    }
}

impl std::error::Error for DurationError {}

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DurationError(s.to_string());
        let mut d = Duration::default();
        let mut rest = s.trim();
        if rest.is_empty() {
            return Err(err());
        }
        let mut last_rank = 0;
        while !rest.is_empty() {
            let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
            if digits == 0 {
                return Err(err());
            }
            let n: u32 = rest[..digits].parse().map_err(|_| err())?;
            let unit = rest[digits..].chars().next().ok_or_else(err)?;
            // Units must come largest first, each at most once: "1d4h", not "4h1d".
            let rank = match unit {
                'w' => 1,
                'd' => 2,
                'h' => 3,
                'm' => 4,
                _ => return Err(err()),
            };
            if rank <= last_rank {
                return Err(err());
            }
            last_rank = rank;
            match unit {
                'w' => d.weeks = n,
                'd' => d.days = n,
                'h' => d.minutes += n as u64 * 60,
                _ => d.minutes += n as u64,
            }
            rest = &rest[digits + 1..];
        }
        if d == Duration::default() {
            return Err(err());
        }
        Ok(d)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_units_of_the_spec() {
        assert_eq!("30m".parse::<Duration>().unwrap().elapsed_minutes(), 30);
        assert_eq!("4h".parse::<Duration>().unwrap().elapsed_minutes(), 240);
        assert_eq!("2d".parse::<Duration>().unwrap().elapsed_minutes(), 2 * 1440);
        assert_eq!("1w".parse::<Duration>().unwrap().elapsed_minutes(), 7 * 1440);
        assert_eq!("1d4h30m".parse::<Duration>().unwrap().elapsed_minutes(), 1440 + 270);
    }

    #[test]
    fn business_days_follow_the_day_length() {
        let two_days: Duration = "2d".parse().unwrap();
        assert_eq!(two_days.business_minutes(8 * 60), 16 * 60);
        let week: Duration = "1w".parse().unwrap();
        assert_eq!(week.business_minutes(8 * 60), 40 * 60);
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for bad in ["", "4", "h", "4x", "-4h", "0h", "4h1d", "4h4h", "1.5h", "4 h", "4hours"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn displays_as_it_parses() {
        for s in ["30m", "4h", "2d", "1w", "1d4h30m"] {
            assert_eq!(s.parse::<Duration>().unwrap().to_string(), s);
        }
    }
}
