"""English news normalization: each rule with its spoken form, NeMo windows, other languages."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newscaster.text import normalize as normalize_module
from newscaster.text.normalize import (
    EnglishNewsNormalizer,
    LightNormalizer,
    TextNormalizer,
    normalizer_for,
    post_process,
)
from newscaster.text.normalize_languages import ChineseNormalizer, Num2WordsNormalizer

EXAMPLES = [
    # money with scale words and currency prefixes
    ("The terminal will cost $1.2bn.", "The terminal will cost one point two billion dollars."),
    ("A $1.2bn terminal was approved.", "A one point two billion dollar terminal was approved."),
    ("Shares rose to HK$38.50.", "Shares rose to thirty-eight Hong Kong dollars and fifty cents."),
    ("The bloc pledged €5 trillion.", "The bloc pledged five trillion euros."),
    ("The club spent $300m on players.", "The club spent three hundred million dollars on players."),
    ("It cost £40,000 and ¥30 billion.", "It cost forty thousand pounds and thirty billion yen."),
    ("It costs US$5 or A$1.", "It costs five U.S dollars or one Australian dollar."),
    ("Tickets cost $0.50 each.", "Tickets cost fifty cents each."),
    ("Bids ranged from $250-$300.", "Bids ranged from two hundred fifty dollars to three hundred dollars."),
    # percentages
    ("Inflation rose 4.2% last year.", "Inflation rose four point two percent last year."),
    ("Rates rose by 0.25 percentage points.", "Rates rose by zero point two five percentage points."),
    ("Growth was 3-4% or 5 per cent.", "Growth was three to four percent or five percent."),
    # big numbers without "and"
    (
        "A total of 1,234,567 people voted.",
        "A total of one million two hundred thirty-four thousand five hundred sixty-seven people voted.",
    ),
    ("He bought 737 shares.", "He bought seven hundred thirty-seven shares."),
    # decades and year ranges
    ("Prices fell in the 1990s.", "Prices fell in the nineteen nineties."),
    ("Prices fell in the ’90s.", "Prices fell in the nineties."),
    ("The 2024–25 season starts soon.", "The twenty twenty-four to twenty-five season starts soon."),
    ("The 1914-1918 war changed Europe.", "The nineteen fourteen to nineteen eighteen war changed Europe."),
    (
        "It was founded in 2005 and sold in 2031.",
        "It was founded in two thousand five and sold in twenty thirty-one.",
    ),
    # scores, votes, ranges: "N to M" (see news_rules.score_or_range)
    ("Arsenal won 3-2 on Sunday.", "Arsenal won three to two on Sunday."),
    ("The court ruled 5-4 in favour.", "The court ruled five to four in favour."),
    ("It was a 50-50 split.", "It was a fifty-fifty split."),
    # regnal and numbered roman numerals, never the pronoun
    ("Charles III was crowned.", "Charles the third was crowned."),
    ("Pope Leo XIV spoke.", "Pope Leo the fourteenth spoke."),
    ("World War II ended in 1945.", "World War two ended in nineteen forty-five."),
    ("Read Chapter VI tonight.", "Read Chapter six tonight."),
    ("King Charles I was executed.", "King Charles the first was executed."),
    ("Louis XIV's palace.", "Louis the fourteenth's palace."),
    ("Then I said no.", "Then I said no."),
    ("Paul I think was right.", "Paul I think was right."),
    # titles and abbreviations
    ("It is the No. 1 seller.", "It is the number one seller."),
    ("St. Paul's Cathedral is closed.", "Saint Paul's Cathedral is closed."),
    ("He lives on Baker St.", "He lives on Baker Street."),
    (
        "She lived at 1428 Elm St. It was a strange place.",
        "She lived at fourteen twenty-eight Elm Street. It was a strange place.",
    ),
    (
        "The St. Louis Cardinals visited Mount St. Helens.",
        "The Saint Louis Cardinals visited Mount Saint Helens.",
    ),
    ("Dr. Alan Whitfield said so.", "Doctor Alan Whitfield said so."),
    ("Mr. Smith met Ms. Nair and Mrs. Jones.", "Mister Smith met Miz Nair and Missus Jones."),
    ("Mr Smith met Dr Jones.", "Mister Smith met Doctor Jones."),
    ("Lt. Gen. John Smith Jr. agreed.", "Lieutenant General John Smith Junior agreed."),
    ("Sen. Alex Padilla (D-Calif.) objected.", "Senator Alex Padilla, Democrat of California, objected."),
    ("Acme Inc. grew, e.g. in Europe.", "Acme Incorporated grew, for example in Europe."),
    ("Work could begin in Q3.", "Work could begin in Q three."),
    ("The vote is on Sept. 15.", "The vote is on September fifteenth."),
    ("It was 3 March 2024.", "It was the third of March twenty twenty-four."),
    ("It was the 21st century.", "It was the twenty-first century."),
    # dates, measures, bare scale letters, phone numbers
    ("It began in January 2022.", "It began in January twenty twenty-two."),
    ("The vote is on March 3, 2024.", "The vote is on March third, twenty twenty-four."),
    ("On the 26th May they met.", "On the twenty-sixth of May they met."),
    ("He was born on 4 July 1976.", "He was born on the fourth of July nineteen seventy-six."),
    ("The island covers 300 sq km.", "The island covers three hundred square kilometres."),
    ("Winds reached 120 km/h.", "Winds reached one hundred twenty kilometres per hour."),
    ("It hit 50°C.", "It hit fifty degrees Celsius."),
    ("They weighed 2-5 lb each.", "They weighed two to five pounds each."),
    ("About 2.4m tonnes were shipped.", "About two point four million tonnes were shipped."),
    ("She won the 100m sprint.", "She won the one hundred metre sprint."),
    ("Call (555) 123-4567 now.", "Call five five five, one two three, four five six seven now."),
    ("Add 1/3 of the 7 mg dose.", "Add one third of the seven milligrams dose."),
    ("He is 6ft 2in tall.", "He is six feet two inches tall."),
    (
        "Limit warming to 1.5C by 2100.",
        "Limit warming to one point five degrees Celsius by twenty-one hundred.",
    ),
    ("The odds were 2:1.", "The odds were two to one."),
    ("About 3,000-4,000 people came.", "About three thousand to four thousand people came."),
    # times and time zones
    ("Talks start at 10:30am GMT.", "Talks start at ten thirty A.M G.M.T."),
    ("Polls open at 7am ET.", "Polls open at seven A.M E.T."),
    ("Talks ran from 5pm-7pm.", "Talks ran from five P.M to seven P.M."),
    ("It ends at 5 p.m. today.", "It ends at five P.M today."),
    # initialisms spelled as letters, acronyms kept as words
    ("The SCO summit ended.", "The S.C.O summit ended."),
    ("Leaders of the US and the UK met.", "Leaders of the U.S and the U.K met."),
    ("The HDA approved it.", "The H.D.A approved it."),
    ("Capacity is 24,000 TEU.", "Capacity is twenty-four thousand T.E.U."),
    ("The BBC's report.", "The B.B.C's report."),
    ("The EU and the UN agreed.", "The E.U and the U.N agreed."),
    ("The U.S. embassy closed.", "The U.S embassy closed."),
    ("They flew to the U.S.", "They flew to the U.S."),
    ("NATO and COVID were on the agenda.", "NATO and COVID were on the agenda."),
    (
        "UNESCO, NASA, OPEC, ASEAN, FIFA, UEFA and NASDAQ.",
        "UNESCO, NASA, OPEC, ASEAN, FIFA, UEFA and NASDAQ.",
    ),
    ("MI5 and AT&T.", "M.I five and A.T and T."),
    ("BREAKING NEWS FROM THE WHITE HOUSE", "BREAKING NEWS FROM THE WHITE HOUSE"),
    ("J. K. Rowling wrote it.", "J.K Rowling wrote it."),
    # web and e-mail addresses
    ("Visit example.com for details.", "Visit example dot com for details."),
    ("See https://www.example.com/news today.", "See example dot com slash news today."),
    ("Write to info@example.org today.", "Write to info at example dot org today."),
    ("It is on bbc.co.uk now.", "It is on B.B.C dot co dot U.K now."),
    # quotes, dashes, ellipses, whitespace
    ("The “no limits” partnership.", "The no limits partnership."),
    ("The China- Russia ‘no limits’ partnership.", "The China-Russia no limits partnership."),
    ("The bay’s seagrass beds.", "The bay's seagrass beds."),
    ("Both view it – and agree — on it.", "Both view it, and agree, on it."),
    ("There were no limits … no forbidden zones.", "There were no limits, no forbidden zones."),
    ("He paused…", "He paused."),
    ("Too    many   spaces .", "Too many spaces."),
    ("The Authority (HDA) on Friday.", "The Authority, H.D.A, on Friday."),
    # prices per unit, mixed fractions, dimensions, per-second units, scale words before units
    ("The HK$300m deal was signed.", "The three hundred million Hong Kong dollar deal was signed."),
    ("HK$300m was raised.", "three hundred million Hong Kong dollars was raised."),
    # the region's money as Asian papers write it: the code against the number, "per cent"
    ("The deal is worth about RMB500m.", "The deal is worth about five hundred million yuan."),
    (
        "It raised RMB 1.5 billion and NT$2bn.",
        "It raised one point five billion yuan and two billion New Taiwan dollars.",
    ),
    (
        "S$300 million, ¥500 and USD5m.",
        "three hundred million Singapore dollars, five hundred yen and five million U.S dollars.",
    ),
    ("Exports rose 5.5 per cent.", "Exports rose five point five percent."),
    (
        "It costs $20/mo or $350/yr.",
        "It costs twenty dollars per month or three hundred fifty dollars per year.",
    ),
    ("Shares closed at $20.5.", "Shares closed at twenty dollars and fifty cents."),
    ("The talks lasted 2 1/2 days.", "The talks lasted two and a half days."),
    ("It weighs 4½ lbs.", "It weighs four and a half pounds."),
    ("The box was 25 x 7 m.", "The box was twenty-five by seven metres."),
    ("A 50 m2 flat with 100 Mbps.", "A fifty square metres flat with one hundred megabits per second."),
    ("They shipped 100 million kg.", "They shipped one hundred million kilograms."),
    ("Yields rose 2%-10% in a year.", "Yields rose two to ten percent in a year."),
    ("In the 1960s-80s it grew.", "In the nineteen sixties to eighties it grew."),
    # eras, flights and models, codes, long numbers
    ("Rome fell in 476 AD.", "Rome fell in four seventy-six A.D."),
    ("In AD 79 Vesuvius erupted.", "In A.D seventy-nine Vesuvius erupted."),
    ("Flight MH370 and an Airbus A321.", "Flight M.H three seventy and an Airbus A three twenty-one."),
    ("The G7 met.", "The G seven met."),
    ("Case AB9453 was closed.", "Case A.B nine four five three was closed."),
    (
        "Card 1234567890123456 expired.",
        "Card one two three four five six seven eight nine zero one two three four five six expired.",
    ),
    # shouted and lowercase dates, British times, numerals in headlines
    ("JAN. 6 COMMITTEE REPORT", "January sixth COMMITTEE REPORT"),
    ("It was 17 may 2010.", "It was the seventeenth of May twenty ten."),
    ("Troops march 5 miles a day.", "Troops march five miles a day."),
    ("The vote closes at 1.59pm.", "The vote closes at one fifty-nine P.M."),
    ("PART XL", "Part forty"),
    ("Francis I—the first king.", "Francis the first, the first king."),
    # street addresses, state codes only inside them; section signs; equations
    (
        "Send it to 708 N 1st St, San Jose, CA 95112.",
        "Send it to seven oh eight North first Street, San Jose, California nine five one one two.",
    ),
    (
        "The White House is at 1600 Pennsylvania Ave.",
        "The White House is at sixteen hundred Pennsylvania Avenue.",
    ),
    ("Smith, MD, said so.", "Smith, M.D, said so."),
    ("Section 230 is § 230.", "Section two hundred thirty is section two hundred thirty."),
    ("If x = 5 then y = 10.", "If x equals five then y equals ten."),
    ("Write to asdf123@abc.com.", "Write to asdf one two three at A.B.C dot com."),
    ("Use the card ending in 8876.", "Use the card ending in eight eight seven six."),
    # wire datelines: the place as a name, the agency credit left out; a caps word before a dash alone stays
    ("WASHINGTON (AP) — The Senate voted.", "Washington, The Senate voted."),
    ("NEW YORK (Reuters) - Stocks rose.", "New York, Stocks rose."),
    ("ST. LOUIS, Mo. (AP) — Rain fell.", "Saint Louis, Missouri, Rain fell."),
    ("BBC — the broadcaster said.", "B.B.C, the broadcaster said."),
    # aircraft models, in pairs as reporters say them; a 7x7 alone stays an amount (above)
    ("The Boeing 737 landed.", "The Boeing seven thirty-seven landed."),
    ("A Boeing 747-8 freighter.", "A Boeing seven forty-seven eight freighter."),
    ("Its 747-8 fleet.", "Its seven forty-seven eight fleet."),
    (
        "The 737 Max 8 and the 737 MAX were grounded.",
        "The seven thirty-seven Max eight and the seven thirty-seven MAX were grounded.",
    ),
    (
        "Airbus A320, A321 and A380 jets.",
        "Airbus A three twenty, A three twenty-one and A three eighty jets.",
    ),
    ("The 787 Dreamliner and the 777X.", "The seven eighty-seven Dreamliner and the seven seventy-seven X."),
    (
        "A Boeing 737-800 and a 777-300ER.",
        "A Boeing seven thirty-seven eight hundred and a seven seventy-seven three hundred E.R.",
    ),
    ("Its 787s and A321neos.", "Its seven eighty-sevens and A three twenty-one neos."),
    ("An Embraer 190 and a Lockheed C-130.", "An Embraer one ninety and a Lockheed C one thirty."),
    (
        "Boeing 2024 results and Airbus 10,000 jobs.",
        "Boeing twenty twenty-four results and Airbus ten thousand jobs.",
    ),
    # money with a hyphenated or spaced scale
    ("It signed a $5-million deal.", "It signed a five million dollar deal."),
    ("The fund holds $5-million.", "The fund holds five million dollars."),
    ("It raised $1.2-billion.", "It raised one point two billion dollars."),
    ("It cost ¥30 b and £5 m.", "It cost thirty billion yen and five million pounds."),
    ("A $5 T-shirt.", "A five dollars T-shirt."),
    # inch marks, feet and inches, per-second units
    ('A 12" vinyl.', "A twelve inches vinyl."),
    ("He is 5'11\" tall.", "He is five feet eleven inches tall."),
    ("He is 6′2″.", "He is six feet two inches."),
    ('"We counted 7" he said.', "We counted seven he said."),
    ('It ended 3-2. We lost by 7".', "It ended three to two. We lost by seven."),
    ("The river ran at 3,000 m³/s.", "The river ran at three thousand cubic metres per second."),
    ("Wind of 10 m/s and 3 cc/s.", "Wind of ten metres per second and three C.C per second."),
    # decades, fractions with an ordinal ending, time zones, codes, phone numbers, slashes
    ("In the 1980 s.", "In the nineteen eighties."),
    (
        "About 10000-20000 fled, 3-4,000 stayed.",
        "About ten thousand to twenty thousand fled, three to four thousand stayed.",
    ),
    ("About 1/4th of it.", "About one quarter of it."),
    ("It starts at 1:59 p.m. e.s.t today.", "It starts at one fifty-nine P.M E.S.T today."),
    ("Call 1-800-GO-U-HAUL now.", "Call one, eight hundred, Go U Haul now."),
    ("Call 1-800-555-0199.", "Call one, eight hundred, five five five, zero one nine nine."),
    ("The Israel / Gaza talks.", "The Israel slash Gaza talks."),
    ("The MIG-25/235212-asdg part.", "The M.I.G, twenty-five/two three five two one two-asdg part."),
]


@pytest.mark.parametrize(("written", "spoken"), EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_news_examples(text_normalizer: TextNormalizer, written: str, spoken: str) -> None:
    assert text_normalizer.normalize(written) == spoken


def test_fixture_phrases(text_normalizer: TextNormalizer) -> None:
    said = text_normalizer.normalize(
        "This month’s meeting on the sidelines of the Shanghai Cooperation Organisation (SCO) summit."
    )
    assert "S.C.O" in said and "SCO" not in said
    said = text_normalizer.normalize(
        "Just 20 days before Russia invaded Ukraine in February, Putin and Xi signed a statement."
    )
    assert (
        said == "Just twenty days before Russia invaded Ukraine in February, Putin and Xi signed a statement."
    )


def test_spelled_initialisms_are_read_as_letter_names() -> None:
    """The spelled form must phonemize exactly like the letter names, in hibari and in piper."""
    hibari = pytest.importorskip("hibari")
    from newscaster.text.news_rules import spell

    names = {"S": "ess", "C": "see", "O": "oh", "H": "aitch", "D": "dee", "A": "A.", "T": "tee", "E": "ee",
             "U": "you", "B": "bee", "N": "en", "K": "kay", "G": "gee", "M": "em"}  # fmt: skip
    engine = hibari.Hibari()

    def sounds(text: str) -> str:
        return re.sub(r"[ˈˌ\sʲː.,]", "", "".join(engine.phonemize(text)))

    for word in ["SCO", "HDA", "TEU", "BBC", "EU", "UN", "UK", "US", "GMT"]:
        assert sounds(spell(word)) == sounds(" ".join(names[c] for c in word)), word
        assert len(engine.phonemize(f"The {spell(word)} said no")) == 1, (
            "a spelled form must not end the sentence"
        )


def test_sentences_without_digits_or_symbols_never_reach_nemo(
    monkeypatch: pytest.MonkeyPatch, shared_fixtures: Path
) -> None:
    def fail(*_args: object) -> str:
        raise AssertionError("NeMo was called")

    monkeypatch.setattr(normalize_module, "_nemo_window", fail)
    normalizer = EnglishNewsNormalizer(cache_dir=None)
    seed = json.loads((shared_fixtures / "seed-article.expected.json").read_text())
    for paragraph in seed["paragraphs"]:
        assert normalizer.normalize(paragraph)
    # plain numbers, money, percentages and years are verbalized without NeMo too
    assert normalizer.normalize("By 2031, 14,000 people paid $1.2bn, up 4.2%.") == (
        "By twenty thirty-one, fourteen thousand people paid one point two billion dollars, "
        "up four point two percent."
    )


def test_nemo_gets_only_the_window_around_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake(_cache_dir: object, window: str) -> str:
        seen.append(window)
        return f"nemo({window})"

    monkeypatch.setattr(normalize_module, "_nemo_window", fake)
    normalizer = EnglishNewsNormalizer(cache_dir=None)
    said = normalizer.normalize("On 3/4/2024, 20 people ate 1/2 of 12 cakes with 5 mg of salt in February.")
    assert seen == ["3/4/2024", "1/2", "5 mg"]
    expected = (
        "On nemo, 3/4/2024, twenty people ate nemo, 1/2, of twelve cakes with nemo, 5 mg, "
        "of salt in February."
    )
    assert said == expected


def test_nemo_does_not_log_on_every_call(
    text_normalizer: TextNormalizer, capfd: pytest.CaptureFixture[str]
) -> None:
    assert (
        text_normalizer.normalize("Add 1/3 of the 7 mg dose.")
        == "Add one third of the seven milligrams dose."
    )
    assert "INFO" not in capfd.readouterr().err
    logging.getLogger("NeMo-text-processing").info("probe after a call")
    assert "probe" not in capfd.readouterr().err


def test_import_has_no_side_effects() -> None:
    code = (
        "import sys, newscaster.text.prepare, newscaster.text.normalize; "
        "assert 'nemo_text_processing' not in sys.modules; assert 'pynini' not in sys.modules"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    )


def test_registry_by_language(tmp_path: Path) -> None:
    assert isinstance(normalizer_for("en", tmp_path), EnglishNewsNormalizer)
    assert isinstance(normalizer_for("en-GB", tmp_path), EnglishNewsNormalizer)
    assert isinstance(normalizer_for("de", tmp_path), Num2WordsNormalizer)
    assert isinstance(normalizer_for("fr-CA", None), Num2WordsNormalizer)
    assert isinstance(normalizer_for("zh-Hant", None), ChineseNormalizer)
    assert isinstance(normalizer_for("ja", None), LightNormalizer)


def test_light_normalizer_only_touches_punctuation_and_whitespace() -> None:
    light = LightNormalizer()
    assert (
        light.normalize("„Wir sehen uns“ – sagte er… am 3. März   2024.")
        == "Wir sehen uns, sagte er, am 3. März 2024."
    )
    assert normalizer_for("de", None).normalize("„Wir sehen uns“ – sagte er… am 3. März   2024.") == (
        "Wir sehen uns, sagte er, am dritten März zweitausendvierundzwanzig."
    )
    assert light.normalize("L’homme est là.") == "L'homme est là."


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("“”", ""),
        ("—", ""),
        ("(HDA) said", "HDA, said"),
        ("Words . . . more words", "Words, more words"),
        ("End . . . .", "End."),
    ],
)
def test_post_process(written: str, spoken: str) -> None:
    assert post_process(written) == spoken


def test_broken_nemo_degrades_to_written_numbers_and_is_not_retried(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    attempts: list[object] = []

    def broken(cache_dir: object) -> object:
        attempts.append(cache_dir)
        raise ImportError("no pynini here")

    monkeypatch.setattr(normalize_module, "_load_nemo", broken)
    normalizer = EnglishNewsNormalizer(cache_dir=tmp_path / "broken")
    assert normalizer.normalize("Add 1/3 of the 20 cakes.") == "Add 1/3 of the twenty cakes."
    assert normalizer.normalize("Add 2/3 of it.") == "Add 2/3 of it."
    assert len(attempts) == 1
