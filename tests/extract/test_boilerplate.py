"""Chrome by its words alone: boilerplate lines in the languages news is read in, and sentences that are
not."""

from __future__ import annotations

import pytest

from newscaster.extract.boilerplate import (
    boilerplate_reason,
    is_boilerplate,
    is_onward_label,
    without_editor_sign,
)


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Sponsored",
        "Listen to this article",
        "Select Voice · Choose your listening speed · 1x · 200 WPM",
        "1.25x",
        "250 WPM",
        "Reading Time: 3 minutes",
        "5 min read",
        "Why you can trust SCMP",
        "48 comments",
        "48",  # a comment or share count on a line of its own
        "1,204",
        "3.2k",
        "Log in to join the discussion.",
        "Share this article: Facebook · X · LinkedIn · Email · Copy link",
        "Follow us on X and Facebook for the latest updates.",
        "Sign up for our Business Brief newsletter. Get the day’s top stories in your inbox every weekday.",
        "Subscribe now",
        "Read more: Port volumes hit record in 2024 as trans-shipment booms",
        "More on this story",
        "We use cookies to improve your experience.",
        "An artist’s impression of the planned terminal. Photo: Handout/Getty Images",
        "Published: 9:30am, 14 Mar 2025 · Updated: 11:05am, 14 Mar 2025",
        "Copyright © 2025 Harbourside Daily. All rights reserved.",
        "About us · Contact · Privacy · Terms",
        # separators
        "___",
        "* * *",
        # audio players
        "0.75x 1x 1.5x 2x",
        "1:07 / 12:40",
        "Voiced by Amazon Polly",
        "Powered by Trinity Audio",
        # metering and paywall pitches
        "You have 3 free articles left this month.",
        "You’ve read 4 of your 5 free stories.",
        "This is your last free article.",
        "Subscribe for $1 a week for the first year.",
        "Support independent journalism. Become a member today.",
        "Unlimited digital access for 99 cents.",
        # sharing, onward links, tags
        "Share this:",
        "About sharing",
        "Reuse this content",
        "Gift this article",
        "Related topics",
        "Explore more on these topics",
        "ALSO READ: Ferry fares to rise by 5% from April",
        "Tagged: transport, council, trams",
        "Filed under: Politics",
        # captions and credits
        "Commuters at the main station on Monday. (Photo: K. Osei/Riverside Courier)",
        "FILE - The depot is seen on Jan. 7, 2024. (AP Photo/Ana Ruiz, File)",
        "Image caption, The depot on the day it opened",
        "Image source, Getty Images",
        # wire-service tails
        "Follow Reuters’ coverage of the election at https://example.com/elections",
        "Follow the latest climate coverage at example.com/climate",
        "The AP receives support from several foundations. The AP is solely responsible for all content.",
        "Copyright 2026 The Associated Press. All rights reserved.",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Digital subscribers rose 12% and advertising revenue fell, the company said.",
        "Comments by the minister drew criticism from the opposition.",
        "Published on Tuesday, the report found three flaws.",
        "Copyright lawyers said the ruling was narrow.",
        "Sign-ups for the scheme have doubled since March, officials said.",
        "Shares rose 4.2% to HK$38.50 after the announcement.",
        "Related talks in Geneva ended without agreement.",
        "“We will see them in court,” said Ms. Priya Nair of the Coastal Trust.",
        "Subscribers to the service rose 8% in the quarter, the company said.",
        "Subscription revenue fell for the first time in a decade.",
        "Advertisement spending on local television rose 3% last year.",
        "Advertising executives said the ban would cost them millions.",
        "Support for the measure fell to 41%, a poll found.",
        "Follow-up inspections found no further damage, the agency said.",
        "Follow the money, the prosecutor told jurors, and the motive becomes clear.",
        "You have to ask who benefits from free public transport, she said.",
        "Tags on the crates showed they had been shipped from Rotterdam.",
        "Image quality improved sharply after the upgrade, engineers said.",
        "She posted a photo (taken at dawn) of the flooded street.",
        "Voiced by actors from the original cast, the film opens on Friday.",
        "Updated figures released on Tuesday showed 12 deaths.",
        "This story was updated at 3:15 p.m. to include comments from the mayor.",
        "Associated Press writer Ana Ruiz in Denver contributed to this report.",
        "WASHINGTON (AP) — The Senate passed the bill 68-31 on Thursday.",
        "The vote was 5-2.",
        "2019",  # a year heading a section of a timeline
        "1989",
    ],
)
def test_news_sentences_are_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate(sentence)


@pytest.mark.parametrize(
    ("line", "group"),
    [
        # reading time in any language (item 4), as a label alone or with its number and unit
        ("Tempo de leitura: 1 minuto", "reading time"),
        # a "more" button alone
        ("Weitere", "sharing"),
        ("Mehr anzeigen", "sharing"),
        ("Ver más", "sharing"),
        ("Lesezeit: 3 Minuten", "reading time"),
        ("Lesedauer: 4 Min.", "reading time"),
        ("Temps de lecture : 2 min", "reading time"),
        ("Tiempo de lectura: 3 minutos", "reading time"),
        ("Tempo di lettura: 5 minuti", "reading time"),
        ("Leestijd: 3 minuten", "reading time"),
        ("Czas czytania: 4 minuty", "reading time"),
        ("閱讀時間：3分鐘", "reading time"),
        ("阅读时间：5分钟", "reading time"),
        ("3 Min. Lesezeit", "reading time"),
        ("4 min de lecture", "reading time"),
        ("Ten tekst przeczytasz w 3 minuty", "reading time"),
        ("Artikel anhören", "listen widget"),
        ("Ouvir este artigo", "listen widget"),
        ("Écouter cet article", "listen widget"),
        # media and video placeholders (item 3)
        ("Media caption, Passengers at the terminal told us how the strike changed their plans", "video"),
        ("Watch: How the island ferries keep running in winter", "video"),
        ("This video can not be played", "video"),
        ("Video duration 2 minutes", "video"),
        # following and story tips
        ("Follow Coastline News on Facebook, X and Instagram.", "following"),
        ("Folgen Sie uns auf Instagram und Facebook.", "following"),
        ("Síguenos en Telegram, Instagram, Facebook y Twitter", "following"),
        ("Send your story ideas to newsdesk@coastline.example.", "following"),
        # credits and timestamps
        ("Getty Images", "credit"),
        ("Foto: dpa", "credit"),
        ("© Bundesrat | Frank Bräuer", "credit"),
        ("Published 3 hours ago", "timestamp"),
        ("Updated 14:02 GMT", "timestamp"),
        ("24. März 2004, 19:49 | Genesis", "timestamp"),
        ("Aktualisiert am 17.01.2021.", "timestamp"),
        ("Article mis à jour le 7 janvier 2020.", "timestamp"),
        ("Actualizado el 7 de enero de 2020", "timestamp"),
        ("Aggiornato il 7 gennaio 2020", "timestamp"),
        ("Atualizado em 7 de janeiro de 2020", "timestamp"),
        ("Bijgewerkt op 7 januari 2020", "timestamp"),
        # onward journeys and their labels in other languages
        ("Recommended", "onward"),
        ("Most read", "onward"),
        ("Mehr zum Thema", "onward"),
        ("Lea también: Impiden ingreso a Nicaragua a periodistas", "onward"),
        ("VEA TAMBIÉN: Entre heces y guaricha", "onward"),
        ("Czytaj też", "onward"),
        ("À lire aussi", "onward"),
        ("Schlagworte: Hochwasser, Elbe, Dresden", "taxonomy"),
        # sponsored-content labels and disclosures (not the story's own sentences: see below)
        ("Sponsored content: Plan your island break with Stay North Cottages", "advertising"),
        ("ANZEIGE - Heute mal ausgehen/bestellen?", "advertising"),
        ("Anzeige, enthält Affiliate Links", "disclosure"),
        ("This post contains references to products from one or more of our advertisers.", "disclosure"),
        # live-blog entry labels, comments, sharing
        ("Pinned post", "live blog"),
        ("Angepinnt", "live blog"),
        ("Eintrag teilen", "sharing"),
        ("Schreibe einen Kommentar", "comments"),
        ("Keine Kommentare", "comments"),
        # a table of contents' or a skip link's heading: it would open an empty chapter
        ("Contents", "navigation"),
        ("Table of contents", "navigation"),
        ("Hauptinhalt", "navigation"),
        ("Inhaltsverzeichnis", "navigation"),
        ("Related Recipes", "onward"),
        ("Coaching-Newsletter erhalten", "newsletter"),
        # skip links, and the PHP errors a broken plugin prints into the page (however long the path)
        ("An essential round-up of science news, delivered to your inbox every weekday.", "newsletter"),
        ("Empfehlungen aus der Redaktion", "onward"),
        ("(Bild: Dieter Stork)", "credit"),
        ("(via Geeks Are Sexy)", "credit"),
        ("Quelle: dpa-AFX", "credit"),
        ("(SID)", "credit"),
        ("erb/ots", "credit"),
        ("— Jane Roe (@janeroe) May 2, 2020", "embed"),
        ("Short-URL: https://example.de/m57399", "syndication"),
        ("This article originally appeared on VICE US.", "syndication"),
        ("Dieser Artikel ist ursprünglich am 27. Februar 2017 erschienen.", "syndication"),
        ("Hat dir dieser Artikel gefallen? Dann unterstütze uns als Supporter!", "paywall"),
        ("Du kommentierst mit Deinem WordPress.com-Konto. ( Abmelden / Ändern )", "comments"),
        ("Notify me of new comments via email.", "comments"),
        ("#1 Kommentar von Naru-chan", "comments"),
        ("JavaScript ist deaktiviert. Für eine bessere Darstellung aktiviere bitte JavaScript.", "scripts"),
        ("Anzeigen", "advertising"),
        ("Stand des Artikels: 26. Februar 2020, 12:30 Uhr.", "timestamp"),
        ("Diese Artikel könnten euch auch interessieren:", "onward"),
        ("Seguir leyendo:", "onward"),
        ("iStock/cjp", "credit"),
        ("Bildnachweis:", "credit"),
        ("+2", "count"),
        ("Zum Inhalt springen", "navigation"),
        ("Zagłosuj w ankiecie:", "poll"),
        ("Figure 1: ggplot2 Barchart with Default Font Sizes.", "caption"),
        ("Abbildung 3: Grosser Schneekristall. Jedes Feld des Rasters ist 2 mm lang.", "caption"),
        ("Take our poll", "poll"),
        (
            "Kaieteur News – The Petroleum Commission is far more important than the Board. Yet, the... more",
            "onward",
        ),
        ("Die Stadt plant einen neuen Hafen für die Fähren […] weiterlesen", "onward"),
        ("Skip to main content", "navigation"),
        ("Aller au contenu", "navigation"),
        (
            "Warning: Use of undefined constant comments - assumed 'comments' (this will throw an Error in a "
            "future version of PHP) in /homepages/15/d39327265/htdocs/example.de/wp-content/plugins/"
            "get-recent-comments/get-recent-comments.php on line 928",
            "server error",
        ),
        (
            "Strict Standards: Only variables should be passed by reference in /www/htdocs/wp-includes/"
            "wp-db.php on line 785",
            "server error",
        ),
    ],
)
def test_chrome_lines_in_many_languages_are_recognised_by_their_group(line: str, group: str) -> None:
    assert boilerplate_reason(line) == group


@pytest.mark.parametrize(
    "sentence",
    [
        "Mehr als 100 Menschen starben bei dem Unglück, teilte die Polizei mit.",
        "Weitere Informationen gibt es auf der Seite der Stadt.",
        # an article that merely mentions reading time (item 4)
        "O tempo de leitura de uma notícia caiu para 37 segundos em média, segundo um estudo.",
        "The average reading time of a news article has fallen to 37 seconds, a study found.",
        "Die Lesezeit eines Artikels hängt vor allem von seiner Länge ab, sagen die Forscher.",
        "Reading time is the new metric: editors now plan stories in minutes, not words.",
        # the story's own sentence about sponsored content, and dates that are values
        "One hotel owner said sponsored content from the tourist board had filled her rooms.",
        "Sponsored content made up 12% of the publisher's revenue last year, the report said.",
        "Termin: 29.02.2020, 19 Uhr",
        "Einsendeschluss: 03.11.2019 (Poststempel)",
        "El 7 de enero de 2020 llovió en toda la ciudad.",
        "Il 7 gennaio 2020 è nato il nostro primo figlio.",
        "+81 158-23-2012",
        "Bake for 20 minutes.",
        "Auch auf der Autobahn gab es Staus.",
        "Lesen Sie mehr über die Ursachen in unserem Dossier.",
        "Photos: Instagram. Taylor posted a picture from the set on Sunday, her first since the tour ended.",
        "Follow the money, the prosecutor said, and you will find the motive.",
        "Contents of the draft bill were leaked to reporters on Monday.",
        "Warning: the storm will reach the coast on Monday, forecasters said.",
        "Skip to the end of the story and the ferry still sails.",
        "Quelle: Das Statistische Bundesamt meldete am Montag einen Rückgang der Preise.",
        "Der Sprecher sagte (via Telefon), dass alles gut sei.",
        "Die AP meldete am Montag neue Zahlen.",
        "Did you know that the harbour is older than the town?",
        "Prices rose again... and then some more.",
        "Figure skating returns to the arena on Monday.",
        "Table 1: Results by district",
        "Wir wollen mehr… viel mehr.",
    ],
)
def test_sentences_that_mention_chrome_words_are_not_boilerplate(sentence: str) -> None:
    assert boilerplate_reason(sentence) is None


def test_an_onward_label_alone_opens_a_list_but_a_label_with_its_headline_does_not() -> None:
    assert is_onward_label("Weitere Themen")
    assert is_onward_label("Related stories:")
    assert not is_onward_label("Lea también: Impiden ingreso a Nicaragua a periodistas")
    assert not is_onward_label("Schlagworte: Hochwasser, Elbe")


@pytest.mark.parametrize(
    ("paragraph", "kept", "sign"),
    [
        ("Scholz hat sich skeptisch geäußert. (dpa)", "Scholz hat sich skeptisch geäußert.", "dpa"),
        ("Er kündigte sein Erscheinen an. (dpa/gem)", "Er kündigte sein Erscheinen an.", "dpa/gem"),
        ("Seitenwind möge sie „nicht“. (mz)", "Seitenwind möge sie „nicht“.", "mz"),
        ("Sie sagte: „Wir bleiben.“ (Strify)", "Sie sagte: „Wir bleiben.“ (Strify)", None),  # a name
        ("Das Wörterbuch der Sprache (DWDS)", "Das Wörterbuch der Sprache (DWDS)", None),
        ("The results were clear (see below)", "The results were clear (see below)", None),
    ],
)  # fmt: skip
def test_an_editors_sign_closing_a_paragraph_is_not_read(paragraph: str, kept: str, sign: str | None) -> None:
    assert without_editor_sign(paragraph) == (kept, sign)
