"""The pronunciation lexicon: whole words, case, phrases, precedence, files and fingerprints."""

from __future__ import annotations

from pathlib import Path

from newscaster.text.lexicon import Lexicon, LexiconEntry, bundled_lexicon_path, default_lexicon, parse_tsv


def test_whole_words_only() -> None:
    lexicon = Lexicon([LexiconEntry("Xi", "Shee")])
    assert lexicon.apply("Xi met officials in Xinjiang.") == "Shee met officials in Xinjiang."
    assert lexicon.apply("Xi's visit; (Xi) and “Xi”") == "Shee's visit; (Shee) and “Shee”"
    assert lexicon.apply("Taxi drivers and XiXi") == "Taxi drivers and XiXi"


def test_case_insensitive_by_default_and_case_sensitive_on_request() -> None:
    insensitive = Lexicon([LexiconEntry("nguyen", "Win")])
    assert insensitive.apply("Nguyen and NGUYEN") == "Win and Win"
    sensitive = Lexicon([LexiconEntry("Xi", "Shee", case_sensitive=True)])
    assert sensitive.apply("Xi and Pope Pius XI") == "Shee and Pope Pius XI"


def test_phrases_match_across_any_whitespace() -> None:
    lexicon = Lexicon([LexiconEntry("Sinn Féin", "Shin Fane")])
    assert lexicon.apply("Sinn  Féin and sinn\nféin won.") == "Shin Fane and Shin Fane won."


def test_longest_entry_wins() -> None:
    lexicon = Lexicon([LexiconEntry("Wang", "Wahng"), LexiconEntry("Wang Yi", "Wang Yee")])
    assert lexicon.apply("Wang Yi met Wang Jun.") == "Wang Yee met Wahng Jun."


def test_case_sensitive_entry_beats_insensitive_one_for_its_exact_spelling() -> None:
    lexicon = Lexicon([LexiconEntry("us", "uss"), LexiconEntry("US", "U.S", case_sensitive=True)])
    assert lexicon.apply("US and Us") == "U.S and uss"


def test_add_remove_and_fingerprint() -> None:
    lexicon = Lexicon()
    empty = lexicon.fingerprint()
    lexicon.add("Kyiv", "Keev")
    added = lexicon.fingerprint()
    assert added != empty
    assert lexicon.apply("Kyiv") == "Keev"
    lexicon.add("Kyiv", "Kee-iv")
    assert lexicon.fingerprint() not in {empty, added}
    assert lexicon.apply("Kyiv") == "Kee-iv"
    assert len(lexicon) == 1
    assert lexicon.remove("kyiv") is True
    assert lexicon.fingerprint() == empty
    assert lexicon.apply("Kyiv") == "Kyiv"
    assert lexicon.remove("Kyiv") is False


def test_fingerprint_is_stable_and_order_independent() -> None:
    a = Lexicon([LexiconEntry("A1", "a"), LexiconEntry("B1", "b")])
    b = Lexicon([LexiconEntry("B1", "b"), LexiconEntry("A1", "a")])
    assert a.fingerprint() == b.fingerprint()
    assert (
        Lexicon([LexiconEntry("A1", "a", True)]).fingerprint()
        != Lexicon([LexiconEntry("A1", "a")]).fingerprint()
    )


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    lexicon = Lexicon([LexiconEntry("Xi", "Shee", True), LexiconEntry("Sinn Féin", "Shin Fane")])
    path = tmp_path / "sub" / "lexicon.tsv"
    lexicon.save(path)
    loaded = Lexicon.load(path)
    assert loaded.entries == lexicon.entries
    assert loaded.fingerprint() == lexicon.fingerprint()


def test_tsv_parsing_skips_comments_and_bad_lines() -> None:
    text = "# comment\n\nXi\tShee\tcase\nKyiv\tKeev\nonly-one-column\n\tno written\nQatar\tKuh-tar\tno\n"
    assert parse_tsv(text) == [
        LexiconEntry("Xi", "Shee", True),
        LexiconEntry("Kyiv", "Keev", False),
        LexiconEntry("Qatar", "Kuh-tar", False),
    ]


def test_user_file_overrides_bundled_entry(tmp_path: Path) -> None:
    user = tmp_path / "lexicon.tsv"
    user.write_text("# mine\nXi\tSee\tcase\nFoobar\tFoo bar\n", encoding="utf-8")
    bundled = default_lexicon()
    combined = default_lexicon(user)
    assert bundled.apply("Xi spoke.") == "Shee spoke."
    assert combined.apply("Xi spoke about Foobar.") == "See spoke about Foo bar."
    assert combined.fingerprint() != bundled.fingerprint()
    assert default_lexicon(tmp_path / "missing.tsv").fingerprint() == bundled.fingerprint()


def test_bundled_lexicon_is_small_documented_and_sane() -> None:
    path = bundled_lexicon_path()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#")
    entries = parse_tsv(text)
    assert 20 <= len(entries) <= 40
    written = {e.written for e in entries}
    assert {"Xi", "Nguyen", "Zelenskyy", "Kyiv"} <= written
    assert len(written) == len(entries)
    lexicon = default_lexicon()
    assert (
        lexicon.apply("Xi Jinping visited Xinjiang and Beijing.")
        == "Shee Jinping visited Xinjiang and Beijing."
    )
    assert lexicon.apply("Pope Pius XI") == "Pope Pius XI"


def test_bundled_respellings_apply_to_english_articles_only(tmp_path) -> None:
    from newscaster.text.lexicon import default_lexicon

    user = tmp_path / "lexicon.tsv"
    user.write_text("Mainz\tMines\n", encoding="utf-8")
    english = default_lexicon(user, "en-GB")
    german = default_lexicon(user, "de")
    assert len(english) > len(german) == 1
    assert german.apply("Xi in Mainz") == "Xi in Mines"


# Phoneme entries ------------------------------------------------------------------------------------------


def test_phoneme_entries_become_tokens_after_normalization() -> None:
    lexicon = Lexicon()
    lexicon.add("Xi", "/ɕˈiː/", case_sensitive=True)
    lexicon.add("Wang Yi", "/wˈɑːŋ jˈiː/")
    respelled = lexicon.respell("Xi met Wang Yi and Pope Pius XI.")
    assert "Xi" not in respelled.text.split() and "XI." in respelled.text
    assert respelled.restore(respelled.text) == ("⟦Xi|ɕˈiː⟧ met ⟦Wang|wˈɑːŋ⟧ ⟦Yi|jˈiː⟧ and Pope Pius XI.")


def test_placeholders_follow_the_words_through_rewriting() -> None:
    lexicon = Lexicon()
    lexicon.add("Xi", "/ʃˈiː/")
    respelled = lexicon.respell(" ".join(["Xi"] * 30))
    shuffled = " ".join(reversed(respelled.text.split()))
    assert respelled.restore(shuffled) == " ".join(["⟦Xi|ʃˈiː⟧"] * 30)
    assert len(set(respelled.text.split())) == 30, "each occurrence holds its own place"


def test_apply_keeps_phoneme_words_as_written_for_comparison() -> None:
    lexicon = Lexicon([LexiconEntry("Xi", "/ʃˈiː/"), LexiconEntry("Kyiv", "Keev")])
    assert lexicon.apply("Xi in Kyiv") == "Xi in Keev"
    assert lexicon.apply("⟦Xi|ʃˈiː⟧ in Kyiv") == "Xi in Keev"


def test_phoneme_entries_are_checked_when_added() -> None:
    lexicon = Lexicon()
    for written, spoken, complaint in [
        ("Wang Yi", "/wˈɑːŋjˈiː/", "one phoneme word per written word"),
        ("Xi", "/ʃi!/", "unknown phoneme symbols !"),
        ("Xi", "/ /", "empty"),
    ]:
        try:
            lexicon.add(written, spoken)
        except ValueError as error:
            assert complaint in str(error)
        else:
            raise AssertionError(f"{spoken!r} was accepted")
    assert len(lexicon) == 0


def test_bad_phoneme_lines_in_a_file_are_skipped() -> None:
    entries = parse_tsv("Xi\t/ʃˈiː/\tcase\nWang Yi\t/wˈɑːŋ/\nKyiv\t/k!/\nLviv\tLuh-veev\n")
    assert [(e.written, e.phonemes) for e in entries] == [("Xi", "ʃˈiː"), ("Lviv", None)]


def test_changing_phonemes_changes_the_fingerprint(tmp_path: Path) -> None:
    lexicon = Lexicon()
    lexicon.add("Xi", "/ʃˈiː/")
    before = lexicon.fingerprint()
    lexicon.add("Xi", "/ɕˈiː/")
    assert lexicon.fingerprint() != before
    lexicon.save(tmp_path / "lexicon.tsv")
    assert Lexicon.load(tmp_path / "lexicon.tsv").entries[0].phonemes == "ɕˈiː"
