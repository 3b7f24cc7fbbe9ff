"""The whole text stage on the two fixture articles and on small edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscaster.errors import TextError
from newscaster.models import Article, Part, Sentence
from newscaster.text.lexicon import Lexicon, LexiconEntry, default_lexicon
from newscaster.text.normalize import LightNormalizer, TextNormalizer, normalizer_for
from newscaster.text.passages import passage_reader
from newscaster.text.prepare import prepare


def load_article(shared_fixtures: Path, name: str) -> Article:
    data = json.loads((shared_fixtures / f"{name}.expected.json").read_text(encoding="utf-8"))
    return Article(
        title=data["title"],
        paragraphs=tuple(data["paragraphs"]),
        key_points=tuple(data["key_points"]),
        byline=data.get("byline"),
        published=data.get("published"),
        language=data["language"],
    )


def source_text(article: Article, sentence: Sentence) -> str:
    if sentence.part is Part.TITLE:
        return article.title
    if sentence.part is Part.KEY_POINT:
        return article.key_points[sentence.paragraph_index]
    if sentence.part is Part.BYLINE:
        assert article.byline is not None
        return article.byline
    return article.paragraphs[sentence.paragraph_index]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return default_lexicon()


@pytest.mark.parametrize("name", ["seed-article", "inline-chrome-article"])
def test_offsets_point_at_the_original_text(
    shared_fixtures: Path, text_normalizer: TextNormalizer, lexicon: Lexicon, name: str
) -> None:
    article = load_article(shared_fixtures, name)
    sentences = prepare(article, normalizer=text_normalizer, lexicon=lexicon)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for sentence in sentences:
        assert source_text(article, sentence)[sentence.start_char : sentence.end_char] == sentence.text
        assert sentence.spoken and sentence.spoken[-1] in ".!?"
        assert "“" not in sentence.spoken and "’" not in sentence.spoken and "–" not in sentence.spoken


def test_seed_word_highlighting_stays_on_the_written_words(
    shared_fixtures: Path, text_normalizer: TextNormalizer, lexicon: Lexicon
) -> None:
    article = load_article(shared_fixtures, "seed-article")
    sentences = prepare(article, normalizer=text_normalizer, lexicon=lexicon)
    shown: dict[str, str] = {}
    for sentence in sentences:
        source = source_text(article, sentence)
        spoken_words = sentence.spoken.split()
        assert len(sentence.spoken_word_spans) == len(spoken_words)
        for word, (start, end) in zip(spoken_words, sentence.spoken_word_spans, strict=True):
            assert sentence.start_char <= start <= end <= sentence.end_char
            shown.setdefault(word.strip(".,"), source[start:end])
    assert shown["S.C.O"] == "(SCO)"
    assert shown["twenty"] == "20"
    assert shown["February"] == "February,"
    assert shown["Shee"] == "Xi"
    assert shown["Uzbekistan"] == "Uzbekistan"


def test_seed_article(shared_fixtures: Path, text_normalizer: TextNormalizer, lexicon: Lexicon) -> None:
    article = load_article(shared_fixtures, "seed-article")
    sentences = prepare(article, normalizer=text_normalizer, lexicon=lexicon)
    parts = [s.part for s in sentences]
    assert parts == [Part.TITLE, Part.KEY_POINT, Part.KEY_POINT] + [Part.BODY] * 9
    assert [s.paragraph_index for s in sentences[1:3]] == [0, 1]
    body = [s for s in sentences if s.part is Part.BODY]
    assert [len([s for s in body if s.paragraph_index == i]) for i in range(6)] == [1, 1, 2, 2, 1, 2]
    assert [s.ends_paragraph for s in body] == [True, True, False, True, False, True, True, False, True]

    title = sentences[0]
    assert title.text == article.title
    assert title.spoken == (
        "The China-Russia no limits partnership is still going strong, with regime security as top priority."
    )
    assert "S.C.O" in body[0].spoken and "SCO" not in body[0].spoken
    assert body[1].spoken.startswith("Shee Jinping referred to Vladimir Putin as his dear and old friend")
    assert body[7].spoken == (
        "Just twenty days before Russia invaded Ukraine in February, Putin and Shee signed a statement "
        "proclaiming there were no limits to Sino-Russian cooperation, no forbidden zones."
    )
    assert body[8].text == "This does not mean the partnership has no parameters."
    assert body[8].start_char == article.paragraphs[5].index("This does")


def test_inline_chrome_article(
    shared_fixtures: Path, text_normalizer: TextNormalizer, lexicon: Lexicon
) -> None:
    article = load_article(shared_fixtures, "inline-chrome-article")
    sentences = prepare(article, normalizer=text_normalizer, lexicon=lexicon)
    assert [s.part for s in sentences[:3]] == [Part.TITLE, Part.KEY_POINT, Part.BYLINE]
    assert sentences[0].spoken == (
        "Harbour authority approves one point two billion dollar container terminal after three-year review."
    )
    byline = sentences[2]
    assert (byline.text, byline.spoken, byline.start_char, byline.end_char) == (
        "Mei Ling Chan",
        "By Mei Ling Chan.",
        0,
        13,
    )
    spoken = {s.text: s.spoken for s in sentences}
    assert spoken[article.paragraphs[1]] == (
        "Chair Doctor Alan Whitfield said the project would secure the port's place in regional trade for "
        "the next thirty years, adding that construction could begin as early as Q three."
    )
    assert spoken["Officials expect throughput to rise by 35% within five years of opening."] == (
        "Officials expect throughput to rise by thirty-five percent within five years of opening."
    )
    assert spoken["Shares of Western Port Holdings rose 4.2% to HK$38.50 after the announcement."] == (
        "Shares of Western Port Holdings rose four point two percent to thirty-eight Hong Kong dollars and "
        "fifty cents after the announcement."
    )
    nair = next(s for s in sentences if "Priya Nair" in s.text)
    assert nair.text.startswith("“We will see them in court,” said Ms. Priya Nair")
    assert nair.spoken == (
        "We will see them in court, said Miz Priya Nair of the Coastal Trust, which has two thousand three "
        "hundred members."
    )
    assert "H.D.A" in sentences[3].spoken and "January twenty twenty-two" in sentences[3].spoken


def test_without_intro_only_the_body_is_read(shared_fixtures: Path, lexicon: Lexicon) -> None:
    article = load_article(shared_fixtures, "inline-chrome-article")
    sentences = prepare(article, normalizer=LightNormalizer(), lexicon=lexicon, intro=False)
    assert {s.part for s in sentences} == {Part.BODY}
    assert sentences[0].index == 0 and sentences[0].paragraph_index == 0


def test_headings_get_a_full_stop_and_byline_keeps_its_own_by() -> None:
    article = Article(
        title="Markets rally:",
        key_points=("Stocks rose", "Is it over?"),
        byline="By Jane Doe",
        paragraphs=("Body text here.",),
    )
    sentences = prepare(article, normalizer=LightNormalizer(), lexicon=Lexicon())
    assert [s.spoken for s in sentences] == [
        "Markets rally.",
        "Stocks rose.",
        "Is it over?",
        "By Jane Doe.",
        "Body text here.",
    ]
    assert [s.text for s in sentences][:4] == ["Markets rally:", "Stocks rose", "Is it over?", "By Jane Doe"]


@pytest.mark.parametrize(
    ("language", "byline", "spoken"),
    [
        ("it", "Giampiero Maggio", "Di Giampiero Maggio."),
        ("de-AT", "Anna Keller", "Von Anna Keller."),
        ("de", "Von Anna Keller", "Von Anna Keller."),
        ("ja", "山田太郎", "山田太郎。"),
        ("pl", "Autor: Jan Nowak", "Autor: Jan Nowak."),  # says it already: not "Autor: Autor: …"
        ("zh", "作者：张三", "作者：张三。"),
        ("sw", "Amina Juma", "Amina Juma."),  # no word for "by" known: the name alone, never English
    ],
)
def test_the_byline_is_introduced_in_the_articles_language(language: str, byline: str, spoken: str) -> None:
    article = Article(title="", byline=byline, paragraphs=("Body text here.",), language=language)
    sentences = prepare(article, normalizer=LightNormalizer(), lexicon=Lexicon())
    assert sentences[0].part is Part.BYLINE and sentences[0].spoken == spoken
    assert sentences[0].text == byline


def test_unspeakable_sentences_are_dropped_and_ends_paragraph_moves() -> None:
    article = Article(title="", paragraphs=("First sentence. —", "“”", "Second paragraph."))
    sentences = prepare(article, normalizer=LightNormalizer(), lexicon=Lexicon())
    assert [(s.text, s.paragraph_index, s.ends_paragraph) for s in sentences] == [
        ("First sentence.", 0, True),
        ("Second paragraph.", 2, True),
    ]
    assert [s.index for s in sentences] == [0, 1]


def test_emoji_and_arrows_are_not_read_but_the_written_text_keeps_them() -> None:
    paragraphs = (
        "Great news 😀! Family 👨\u200d👩\u200d👧 in 🇩🇪, thumbs 👍🏽.",
        "Read more → here ↩.",
        "❤️ ▶ ✔",
    )
    sentences = prepare(
        Article(title="", paragraphs=paragraphs), normalizer=LightNormalizer(), lexicon=Lexicon()
    )
    assert [s.spoken for s in sentences] == ["Great news!", "Family in, thumbs.", "Read more here."]
    assert sentences[0].text == "Great news 😀!"  # the transcript shows what the page shows
    assert [s.paragraph_index for s in sentences] == [0, 0, 1]  # a paragraph of symbols alone is not read


def test_markdown_heading_marks_left_in_a_page_are_not_read() -> None:
    article = Article(title="", paragraphs=("## The best hotels", "### Forestis, Brixen.", "Tag #1 and # 5."))
    sentences = prepare(article, normalizer=LightNormalizer(), lexicon=Lexicon())
    assert [s.spoken for s in sentences] == ["The best hotels.", "Forestis, Brixen.", "Tag #1 and # 5."]


def test_lexicon_is_applied_before_normalizing() -> None:
    article = Article(title="", paragraphs=("Mr. Xi met Ms. Nguyen.",))
    lexicon = Lexicon([LexiconEntry("Xi", "Shee", True), LexiconEntry("Nguyen", "Win")])
    sentences = prepare(article, normalizer=LightNormalizer(), lexicon=lexicon)
    assert sentences[0].text == "Mr. Xi met Ms. Nguyen."
    assert sentences[0].spoken == "Mr. Shee met Ms. Win."


def test_nothing_to_say_is_a_text_error() -> None:
    with pytest.raises(TextError):
        prepare(Article(title=" ", paragraphs=("…", "  ")), normalizer=LightNormalizer(), lexicon=Lexicon())


def test_seed_phoneme_entries_are_spoken_as_phonemes_and_highlight_their_words(
    shared_fixtures: Path, text_normalizer: TextNormalizer
) -> None:
    lexicon = default_lexicon()
    lexicon.add("Xi", "/ɕˈiː/", case_sensitive=True)
    lexicon.add("Uzbekistan", "/ʊzbˈɛkɪstˌɑːn/")
    article = load_article(shared_fixtures, "seed-article")
    sentences = prepare(article, normalizer=text_normalizer, lexicon=lexicon)
    spoken = " ".join(s.spoken for s in sentences)
    assert "⟦Uzbekistan|ʊzbˈɛkɪstˌɑːn⟧" in spoken and "⟦Xi|ɕˈiː⟧" in spoken and "Shee" not in spoken
    for sentence in sentences:
        source = source_text(article, sentence)
        for word, (start, end) in zip(sentence.spoken.split(), sentence.spoken_word_spans, strict=True):
            if word.startswith("⟦"):
                assert source[start:end].strip(".,’'s") in {"Xi", "Uzbekistan"}, (word, source[start:end])


def test_chinese_sentences_get_no_latin_full_stop() -> None:
    article = Article(
        title="习近平与普京会谈", paragraphs=("两位领导人谈了90分钟。他们讨论了合作",), language="zh-Hans"
    )
    sentences = prepare(article, normalizer=normalizer_for("zh-Hans", None), lexicon=Lexicon())
    assert [s.spoken for s in sentences] == [
        "习近平与普京会谈。",
        "两位领导人谈了九十分钟。",
        "他们讨论了合作。",
    ]
    assert not any("。." in s.spoken or s.spoken.endswith(".") for s in sentences)
    body = sentences[1:]
    assert [(s.start_char, s.end_char) for s in body] == [(0, 12), (12, 19)]


def test_a_run_of_thousands_of_digits_is_read_digit_by_digit() -> None:
    """Whole, such a number failed the narration (Python parses at most 4,300 digits) or cost NeMo seconds."""
    grouped = "1" + ".000" * 1500
    article = Article(title="", paragraphs=(f"Die Zahl {grouped} ist lang.",), language="de")
    sentences = prepare(article, normalizer=normalizer_for("de", None), lexicon=Lexicon())
    assert sentences[0].spoken.startswith("Die Zahl eins null null null null")
    assert sentences[0].text == f"Die Zahl {grouped} ist lang."  # shown as written


def test_a_passage_in_another_script_is_prepared_as_its_own_language(
    text_normalizer: TextNormalizer, tmp_path: Path
) -> None:
    """Its numbers are read in its language and it ends with its own full stop; the sentences around it
    and the byline's "By" stay the article's."""
    article = Article(
        title="What the two leaders said",
        paragraphs=(
            "The two leaders met in Samarkand on Thursday, officials in Beijing said. 两位领导人谈了90分钟",
            "They talked for 90 minutes.",
        ),
        byline="王小明",
        language="en",
    )
    sentences = prepare(
        article,
        normalizer=text_normalizer,
        lexicon=Lexicon(),
        passages=passage_reader(article, tmp_path),
    )
    assert [(s.spoken, s.language) for s in sentences] == [
        ("What the two leaders said.", None),
        ("By 王小明.", None),
        ("The two leaders met in Samarkand on Thursday, officials in Beijing said.", None),
        ("两位领导人谈了九十分钟。", "zh-Hans"),
        ("They talked for ninety minutes.", None),
    ]


def english_body(normalizer: TextNormalizer, *paragraphs: str) -> list[Sentence]:
    """The sentences of an English article of these paragraphs, read without its intro."""
    article = Article(title="", paragraphs=paragraphs, language="en")
    return prepare(article, normalizer=normalizer, lexicon=Lexicon(), intro=False)


def test_citation_marks_are_not_read_and_an_editors_brackets_do_not_break_a_word(
    text_normalizer: TextNormalizer,
) -> None:
    sentences = english_body(
        text_normalizer,
        "The tower was finished in 1889.[3] It is 330 m tall [12][13] and was painted [citation needed] "
        "often.[4–6] He said: “[W]e were late, and the spell[s] failed.”",
    )
    assert [s.spoken for s in sentences] == [
        "The tower was finished in eighteen eighty-nine.",
        "It is three hundred thirty metres tall and was painted often.",
        "He said: We were late, and the spells failed.",
    ]
    assert sentences[0].text.endswith("1889.[3]")  # shown as written


def test_a_line_that_is_only_a_web_address_is_shown_but_not_read(text_normalizer: TextNormalizer) -> None:
    sentences = english_body(
        text_normalizer,
        "Falco serves the best view in town.",
        "www.falco-leipzig.de",
        "<https://example.com/menu?day=1>",
        "Book at www.falco-leipzig.de before Friday.",
    )
    assert [s.paragraph_index for s in sentences] == [0, 3]
    assert "falco" in sentences[1].spoken.lower()


def test_a_sentence_telling_the_reader_to_click_is_shown_but_not_read(
    text_normalizer: TextNormalizer,
) -> None:
    sentences = english_body(
        text_normalizer,
        "The council will vote on Monday. If you are using the app, click here. To write to your "
        "councillor, click on the link below.",
        "Klicken Sie auf » Systemsteuerung « – das Fenster öffnet sich.",
        "Klicke anschließend auf den Button „Weiter zur Übersicht“.",
        "Victims were told to click a link to claim a prize, police said.",
    )
    assert [s.text for s in sentences] == [
        "The council will vote on Monday.",
        "Klicken Sie auf » Systemsteuerung « – das Fenster öffnet sich.",
        "Klicke anschließend auf den Button „Weiter zur Übersicht“.",
        "Victims were told to click a link to claim a prize, police said.",
    ]
    assert sentences[0].ends_paragraph  # the paragraph ends where its last spoken sentence does
