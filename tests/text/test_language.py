"""Language detection: the article's language from its own text, as a BCP 47 tag."""

from __future__ import annotations

import pytest

from newscaster.errors import InputError
from newscaster.language_tags import normalize_tag, spoken_language
from newscaster.models import Article
from newscaster.text.language import apply_language, detect_language

PARAGRAPHS = {
    "zh-Hans": "国家统计局周一公布的数据显示，今年前三季度国内生产总值同比增长3.0%，好于市场预期。",
    "zh-Hant": "行政院主計總處公布，今年第三季經濟成長率為3.0%，優於市場預期，出口表現亮眼。",
    "yue": "佢哋講咗成個鐘，但係都冇傾到任何結果，政府話下個月會再開會。",
    "ja": "日銀は金融政策決定会合で、大規模な金融緩和策の維持を決めた。市場では円安が進んだ。",
    "ko": "한국은행은 기준금리를 0.5%포인트 인상하는 빅스텝을 단행했다고 밝혔다.",
    "fr": "Le gouvernement présentera son projet de loi sur les retraites en conseil des ministres.",
    "de": "Die Bundesregierung will das Gesetz noch vor der Sommerpause durch den Bundestag bringen.",
    "es": "El Gobierno aprobará el martes en el Consejo de Ministros la reforma de las pensiones.",
    "en": "The prime minister told parliament that the government would publish its plan this month.",
}


@pytest.mark.parametrize("tag", PARAGRAPHS)
def test_detects_the_language_of_a_news_paragraph(tag: str) -> None:
    guess = detect_language(PARAGRAPHS[tag])
    assert guess is not None and guess.tag == tag and guess.clear


def test_english_names_inside_chinese_keep_it_chinese() -> None:
    guess = detect_language(
        "美国总统拜登（Joe Biden）周二在白宫会见了NATO秘书长斯托尔滕贝格（Jens Stoltenberg）。"
    )
    assert guess is not None and guess.tag == "zh-Hans"


def test_a_chinese_quote_inside_english_keeps_it_english() -> None:
    text = "The slogan “共同富裕” (common prosperity) appeared in the speech six times, officials said."
    guess = detect_language(text)
    assert guess is not None and guess.tag == "en"


def test_no_letters_no_guess() -> None:
    assert detect_language("2024 — 3.5% · 100") is None


def _article(text: str, language: str) -> Article:
    return Article(title="", paragraphs=(text,), language=language)


def test_clear_text_beats_the_page_lang() -> None:
    # A page template that says lang="en" around a French story.
    assert apply_language(_article(PARAGRAPHS["fr"], "en")).language == "fr"
    assert apply_language(_article(PARAGRAPHS["zh-Hant"], "en")).language == "zh-Hant"


def test_the_page_lang_stands_against_weak_evidence_and_keeps_its_region() -> None:
    assert apply_language(_article("Merci.", "de")).language == "de"  # too short to overrule
    assert apply_language(_article(PARAGRAPHS["fr"], "fr-CA")).language == "fr-CA"
    assert apply_language(_article(PARAGRAPHS["zh-Hant"], "zh")).language == "zh-Hant"
    assert apply_language(_article(PARAGRAPHS["zh-Hant"], "yue")).language == "yue"


def test_an_override_always_wins_and_is_checked() -> None:
    assert apply_language(_article(PARAGRAPHS["fr"], "en"), "ZH_hant").language == "zh-Hant"
    with pytest.raises(InputError, match="not a language tag"):
        apply_language(_article(PARAGRAPHS["fr"], "en"), "French please")


def test_tags_are_normalized_and_heard_as_spoken() -> None:
    assert normalize_tag("pt_br") == "pt-BR"
    assert normalize_tag("zh-hant-hk") == "zh-Hant-HK"
    assert [spoken_language(t) for t in ("zh-Hant", "zh-CN", "cmn", "yue", "zh-HK", "fr-CA")] == [
        *("cmn", "cmn", "cmn", "yue", "yue", "fr"),
    ]
