"""The grammatical gender of a noun, for a number that must agree with it (``number_agreement``).

* **German**: Wiktionary's ~90,000 common nouns with their genders (the ``german-nouns`` package, CC BY-SA),
  and for a compound missing from it the gender of its last part ("Vollversion" is a "Version": feminine).
  A capitalized word in neither is no common noun ("eins Dazu" in a table, a name): no gender.
* **Spanish, Portuguese, Italian and French**: Romance nouns show their gender in their ending (Spanish
  "-a", "-ción", "-dad" are feminine); each language's table lists those endings and the frequent nouns
  that break the rule ("el día", "el problema", "la mano"). A noun of any other ending is masculine.

``None`` means "no noun here", and the number is left as it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

Gender = Literal["f", "m", "n"]

GERMAN_COMPOUND_PART = 4
"""The shortest last part a German compound's gender is taken from: shorter ones are word endings more
often than nouns."""
GERMAN_SURE_PART = 6
"""A last part this long is a noun whatever comes before it; a shorter one only after a noun ("Halbzeit"
is in the lexicon itself, but "Insgesamt" ends in no velvet, "Samt")."""
_LEXICON_ROW = re.compile(
    r'^([^,"\n]+),("[^"\n]*"|[^,\n]*),([fmn]?),([fmn]?),([fmn]?),([fmn]?),([fmn]?),', re.MULTILINE
)
"""A row of the lexicon's CSV: the lemma, its kinds ("Substantiv,Toponym"), up to five genders."""
_NAMES = ("Vorname", "Nachname", "Toponym", "Eigenname")
"""Wiktionary's kinds of names: a name after a number ("Platz 1 Juventus") is counted by nothing."""


@functools.cache
def _german_lexicon() -> dict[str, str]:
    """German common nouns and their genders, the usual one first ("mn": "der Meter", also "das Meter");
    empty when the ``german-nouns`` package is missing. Read on first use: 0.4 s."""
    try:
        from german_nouns.config import CSV_FILE_PATH
    except ImportError:
        return {}
    lexicon: dict[str, str] = {}
    for row in _LEXICON_ROW.finditer(CSV_FILE_PATH.read_text(encoding="utf-8")):
        kinds = row[2]
        genders = "".join(row.group(3, 4, 5, 6, 7))
        if genders and "Substantiv" in kinds and not any(name in kinds for name in _NAMES):
            lexicon[row[1]] = "".join(dict.fromkeys(lexicon.get(row[1], "") + genders))
    return lexicon


def german_genders(noun: str) -> str | None:
    """The genders ("f", "m", "n" or several, the usual first: "mn") of a capitalized German noun, or None
    if it is none."""
    lexicon = _german_lexicon()
    if noun in lexicon:
        return lexicon[noun]
    for start in range(1, len(noun) - GERMAN_COMPOUND_PART + 1):
        part = noun[start].upper() + noun[start + 1 :]
        if part in lexicon and (len(part) >= GERMAN_SURE_PART or _is_first_part(noun[:start], lexicon)):
            return lexicon[part]
    return None


def _is_first_part(word: str, lexicon: dict[str, str]) -> bool:
    """Whether ``word`` is a noun as the first part of a compound, with or without its joint ("Arbeits-")."""
    joints = ("", "s", "es", "n", "en", "e")
    return any(word.removesuffix(joint) in lexicon for joint in joints if word.endswith(joint))


@dataclass(frozen=True)
class RomanceGenders:
    """How one Romance language shows a noun's gender (singular or plural)."""

    feminine_endings: tuple[str, ...]
    masculine: frozenset[str]
    """Nouns with a feminine ending that are masculine ("el día", "el problema", "il pianeta")."""
    feminine: frozenset[str]
    """Feminine nouns without a feminine ending ("la mujer", "la mano", "la noche")."""
    not_nouns: frozenset[str]
    """Words with a feminine ending that name nothing ("para", "contra", "la"), and what else follows a
    number without being counted by it ("de", "y", "es", and a month: "1 enero" is a date)."""

    def of(self, word: str) -> Gender | None:
        word = word.lower()
        if word in self.not_nouns or not word.isalpha():
            return None
        if word in self.feminine:
            return "f"
        if word in self.masculine:
            return "m"
        return "f" if word.endswith(self.feminine_endings) else "m"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ROMANCE_GENDERS = {
    "es": RomanceGenders(
        feminine_endings=(
            "a", "as", "ción", "ciones", "sión", "siones", "dad", "dades", "tad", "tades", "tud", "tudes",
            "umbre", "umbres", "ie", "ies", "itis"
        ),
        masculine=_words(
            """
            día días mapa mapas problema problemas sistema sistemas tema temas programa programas idioma
            idiomas clima climas planeta planetas poema poemas drama dramas esquema esquemas dilema dilemas
            síntoma síntomas diagrama diagramas panorama panoramas cometa cometas tranvía tranvías sofá
            sofás fantasma fantasmas lema lemas enigma enigmas diploma diplomas emblema emblemas teorema
            teoremas trauma traumas carisma aroma aromas pijama pijamas poeta poetas profeta profetas atleta
            atletas guía guías policía policías colega colegas pie pies
            """
        ),
        feminine=_words(
            """
            mujer mujeres noche noches calle calles parte partes muerte muertes clase clases gente flor
            flores llave llaves nave naves fuente fuentes frase frases base bases fase fases vez veces voz
            voces luz luces paz cárcel cárceles red redes ley leyes imagen imágenes sede sedes suerte torre
            torres tarde tardes mano manos foto fotos moto motos radio radios madre madres hambre sangre
            leche nieve carne carnes piel pieles sal miel nariz raíz raíces cruz cruces
            """
        ),
        not_nouns=_words(
            """
            de del a al y e o u en por para con sin que se no ni es son fue fueron era eran ha han hay había
            será más menos como entre sobre tras desde hasta hacia contra durante según ante bajo mediante
            lo los la las el le les su sus mi mis tu tus nuestra nuestras esta estas esa esas aquella
            aquellas ella ellas cada cual cuya cuyas alguna algunas ninguna otra otras toda todas mientras
            nada ya apenas pues antes después además entonces quizás atrás detrás jamás uno una unos unas
            solo sólo enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre
            noviembre diciembre
            """
        ),
    ),
    "pt": RomanceGenders(
        feminine_endings=(
            "a", "as", "ção", "ções", "são", "sões", "dade", "dades", "gem", "gens", "ie", "ies"
        ),
        masculine=_words(
            """
            dia dias mapa mapas problema problemas sistema sistemas tema temas programa programas idioma
            idiomas clima climas planeta planetas poema poemas drama dramas esquema esquemas telefonema
            telefonemas cinema cinemas diploma diplomas poeta poetas atleta atletas guia guias colega
            colegas papa papas sofá sofás personagem personagens
            """
        ),
        feminine=_words(
            """
            mulher mulheres noite noites parte partes morte mortes classe classes gente flor flores mãe mães
            lei leis rede redes paz luz luzes voz vozes vez vezes tarde tardes fonte fontes torre torres mão
            mãos foto fotos tribo tribos sede febre carne carnes pele peles ponte pontes sorte chave chaves
            nave naves frase frases base bases fase fases série séries espécie espécies
            """
        ),
        not_nouns=_words(
            """
            de do da dos das a à às ao aos e ou em no na nos nas num numa por pelo pela pelos pelas para com
            sem que se não nem é são foi foram era há havia será mais menos como entre sobre até desde
            contra durante segundo ante o os as seu sua seus suas meu minha nossa nossas esta estas essa
            essas aquela aquelas ela elas cada qual cuja cujas alguma algumas nenhuma outra outras toda
            todas enquanto nada já apenas pois antes depois então atrás um uma uns umas só
            """
        ),
    ),
    "it": RomanceGenders(
        feminine_endings=(
            "a", "zione", "sione", "tà", "tù", "ie", "trice"
        ),
        masculine=_words(
            """
            problema sistema tema programma clima pianeta poema dramma schema cinema diploma poeta atleta
            collega papa pigiama panorama enigma
            """
        ),
        feminine=_words(
            """
            mano foto radio moto auto notte parte morte classe gente chiave nave fonte torre madre legge
            rete pace luce voce volta fame carne pelle sede
            """
        ),
        not_nouns=_words(
            """
            di del della a al alla ai alle e o in nel nella per con su sulla senza che se non né è sono fu
            era ha hanno più meno come tra fra sopra contra contro durante dopo prima lo la le il gli i suo
            sua questa queste quella quelle ella ogni quale alcuna nessuna altra altre tutta tutte mentre
            nulla già appena poi ancora dei degli delle solo sola uno una
            """
        ),
    ),
    "fr": RomanceGenders(
        feminine_endings=(
            "tion", "tions", "sion", "sions", "xion", "xions", "ette", "ettes", "ure", "ures", "ence",
            "ences", "ance", "ances", "ude", "udes", "euse", "euses", "rice", "rices", "esse", "esses",
            "ière", "ières", "elle", "elles", "aine", "aines", "ée", "ées", "ie", "ies", "ité", "ités",
            "tié", "tiés", "ise", "ises", "ine", "ines", "ade", "ades"
        ),
        masculine=_words(
            """
            musée musées lycée lycées trophée trophées incendie incendies génie génies parapluie parapluies
            silence silences domaine domaines magazine magazines stade stades grade grades comité comités
            vice vices
            """
        ),
        feminine=_words(
            """
            personne personnes heure heures fois semaine semaines femme femmes victime victimes minute
            minutes seconde secondes tonne tonnes voix mort morts part parts nuit nuits fin page pages place
            places voiture voitures maison maisons ville villes étoile étoiles chose choses main mains mère
            mères fille filles région régions loi lois voie voies ligne lignes étape étapes équipe équipes
            école écoles classe classes guerre guerres terre mer faim clé clés manche manches dent dents
            fleur fleurs peur couleur couleurs valeur valeurs chaleur douleur douleurs hauteur largeur
            longueur profondeur épaisseur chambre chambres porte portes table tables langue langues lettre
            lettres tête têtes partie parties sortie sorties vie vies question questions raison raisons
            saison saisons chanson chansons boisson boissons leçon leçons façon façons cuillère cuillères
            cuillerée cuillerées tasse tasses pincée gousse gousses tranche tranches
            """
        ),
        not_nouns=_words(
            """
            de du des à au aux et ou en dans par pour avec sans que qui se ne ni est sont fut était a ont
            plus moins comme entre sur sous contre pendant après avant le la les son sa ses cette ces celle
            celles elle elles chaque quelle quelles aucune autre autres toute toutes tandis rien déjà seule
            seules une un
            """
        ),
    ),
}  # fmt: skip
"""Each language's endings and exceptions; the exceptions are the nouns frequent in news (time, measures,
people) and in recipes, whose numbers are most often written as digits."""


def romance_gender(word: str, language: str) -> Gender | None:
    """The gender of a Spanish, Portuguese, Italian or French noun from its ending; None for no noun."""
    genders = ROMANCE_GENDERS.get(language)
    return genders.of(word) if genders is not None else None
