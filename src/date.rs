//! Calendar dates (UTC days) for directive expiry and front-matter review dates: parsing
//! `YYYY-MM-DD` (optionally followed by a time), today, and days between two dates.

/// A date as `(year, month, day)`; tuples order like dates.
pub type Date = (u32, u32, u32);

/// Parse `YYYY-MM-DD`, also when a time follows (`2024-05-01T10:00:00Z`, `2024-05-01 10:00`).
pub fn parse(text: &str) -> Option<Date> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
    let date = match text.char_indices().nth(10) {
        Some((i, c)) if c == 'T' || c == 't' || c == ' ' => &text[..i],
        Some(_) => return None,
        None => text,
    };
    let mut parts = date.split('-');
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let valid = parts.next().is_none()
        && date.len() == 10
        && (1..=12).contains(&m)
        && (1..=days_in_month(y, m)).contains(&d);
    valid.then_some((y, m, d))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date (UTC).
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    days_from_civil(to) - days_from_civil(from)
}

/// Days since 1970-01-01 of a date (Howard Hinnant's algorithm).
fn days_from_civil((y, m, d): Date) -> i64 {
    let (y, m, d) = (i64::from(y) - i64::from(m <= 2), i64::from(m), i64::from(d));
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u32, m as u32, d as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_convert_both_ways() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_788), (2026, 12, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        for days in [0, 59, 60, 11_016, 20_788, 50_000] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
        assert_eq!(days_between((2024, 1, 1), (2025, 1, 1)), 366);
        assert_eq!(days_between((2025, 1, 1), (2024, 12, 31)), -1);
    }

    #[test]
    fn dates_parse_with_or_without_a_time() {
        assert_eq!(parse("2024-05-01"), Some((2024, 5, 1)));
        assert_eq!(parse("\"2024-05-01T10:00:00Z\""), Some((2024, 5, 1)));
        assert_eq!(parse("2024-05-01 10:00"), Some((2024, 5, 1)));
        for bad in [
            "2024-13-01",
            "2023-02-29",
            "May 1, 2024",
            "2024-5-1",
            "2024-05-012",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
