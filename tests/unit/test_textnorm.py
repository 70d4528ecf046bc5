"""The normaliser undoes the disguises spammers use and keeps what a link points at."""

from spam.textnorm import normalise, registrable_domain


def test_spaced_and_dotted_letters_are_folded() -> None:
    assert "viagra" in normalise("buy v i a g r a today").text.split()
    assert "viagra" in normalise("cheap V.I.A.G.R.A here").text.split()
    assert normalise("e.g. the U.S. team").text == "e.g. the u.s. team"


def test_leetspeak_inside_a_word_is_folded_but_numbers_stay() -> None:
    words = normalise("v1agra and c4sino not mp3 or 2015 or ps4").text.split()
    assert "viagra" in words and "casino" in words
    assert {"mp3", "2015", "ps4"} <= set(words)


def test_cyrillic_lookalikes_in_a_latin_word_are_folded() -> None:
    assert normalise("cheap vіаgrа pills").text == "cheap viagra pills"  # і, а are Cyrillic
    assert normalise("Привет мир").text == "привет мир"  # real Russian is left alone


def test_fullwidth_letters_become_plain() -> None:
    assert normalise("ＦＲＥＥ money").text == "free money"


def test_invisible_characters_are_removed() -> None:
    assert normalise("\ufeffsub\u200bscribe\u200d now").text == "subscribe now"


def test_html_is_stripped_and_the_href_domain_kept() -> None:
    norm = normalise('Nice!<br /><a href="https://www.youtube.com/watch?v=abc">my video</a>')
    assert "<" not in norm.text and "br" not in norm.text.split()
    assert "__dom_youtube_com__" in norm.text
    assert norm.domains == ["youtube.com"]


def test_urls_become_domain_tokens_with_the_registrable_domain() -> None:
    norm = normalise("see http://bit.ly/x1 and m.youtube.com/user/me and example dot com")
    assert norm.text.count("__url__") == 3
    assert "__dom_bit_ly__" in norm.text
    assert "__dom_m_youtube_com__" in norm.text and "__dom_youtube_com__" in norm.text
    assert "__dom_example_com__" in norm.text
    assert norm.shorteners == 1


def test_contact_details_become_tokens() -> None:
    norm = normalise("mail joe.bloggs@example.com or call +1 555 123 4567")
    assert "__email__" in norm.text and "__phone__" in norm.text
    assert norm.emails == 1 and norm.phones == 1


def test_registrable_domain_handles_country_second_levels() -> None:
    assert registrable_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("m.youtube.com") == "youtube.com"
    assert registrable_domain("bit.ly") == "bit.ly"


def test_toll_free_numbers_are_found_in_every_common_format() -> None:
    for text in [
        "call 1-800-555-0199 now", "Call +1 (888) 555 0199", "1.877.555.0199 support",
        "(844) 555-0123 anytime", "phone 8005550199", "dial 1-800-FLOWERS today",
        "helpline 1 833 555 0110",
    ]:
        norm = normalise(text)
        assert norm.toll_free == 1 and norm.phones == 1, text
        assert "__tollfree__" in norm.text.split()


def test_other_numbers_are_phones_but_not_toll_free_and_versions_are_neither() -> None:
    for text in ["+44 20 7946 0958", "+91 98765 43210", "call 555-123-4567"]:
        norm = normalise(text)
        assert norm.phones == 1 and norm.toll_free == 0, text
    for text in ["version 1.2.3", "ping 192.168.100.200", "on 2009-12-03 at 10:58"]:
        assert normalise(text).phones == 0, text


def test_phone_numbers_are_kept_as_written_for_reasons() -> None:
    assert normalise("Ring +1 (877) 555-0163 or 020 7946 0958").phone_numbers == [
        "+1 (877) 555-0163", "020 7946 0958",
    ]


def test_framework_names_are_not_links_unless_written_as_links() -> None:
    assert normalise("my ASP.NET app on the.NET runtime").links == 0
    norm = normalise("the docs at https://asp.net/mvc")
    assert norm.links == 1 and norm.domains == ["asp.net"]


def test_letters_of_other_latin_alphabets_are_no_disguise() -> None:
    # Polish, Danish and Turkish readers write these letters; only Cyrillic or Greek look-alikes
    # inside a Latin word are a spammer's trick.
    for text in ("Dziękuję, działa w Łodzi", "Tak for indlægget, det hjælper på København",
                 "Çok güzel bir yazı olmuş, teşekkürler"):
        assert normalise(text).obfuscated == 0, text
    assert normalise("bеst сasino bonus").obfuscated == 2  # Cyrillic е and с


def test_model_numbers_in_the_plural_are_not_leetspeak() -> None:
    result = normalise("I copied the MP3s to both PS4s")
    assert result.obfuscated == 0
    assert "mp3s" in result.text.split()


def test_what_programmers_name_things_is_not_leetspeak() -> None:
    # Parts of dotted or dashed names, and digits that run like a number, name a tool; a host is
    # spelled as it was registered. None of them is a disguise, so none counts as one.
    for text in ("<groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId>",
                 "check sha256sum and x264 output", "web3.js v4", "see https://www.w3schools.com/sql/"):
        assert normalise(text).obfuscated == 0, text
    assert normalise("g00gle c4sino fr33").obfuscated == 2  # "fr33" ends in digits: a word, kept


def test_escapes_an_old_export_lost_its_backslash_on_are_put_back() -> None:
    assert normalise("Itu2019s fu00fcr mich, \\u00e9t\\u00e9").text == "it’s für mich, été"
    assert normalise("u00e7ok gu00fczel, u03b1u03b2 test").obfuscated == 0
    # Fewer than two digits, or outside the scripts such exports carry: left as written.
    assert normalise("ubade menu u0041 u0b01").text == "ubade menu u0041 u0b01"


def test_dotted_names_in_code_are_not_links() -> None:
    result = normalise("Use System.IO.Path and System.Net.Http, or see docs.microsoft.com")
    assert result.links == 1 and result.domains == ["docs.microsoft.com"]
    assert normalise("Cheap pills at BESTPILLS.COM").links == 1
