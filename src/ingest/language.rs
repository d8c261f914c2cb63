//! Language: an article's text in, its language code out: ISO 639-1 ("en") where one exists,
//! otherwise ISO 639-3, and "und" (undetermined, ISO 639-2) when whatlang's trigram detector
//! (Chen 2017, after Cavnar & Trenkle 1994) does not call its guess reliable, as on very short text.

/// The language of text whose detection is unreliable.
pub const UNDETERMINED: &str = "und";
/// Bytes of text looked at: enough for a reliable guess, bounded so long articles stay cheap.
const SAMPLE_BYTES: usize = 4000;

/// Detects the language of `text`.
pub fn detect(text: &str) -> String {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match whatlang::detect(&text[..end]) {
        Some(info) if info.is_reliable() => two_letter(info.lang().code())
            .unwrap_or(info.lang().code())
            .to_string(),
        _ => UNDETERMINED.to_string(),
    }
}

/// ISO 639-3 → ISO 639-1 for the languages whatlang detects that have a two-letter code.
fn two_letter(code: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    TABLE
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_clear_text_and_admits_doubt_on_short_text() {
        let cases = [
            (
                "The minister said on Friday that the troops would stay in the country for as long as the government asked them to.",
                "en",
            ),
            (
                "Le ministre a déclaré vendredi que les troupes resteraient dans le pays aussi longtemps que le gouvernement le demanderait.",
                "fr",
            ),
            (
                "Der Minister sagte am Freitag, die Truppen würden so lange im Land bleiben, wie die Regierung sie darum bitte.",
                "de",
            ),
            ("Ok", "und"),
            ("", "und"),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text}");
        }
    }
}
