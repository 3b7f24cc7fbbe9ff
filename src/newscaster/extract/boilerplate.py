"""Chrome by its words alone: short lines that sites put in plain ``<p>`` elements, in the languages news is
read in ("Advertisement", "Lesezeit: 3 Minuten", "Lea también: …", "Follow us on Instagram").

A real news sentence that merely mentions subscribers, advertising or reading time does not match: every
pattern is anchored to the start of the line or describes the whole line, and only lines up to
``BOILERPLATE_MAX_CHARS`` are tested. Patterns are grouped by what they catch; a removal names its group.
"""

from __future__ import annotations

import functools
import re

from newscaster.extract.patterns import collapse
from newscaster.text.reading_time import word_equivalents

BOILERPLATE_MAX_CHARS = 240
"""Only lines this short are tested against the patterns: long enough for a two-sentence newsletter pitch or a
copyright line, shorter than a typical news paragraph, so real prose is rarely even considered."""

LABEL_MAX_CHARS = 60
"""A label line ("Weitere Themen", "Lesezeit: 4 Minuten", "Foto: dpa") is at most this long; patterns that
only name a word or two of it are tried on lines this short, never on sentences."""

MENU_MIN_ITEMS = 3
"""A line of at least this many short items separated by ``·``, ``|`` or ``•`` is a menu ("About · Terms")."""

MENU_ITEM_MAX_WORDS = 4
"""Menu items are link labels: a handful of words, unlike the clauses of a sentence."""

TIMESTAMP_MAX_OTHER_WORDS = 2
"""A line that is a date or time plus at most this many other words ("Genesis", a section name) is a
timestamp; more words make it a sentence that mentions a date."""

# Vocabulary shared by several patterns, in the languages of the pages we read (English, German, French,
# Spanish, Portuguese, Italian, Dutch, Polish, Chinese, Japanese).
_MINUTES = r"(min\.?|mins?|minutes?|minuten|minuti|minutos?|minut[ey]?|minuter|分鐘|分钟|分)"
_READING = (
    r"(reading time|read time|time to read|lesezeit|lesedauer|temps de lecture|tiempo de lectura"
    r"|tempo de leitura|tempo di lettura|leestijd|czas czytania|läsningstid|lukuaika|閱讀時間|阅读时间"
    r"|読了時間|閱讀時長|阅读时长)"
)
_AMOUNT = r"\d+([.,]\d+)?(\s*(-|–|bis|to)\s*\d+([.,]\d+)?)?"
r"""A number of minutes, or a range of two ("3-4", "3 bis 5"). Only one range, and the separator is required:
``(\d+\s*-?\s*)+`` splits a run of digits in exponentially many ways before a failed match, and a line of a
dozen numbers ("120 125 130 …", a table row) took minutes to test."""
_READ_AFTER = r"(read|listen|lesezeit|lesen|de lecture|de lectura|de leitura|di lettura|leestijd|czytania)"
_ONWARD = (
    r"(read more|read next|see also|also read|more on (this|these) (story|stories|topics?)|most read"
    r"|most popular"
    r"|more stories|recommended( for you| stories| articles)?|you may also like|you might also like"
    r"|top stories"
    r"|trending( now)?|related( stories| articles| coverage| content| reading| topics| posts| links| news"
    r"| recipes| videos)?"
    r"|explore more on these topics|further reading|more from\b[^.!?:]{0,40}"
    r"|(das )?(thema )?könnten? (sie|dich|euch) auch interessieren|auch interessant"
    r"|mehr zum thema\b[^.!?:]{0,40}"
    r"|(diese|folgende) (artikel|beiträge) könnten (sie|dich|euch) auch interessieren|weiterführende links"
    r"|seguir leyendo|sigue leyendo|leer más"
    r"|lesen sie (auch|hier|mehr)\b[^.!?:]{0,40}|lies auch|zum weiterlesen|weiterlesen"
    r"|empfehlungen (aus )?der redaktion|empfohlene (beiträge"
    r"|artikel)"
    r"|verwandte (artikel|beiträge|themen)|ähnliche (artikel|beiträge)|meistgelesen(e)?( artikel)?"
    r"|beliebte (themen|artikel)\b[^.!?:]{0,20}|top-themen\b[^.!?:]{0,40}|mehr themen"
    r"|mehr aus\b[^.!?:]{0,40}|auch auf\b[^.!?:]{0,30}"
    r"|weitere (themen|artikel|beiträge|nachrichten|news|meldungen)\b[^.!?:]{0,40}|aktuelle (artikel"
    r"|beiträge)"
    r"|neueste (artikel|beiträge)|letzte (artikel|beiträge)|schon gelesen\??|auch lesen"
    r"|(à )?lire aussi|voir aussi|sur le même sujet|les plus lus|articles similaires"
    r"|(lea|lee|vea|ver|mira|mirá|mire) (también|además|más)|(también )?(te|le) puede interesar"
    r"|(notas|noticias|artículos) relacionad[ao]s|contenido relacionado|lo más (leído|visto)"
    r"|más sobre\b[^.!?:]{0,30}"
    r"|leia (também|mais)|veja (também|mais)|saiba mais|mais lidas|leggi anche|potrebbe interessarti"
    r"|articoli correlati|i più letti|lees ook|meer over\b[^.!?:]{0,30}|gerelateerde artikelen"
    r"|czytaj (też|także|również|więcej)|zobacz (też|także|również)|polecamy)"
)
_SOCIAL = r"(facebook|twitter|x|instagram|tiktok|linkedin|youtube|threads|bluesky|whatsapp|telegram|mastodon)"
_MONTHS = (
    r"(jan(uary|uar|vier)?|feb(ruary|ruar)?|fév(rier)?|mar(ch)?|märz|mars|apr(il)?|avril|may|mai|mayo"
    r"|june?|juni|juin|july?|juli|juillet|aug(ust)?|août|sep(t|tember)?|oct(ober)?|okt(ober)?"
    r"|nov(ember)?|dec(ember)?|dez(ember)?|déc(embre)?|enero|febrero|marzo|abril|junio|julio|agosto"
    r"|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre"
    r"|ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro|januari"
    r"|februari|maart|mei|augustus)\.?"
)
_TIMESTAMP = re.compile(
    r"\b([012]?\d|3[01])[./-](0?\d|1[0-2])[./-](\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?|uhr|h)?"
    rf"|\d{{1,2}}\.?\s*(de\s+)?{_MONTHS}\s*(de\s+|del\s+)?\d{{4}}|{_MONTHS}\s*\d{{1,2}}(st|nd|rd|th)?,?\s*\d{{4}}"
    r"|\d+\s*(hours?|minutes?|mins?|days?)\s+ago|vor\s+\d+\s*(stunden?|minuten|tagen?)"
    r"|hace\s+\d+\s*(horas?|minutos?|días?)|il y a\s+\d+\s*(heures?|minutes?|jours?)",
    re.IGNORECASE,
)
_TIMESTAMP_WORDS = frozenset(
    {"published", "updated", "posted", "last", "modified", "created", "first", "on", "at", "am", "um",
     "uhr", "ago", "vor", "il", "y", "a", "hace", "seit", "veröffentlicht", "aktualisiert", "zuletzt",
     "stand", "letzte", "änderung", "erstellt", "publié", "mis", "à", "jour", "le", "publicado",
     "actualizado", "publicada", "opublikowano", "zaktualizowano", "pubblicato", "aggiornato",
     "gepubliceerd", "bijgewerkt", "date", "datum", "fecha", "data", "release", "news", "gmt", "utc",
     "article", "artikel", "artículo", "articolo", "el", "em", "op", "atualizado", "última",
     "actualización", "dernière",
     "cet", "cest", "mez", "mesz", "est", "edt", "pst", "pdt", "bst", "by", "von", "par", "por"}
)  # fmt: skip
"""Words that may stand around a date in a timestamp line, in the languages of the pages we read."""
_F = re.IGNORECASE

BOILERPLATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (group, re.compile(pattern, _F))
    for group, pattern in (
        # a line with no letter or digit ("___", "* * *") has nothing to say
        ("separator", r"^[\W_]+$"),
        # ad labels alone, or an ad label before a promotion ("ANZEIGE - Heute mal ausgehen?")
        (
            "advertising",
            r"^\*?(advertisement|advertising|advert|ad|sponsored( content| post)?|promoted( content)?"
            r"|anzeigen|paid (post|content)|partner content|anzeige|werbung|publicité|publicidad|pubblicità"
            r"|advertentie|reklame|reklama|gesponsert)\W*$",
        ),  # fmt: skip
        (
            "advertising",
            r"^\*?(anzeige|werbung|reklama|publicidad|advertisement|advertorial|(sponsored|promoted"
            r"|paid|partner)( content| post| feature)?)\s*[-–—:|*.]\s*.{0,80}$",
        ),  # fmt: skip
        (
            "advertising",
            r"^(story|article) continues (below|after)\b|^continue reading (below|the main story)\b",
        ),
        # sponsored-content and affiliate disclosures: a label about the post, not the story's own sentence
        (
            "disclosure",
            r"^\*?(this|dieser|der folgende) (post|article|story|page|beitrag|artikel|text)"
            r" (contains|includes|enthält|is|ist)\b.{0,60}\b(affiliate|advertis|sponsor|werbung|anzeige"
            r"|compensation|paid|references to products)",
        ),  # fmt: skip
        ("disclosure", r"^\*?we (may )?(receive|earn) (a )?(commission|compensation)\b"),
        ("disclosure", r"^\*?we recommend the best products\b"),
        ("disclosure", r"^\*?(anzeige|werbung)\s*[,(]\s*(enthält )?(affiliate|werbe)"),
        # audio widgets, in any language
        (
            "listen widget",
            r"^(listen( now| to (this|the) (article|story))?|artikel (anhören|vorlesen)( lassen)?"
            r"|vorlesen|anhören|écouter( cet article| l'article)?|escuchar( este artículo| la noticia)?"
            r"|ouvir( este artigo| a notícia)?|ascolta( l'articolo| l’articolo)?"
            r"|luister( naar dit artikel)?|posłuchaj( artykułu)?)"
            rf"\W*(\d+\s*{_MINUTES})?\W*$",
        ),  # fmt: skip
        ("listen widget", r"^(select|choose|change) (a |the |your )?voice\b"),
        ("listen widget", r"^(choose|select|change) (your |the )?(listening |playback )?speed\b"),
        ("listen widget", r"^get through articles \d+(\.\d+)?x faster\b"),
        ("listen widget", r"^(\d+(\.\d+)?\s*x\s*)+$"),  # one playback speed, or a row of them ("0.75x 1x")
        ("listen widget", r"^\d+\s*wpm$|^(slow|average|fast|normal)$|^(play|pause|stop|mute|unmute)\W*$"),
        ("listen widget", r"^\d{1,2}:\d{2}(:\d{2})?(\s*/\s*\d{1,2}:\d{2}(:\d{2})?)?$"),  # "0:00 / 4:52"
        (
            "listen widget",
            r"^(voiced|narrated|powered) by\b.{0,40}\b(polly|audio|ai|tts|text[- ]to[- ]speech)\W*$",
        ),
        # reading time, in any language: "Lesezeit: 3 Minuten", "4 min de lecture", "閱讀時間：3分鐘"
        (
            "reading time",
            rf"^(estimated |geschätzte )?{_READING}\s*[:：]?\s*(ca\.?|approx\.?|~|約)?\s*"
            rf"{_AMOUNT}\s*{_MINUTES}\W*$",
        ),  # fmt: skip
        ("reading time", rf"^{_AMOUNT}\s*{_MINUTES}\s*{_READ_AFTER}\W*$"),
        ("reading time", rf"^ten tekst przeczytasz w\s*\d+\s*{_MINUTES}"),
        # video placeholders and media captions
        (
            "video",
            r"^(media caption|video caption|watch( now| video)?\s*:|this video (can ?not|cannot|can't)"
            r" be played|video duration\b|video verfügbar bis\b|video recomendado\b|(vídeo|video)\s*:)",
        ),  # fmt: skip
        ("video", r"^(dieses|das) video\b.{0,80}\b(youtube|vimeo|abspielen|geladen|laden)\b"),
        # live-blog entry labels
        (
            "live blog",
            r"^(pinned( post)?|key event|angepinnt|wichtig|eilmeldung|breaking( news)?|en direct|en vivo"
            r"|ao vivo|live( updates| ticker| blog)?|liveblog|liveticker|newsticker|ticker)\W*$",
        ),  # fmt: skip
        # timestamps
        (
            "timestamp",
            r"^(published|updated|posted|last updated|first published|last modified|veröffentlicht"
            r"|aktualisiert( am)?|zuletzt aktualisiert|letzte änderung|stand( des artikels)?|erstellt( am)?"
            r"|publié( le)?"
            r"|mis à jour( le)?|publicado( el)?|actualizado( el)?|opublikowano|zaktualizowano"
            r"|release date|news date|datum|fecha)\s*:",
        ),  # fmt: skip
        # "Updated 11:05am, 14 Mar 2025" – a date with no sentence after it (no final "word." either)
        (
            "timestamp",
            r"^(published|updated|posted|last updated|first published)\b(?=.*\d).{0,60}(?<![a-z]{3}\.)$",
        ),
        # a number alone is a count of comments, shares or likes beside the story; a year alone ("2019")
        # may head a section of a timeline, so four-digit numbers from 1000 to 2999 are not counts
        ("count", r"^(?![12]\d{3}$)(\d+|\d{1,3}([,.\u202f\u00a0 ]\d{3})+)([.,]\d)?\s*[km]?$"),
        ("count", r"^[+\-−]\d{1,5}$"),  # a vote widget's score ("+2", "-3")
        # comments
        ("comments", r"^\d+\s+(comments?|kommentare?|commentaires?|comentarios?|komentarz[ey]?)\W*$"),
        (
            "comments",
            r"^(comments?|kommentare?|commentaires?|comentarios?"
            r"|komentarze)\W*(insgesamt)?\W*(\(?\d+\)?)?\W*$",
        ),
        (
            "comments",
            r"^(join the (conversation|discussion)|view (the )?(comments|discussion thread)"
            r"|show comments|leave a comment|add a comment|be the first to comment|no comments( yet)?"
            r"|schreibe(n sie)? einen kommentar|kommentar (hinzufügen|schreiben)|keine kommentare"
            r"|kommentieren|es gibt noch keine kommentare|gib (das|den) erste|sei der/die erste"
            r"|laisser un commentaire|deja (un|tu) comentario|para comentar debes)\b",
        ),  # fmt: skip
        (
            "comments",
            r"^(log ?in|sign ?in|register|subscribe) to (join|comment|continue|read|keep reading|post)\b",
        ),
        ("comments", r"^du musst eingeloggt sein\b|^you must be logged in\b"),
        # metering, paywalls and pitches for support
        ("paywall", r"^already (a subscriber|a member|have an account)\b"),
        ("paywall", r"^(you have|you['’]ve|this is your)\b.{0,40}\bfree (articles?|stories|story|reads?)\b"),
        ("paywall", r"^(support|help fund) (local|independent|quality|our) (journalism|reporting|news)\b"),
        ("paywall", r"^(get )?unlimited (digital )?access\b|^subscribe (now|today|to|for)\b"),
        (
            "paywall",
            r"^to (view|read|continue reading|access|unlock) (the|this) (full |whole |rest of the )?(story"
            r"|article)\b.{0,60}\b(subscribe|subscription|log ?in|sign ?in|register|member)",
        ),  # fmt: skip
        ("paywall", r"^if you['’]re (seeing this message|already a subscriber)\b|^first-time subscribers\b"),
        (
            "paywall",
            r"^(pour (lire|accéder|continuer)|para (seguir leyendo|leer (el|la|este))|hazte (miembro|socio)"
            r"|(jetzt|hier) (abonnieren|registrieren|anmelden)|unterstütze\b|unterstützen sie\b"
            r"|if you enjoyed reading this\b|we need your help\b)",
        ),  # fmt: skip
        # sharing and following
        ("sharing", r"^share( this| the)? (article|story|page|post)\b"),
        ("sharing", rf"^share (on|via|to) {_SOCIAL}\b"),
        (
            "sharing",
            r"^(share|share this|about sharing|print|save|email|copy link|comment|close|menu|search|more"
            r"|next|previous|back to top|reuse this content|gift (this )?article|teilen|teilen mit"
            r"|teile diesen beitrag( auf)?|diesen (beitrag|artikel) teilen|inhalt teilen|artikel teilen"
            r"|seite drucken|drucken|nach oben|zurück|partager|imprimer|compartir|imprimir|compartilhe"
            r"|condividi|udostępnij|drukuj|url zum kopieren|wird geladen|loading|bewerten|gefällt mir"
            r"|like this|teilen sie dies mit|show more|weitere|mehr|mehr anzeigen|voir plus|ver más"
            r"|mostra altro|meer|więcej)\W*$",
        ),  # fmt: skip
        (
            "sharing",
            r"^((diesen |den )?(eintrag|beitrag|post|artikel) teilen|share (this )?(post|entry|update))\W*$",
        ),
        # a poll widget's prompt, above its (unreadable) form
        (
            "poll",
            r"^(zagłosuj w ankiecie|(take|vote in) (our|the|this) poll|(jetzt )?abstimmen|stimmen sie ab"
            r"|participez au sondage|vota en la encuesta)\W*$",
        ),  # fmt: skip
        ("following", r"^follow (us|@\w+)\b"),
        (
            "following",
            rf"^(follow|folgen sie|folge|síguenos|siguenos|suivez|seguici|obserwuj)\b.{{0,80}}"
            rf"\b(on|auf|en|sur|su|na)\s+{_SOCIAL}\b",
        ),  # fmt: skip
        # wire pointers: "Follow AP’s coverage of energy policy at https://…" ("Follow-up …" has no space)
        ("following", r"^follow\s.{0,160}(\bcoverage\b.{0,80}\bat\b|https?://|www\.)"),
        ("following", r"^send (us )?your (story ideas|stories|tips|news tips|questions)\b"),
        ("following", r"^.{0,80}\bdownload (the|our)\b.{0,60}\bapps?\b.{0,40}\b(ios|android)\b"),
        ("navigation", r"^skip to (main )?content\b|^(click|tap) here\b|^why you can trust\b"),
        # a table of contents' or a skip link's heading alone ("Contents", "Hauptinhalt"): the page's own
        # index, never a section of the story (it would open an empty chapter)
        (
            "navigation",
            r"^(contents|table of contents|on this page|in this article|main content|inhalt"
            r"|inhaltsverzeichnis"
            r"|hauptinhalt|sommaire|table des matières|índice|contenidos?|indice|spis treści)\W*$",
        ),  # fmt: skip
        # skip links, whose markup a web component may hide ("Zum Inhalt springen", "Skip to main content")
        (
            "navigation",
            r"^(skip to (main |the )?(content|navigation|search|footer)|jump to (main )?content"
            r"|(direkt )?zum (haupt)?inhalt( springen)?|(direkt )?zur navigation( springen)?"
            r"|aller au (contenu|menu)|ir al contenido|saltar al contenido|vai al contenuto"
            r"|ir para o conteúdo|naar (de )?(hoofd)?inhoud|przejdź do treści)\W*$",
        ),  # fmt: skip
        # newsletters
        ("newsletter", r"^sign ?up\b.{0,80}\b(newsletter|briefing|brief|alerts?|updates|inbox)\b"),
        ("newsletter", r"^(sign ?up|subscribe|register)( now| today| here| for free)?\W*$"),
        ("newsletter", r"^(get|receive) .{0,60}\bin(to)? your inbox\b"),
        ("newsletter", r"\b(delivered|sent) (straight |directly )?to your inbox( every \w+)?\W*$"),
        ("newsletter", r"^by (registering|signing up|subscribing),? you agree\b"),
        # "Coaching-Newsletter erhalten": a sign-up box's heading
        ("newsletter", r"^[\w-]{0,30}newsletter (erhalten|abonnieren|bestellen)\W*$"),
        (
            "newsletter",
            r"^(never miss|don['’]t miss|stay (up to date|informed))\b.{0,80}\b(newsletter|sign(ing)? up"
            r"|subscribe|inbox)",
        ),  # fmt: skip
        (
            "newsletter",
            r"^((jetzt |hier )?(zum|für den|unseren?) newsletter( abonnieren| anmelden)?|newsletter"
            r" (abonnieren|bestellen)|abonnez-vous\b|inscrivez-vous\b|suscr[ií]b(ete|ite)\b)",
        ),  # fmt: skip
        # onward journeys: a label alone, or a label before a headline ("Lea también: Impiden ingreso …")
        ("onward", rf"^{_ONWARD}\s*([:…]|\.\.\.)?\s*$"),
        (
            "onward",
            rf"^({_ONWARD}|lea|lee|vea|mira|mirá|mire)\s*:\s*.{{0,150}}$",
        ),  # the label, then a headline
        # another story's excerpt, cut short before its link ("… Yet, the... more")
        (
            "onward",
            r"(…|\.\.\.|\[(…|\.\.\.)\])\s*(read more|more|continue reading|weiterlesen|mehr( lesen)?"
            r"|(lire )?la suite|leer más|seguir leyendo|leggi tutto|(czytaj )?więcej)\W*$",
        ),  # fmt: skip
        (
            "taxonomy",
            r"^(tags|tagged( with| in)?|filed under|topics|categories|category|kategorie(n)?|schlagworte"
            r"|stichworte|themen|etiquetas|temas|catégories|rubrik)\s*:",
        ),  # fmt: skip
        ("taxonomy", r"^(temas|themen|tags|schlagworte)$"),
        # cookies
        ("cookies", r"^(we|this (site|website)) uses? cookies\b|^wir verwenden cookies\b"),
        (
            "cookies",
            r"^(accept( all)?( cookies)?|reject all|manage (settings|cookies|preferences)"
            r"|cookie (settings|policy))\W*$",
        ),  # fmt: skip
        ("scripts", r"^(you need to |please )?(enable|activate|aktivieren sie) javascript\b"),
        ("scripts", r"^javascript (ist|is) (deaktiviert|disabled|ausgeschaltet|turned off)\b"),
        # captions and credits ("Photo: AP", "Foto: dpa", "Bild: Logo …", "(Credit: …)", "Getty Images")
        (
            "credit",
            r"^(photo|photograph|image|picture|illustration|video|graphic|foto|fotos|bild|bildquelle"
            r"|titelbild|beitragsbild|crédito|imagen|image illustrative)s?\s*(credit)?\s*(:|by\b).{0,80}$",
        ),  # fmt: skip
        ("credit", r"\b(photo|image|picture)s?\s*(credit)?\s*:\s*[^.]{0,80}$"),
        ("credit", r"\b(getty images|shutterstock|alamy|afp via getty|ap photo|reuters/[a-z]+)\W*$"),
        # a stock agency's credit, or the label over a list of them ("iStock/cjp", "Bildnachweis")
        (
            "credit",
            r"^(istock|adobe ?stock|fotolia|pixabay|unsplash|pexels|picture[- ]alliance)\b[^.]{0,40}$",
        ),
        (
            "credit",
            r"^(bildnachweis|bildnachweise|bildquellen|fotonachweis|image credits?|photo credits?)\W*$",
        ),
        # a caption ending in its credit: "… on Feb. 4. (Photo: J.R. Okafor/Herald)", "(AP Photo/…, File)"
        (
            "credit",
            r"\((\w+ )?(photo|photograph|image|picture|video|illustration|foto|crédito|credit)s?"
            r"( credit)?\s*(:|/|by\b)[^()]{0,80}\)\W*$",
        ),  # fmt: skip
        # screen-reader labels of a figure, read out when the figure markup is lost
        ("credit", r"^(image|photo|video) (source|caption|credit)s?\s*[,:]"),
        # a numbered figure's caption ("Abbildung 3: Grosser Schneekristall."): the figure is not heard
        (
            "caption",
            r"^(figure|fig\.|abb\.|abbildung|grafik|schaubild|illustration|foto|photo|figura|gráfico"
            r"|immagine)\s*\d{1,3}[a-z]?\s*[:.–-]\s*\S",
        ),  # fmt: skip
        # legal
        ("legal", r"^(copyright\s*)?(©|\(c\))\s*\d{4}|^copyright\s+\d{4}\b|\ball rights reserved\b"),
        ("credit", r"^©\s*[^.!?]{1,60}$"),  # "© Bundesrat | Frank Bräuer": a picture's credit line
        # a credit or source standing alone: "(Bild: Dieter Stork)", "(via Geeks Are Sexy)", "Quelle: dpa-AFX"
        ("credit", r"^\((bild|bilder|foto|fotos|photo|quelle|source|via|credit)\b:?\s*[^()]{1,80}\)\W*$"),
        ("credit", r"^(quelle|quellen|source|fuente|fonte|źródło)\s*:\s*[^.!?]{1,60}$"),
        # a news agency's sign standing alone: "(SID)", "erb/ots", "aja/PAP"
        (
            "credit",
            r"^\(?([a-zäöü]{1,5}\s?/\s?)*(dpa|sid|afp|apa|kna|epd|ap|reuters|pap|ots|ddp|kap|dts)"
            r"(-afx)?\)?$",
        ),
        # an embedded post's signature, when the post itself is gone: "— Jane Roe (@janeroe) May 2, 2020"
        ("embed", r"^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s*\w+\.? \d{1,2},? \d{4}\W*$"),
        # links to this page and notes on where it first appeared
        ("syndication", r"^(permalink|short-?url|kurz-?url|kurzlink)\s*:\s*\S+$"),
        (
            "syndication",
            r"^(this (article|story|post) (was )?originally (appeared|published|ran) (on|in|at)\b"
            r"|dieser (artikel|beitrag|text) (ist|erschien|wurde) (ursprünglich|zuerst)\b"
            r"|.{0,80}\berschien zuerst (im|in|auf|bei)\b)",
        ),  # fmt: skip
        # pitches for support: "Hat dir dieser Artikel gefallen? Dann …"
        (
            "paywall",
            r"^(hat (dir|ihnen|euch) (dieser|der) (artikel|beitrag|text) gefallen"
            r"|(ihnen|dir) hat (dieser|der) (artikel|beitrag) gefallen"
            r"|did you (enjoy|like) this (article|story|post))\b",
        ),  # fmt: skip
        # a blog's comment form (WordPress.com's own wording) and its comment headers
        (
            "comments",
            r"^(trage deine daten unten ein|fill in your details below|du kommentierst mit deinem"
            r"|you are commenting using your|benachrichtigung bei weiteren kommentaren|informiere mich über"
            r" neue beiträge|notify me of (new|follow-up) (comments|posts)|#?\d+\.? kommentar von)\b",
        ),  # fmt: skip
        ("legal", r"\bsolely responsible for all content\W*$"),  # wire funding disclaimers end with this
        (
            "legal",
            r"\b(copyrighted property|chroniony prawem autorskim|written permission must be obtained"
            r"|alle angaben ohne gewähr|todos los derechos reservados)\b",
        ),  # fmt: skip
        (
            "legal",
            r"^(privacy( policy)?|terms( of (use|service))?|terms (&|and) conditions|about us|contact us"
            r"|impressum|datenschutz(erklärung)?|kontakt)\W*$",
        ),  # fmt: skip
    )
)
"""Short boilerplate lines; each either anchored at the start or describing a whole caption/credit line."""

_ANY_PATTERN = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in BOILERPLATE_PATTERNS), _F)
"""All of ``BOILERPLATE_PATTERNS`` at once: most lines match none, and one search costs a fraction of a
hundred (on a page of 30,000 teaser lines, the patterns took a third of the extraction)."""
_ONWARD_LABEL = re.compile(rf"^{_ONWARD}\s*([:…]|\.\.\.)?\s*$", _F)
_MENU_SPLIT = re.compile(r"\s+[·|•]\s+")
_WORDS = re.compile(r"[^\W\d_]+")


_SERVER_ERROR = re.compile(
    r"^(php )?(warning|notice|deprecated|strict standards|fatal error|parse error)\s*:.{0,2000}"
    r"\bon line \d+\W*$",
    _F,
)
"""A PHP error the server printed into the page ("Warning: Use of undefined constant … in /htdocs/…/plugin.php
on line 928"): whole, however long its file path."""


def boilerplate_reason(text: str) -> str | None:
    """Why ``text`` (one paragraph) is page chrome by its words alone (the group it matches), or None."""
    line = collapse(text)
    if not line:
        return "empty"
    if _SERVER_ERROR.match(line):
        return "server error"
    if len(line) > BOILERPLATE_MAX_CHARS:
        return None
    return _short_line_reason(line)


@functools.lru_cache(maxsize=16384)
def _short_line_reason(line: str) -> str | None:
    """``boilerplate_reason`` of a collapsed line no longer than ``BOILERPLATE_MAX_CHARS``. Cached (on short
    lines only, so the cache stays a few MB in a long-running server): the text path asks about each line up
    to three times (wrapping, title, removal), and a site's pages repeat the same labels."""
    if _ANY_PATTERN.search(line):  # one search for all; the group is looked up only for lines that match
        return next(group for group, pattern in BOILERPLATE_PATTERNS if pattern.search(line))
    if len(line) <= LABEL_MAX_CHARS and _is_timestamp(line):
        return "timestamp"
    items = _MENU_SPLIT.split(line)
    if len(items) >= MENU_MIN_ITEMS and all(
        word_equivalents(item) <= MENU_ITEM_MAX_WORDS and not item.rstrip().endswith(".") for item in items
    ):
        return "menu"
    return None


EDITOR_SIGN = re.compile(r"(?<=[.!?“”\"»])\s*\((?P<sign>[a-zäöü]{2,5}(?:\s?/\s?[a-zäöü]{2,5})*)\)\s*$")
"""The short sign of the editor or agency that closes a paragraph in German-language news ("… erhältlich.
(grh)", "… geäußert. (dpa)", "(dpa/gem)"): a signature, not the story; read aloud it is letters."""


def without_editor_sign(paragraph: str) -> tuple[str, str | None]:
    """``paragraph`` without a closing editor's sign, and the sign (None when there is none)."""
    found = EDITOR_SIGN.search(paragraph)
    if found is None:
        return paragraph, None
    return paragraph[: found.start()].rstrip(), found["sign"]


def is_boilerplate(text: str) -> bool:
    """True if ``text`` (one paragraph) is page chrome by its words alone."""
    return boilerplate_reason(text) is not None


def is_onward_label(text: str) -> bool:
    """A label alone that opens a list of links to other stories ("Related", "Weitere Themen")."""
    line = collapse(text)
    return len(line) <= LABEL_MAX_CHARS and bool(_ONWARD_LABEL.match(line))


def _is_timestamp(line: str) -> bool:
    """A date or time with at most a few other words after it ("24. März 2004, 19:49 | Genesis"). A word
    before it that is not a timestamp label makes the date a value ("Termin: 29.02.2020"): content."""
    found = _TIMESTAMP.search(line)
    if not found:
        return False
    before = _WORDS.findall(line[: found.start()].casefold())
    if any(w not in _TIMESTAMP_WORDS for w in before):
        return False
    rest = [w for w in _WORDS.findall(_TIMESTAMP.sub(" ", line).casefold()) if w not in _TIMESTAMP_WORDS]
    return len(rest) <= TIMESTAMP_MAX_OTHER_WORDS
