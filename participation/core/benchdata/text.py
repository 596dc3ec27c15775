"""German text about town life for bench data: names, proposal titles and bodies, comments.

Bodies and comments come from pools of distinct texts, each rendered once by the project's one
renderer (core/markup.py) and reused, so 500,000 comments cost a few thousand renderings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from participation.core.markup import render_comment_markdown, render_markdown

FIRST_NAMES = (
    "Anna", "Bernd", "Claudia", "Dieter", "Elke", "Frank", "Gabriele", "Heike", "Ingo", "Jana",
    "Jürgen", "Karin", "Lukas", "Maria", "Michael", "Nicole", "Olaf", "Petra", "Ralf", "Sabine",
    "Sören", "Thomas", "Ute", "Volker", "Werner", "Yvonne", "Lea", "Jonas", "Emily", "Paul",
    "Mia", "Felix", "Hannah", "Leon", "Sophie", "Ben", "Marie", "Tim", "Lina", "Günter",
)  # fmt: skip
SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
    "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler",
    "Walther", "Böhme", "Seidel", "Vogel", "Kühn", "Günther", "Winkler", "Lorenz", "Fuchs",
)  # fmt: skip
PLACES = (
    "am Marktplatz", "in der Bahnhofstraße", "am Viehmarkt", "an der Orla", "im Stadtpark",
    "vor der Grundschule", "am Schlossberg", "an der Bushaltestelle Rathaus", "in der Altstadt",
    "am Bahnhof", "im Wohngebiet Ost", "an der Neustädter Straße", "beim Freibad",
    "am Friedhof", "in Jüdewein", "in Schlettwein", "in Öpitz", "an der Kreuzung Saalfelder Straße",
    "vor dem Kindergarten Sonnenschein", "am Spielplatz Weinberg", "an der Stadtbibliothek",
    "in der Breiten Straße", "am Gymnasium", "an der Sporthalle", "am Wertstoffhof",
)  # fmt: skip
# (title form, form inside a sentence)
SUBJECTS = (
    ("Neue Bänke", "neue Bänke"), ("Ein Zebrastreifen", "einen Zebrastreifen"),
    ("Mehr Fahrradständer", "mehr Fahrradständer"), ("Ein Trinkbrunnen", "einen Trinkbrunnen"),
    ("Bessere Beleuchtung", "eine bessere Beleuchtung"), ("Tempo 30", "Tempo 30"),
    ("Ein größerer Spielplatz", "einen größeren Spielplatz"),
    ("Ein Wartehäuschen", "ein Wartehäuschen"),
    ("Mehr Mülleimer", "mehr Mülleimer"), ("Ein Bücherschrank", "einen offenen Bücherschrank"),
    ("Barrierefreier Zugang", "einen barrierefreien Zugang"), ("Neue Bäume", "neue Bäume"),
    ("Eine öffentliche Toilette", "eine öffentliche Toilette"),
    ("Ein Hundeauslaufplatz", "einen eingezäunten Hundeauslaufplatz"),
    ("Sichere Radwege", "einen sicheren Radweg"), ("Blühwiesen", "eine Blühwiese"),
    ("Kostenloses WLAN", "kostenloses WLAN"), ("Ein Basketballkorb", "einen Basketballkorb"),
    ("Mehr Parkplätze für Menschen mit Behinderung", "mehr Behindertenparkplätze"),
    ("Eine Ladesäule für E-Autos", "eine Ladesäule für E-Autos"),
)  # fmt: skip
PROBLEMS = (
    "Jeden Morgen warten {place} viele Kinder, aber es gibt keinen Schutz vor Regen und Wind.",
    "Abends ist es {place} so dunkel, dass sich viele ältere Menschen nicht mehr hinaustrauen.",
    "Die Autos fahren {place} oft viel zu schnell, gerade wenn die Schule aus ist.",
    "{Place} gibt es kaum Schatten, im Sommer hält man es dort mittags nicht aus.",
    "Seit Jahren liegt {place} Müll herum, weil die Behälter am Wochenende überquellen.",
    "Wer mit dem Rollator oder Kinderwagen {place} unterwegs ist, kommt über die hohen Bordsteine "
    "kaum hinweg.",
    "{Place} treffen sich nachmittags viele Familien, aber es fehlt an Sitzgelegenheiten.",
    "Die Fahrräder stehen {place} kreuz und quer, weil es nicht genug Ständer gibt.",
    "Viele Jugendliche wissen nicht, wohin: {place} könnte ein Treffpunkt für sie entstehen.",
    "Die Wiese {place} wird zweimal im Monat gemäht, für Bienen und Schmetterlinge bleibt nichts.",
)  # fmt: skip
SUGGESTIONS = (
    "Mein Vorschlag: Die Stadt schafft {subject} {place}.",
    "Ich schlage vor, {subject} {place} einzurichten, am besten noch in diesem Jahr.",
    "Deshalb wünsche ich mir {subject} {place}, so wie es in anderen Städten längst üblich ist.",
    "Könnte die Stadt {subject} {place} prüfen und die Kosten im nächsten Haushalt einplanen?",
)  # fmt: skip
REASONS = (
    "Davon hätten Kinder, ältere Menschen und Gäste der Stadt gleichermaßen etwas.",
    "Das kostet nicht viel und macht den Alltag für viele Menschen spürbar leichter.",
    "Die Nachbarschaft hat schon Unterschriften gesammelt und würde bei der Pflege helfen.",
    "Im Ortsteilrat wurde das Thema bereits mehrfach angesprochen, passiert ist bisher nichts.",
    "Gerade für Menschen ohne Auto ist das wichtig, damit sie sicher ans Ziel kommen.",
    "Der Verein vor Ort hat angeboten, sich an den Kosten zu beteiligen.",
)  # fmt: skip
LISTS = (
    "- weniger Unfälle auf dem Schulweg\n- mehr Ruhe für die Anwohner",
    "- Platz für Begegnung\n- Schatten im Sommer\n- ein schönerer Ortseingang",
    "- gut erreichbar mit dem Bus\n- auch für Rollstühle geeignet",
)  # fmt: skip
CLOSINGS = (
    "Vielen Dank fürs Lesen und Unterstützen!",
    "Ich freue mich über Ihre Meinung in den Kommentaren.",
    "Wer mitmachen möchte, kann sich gern im Bürgerbüro melden.",
)  # fmt: skip
COMMENTS = (
    "Das sehe ich genauso. {Place} ist es wirklich höchste Zeit dafür.",
    "Gute Idee! Meine Kinder gehen jeden Tag {place} vorbei und würden sich sehr freuen.",
    "Ich bin skeptisch, wer soll das bezahlen? Die Stadt hat andere Baustellen.",
    "Wir wohnen direkt {place} und können das nur bestätigen.",
    "Bitte auch an die älteren Leute denken, nicht alle sind gut zu Fuß.",
    "Vielleicht könnte man das mit dem Heimatverein zusammen umsetzen?",
    "Im Nachbarort gibt es so etwas schon seit zwei Jahren, das funktioniert prima.",
    "Ich unterstütze den Vorschlag, aber bitte ohne weitere Parkplätze zu streichen.",
    "Das wurde schon einmal im Stadtrat besprochen, weiß jemand, was daraus geworden ist?",
    "**Wichtig** ist, dass es auch im Winter geräumt und gepflegt wird.",
    "Danke für den Vorschlag! {Place} fehlt so etwas wirklich.",
    "Ich würde beim Aufbau helfen, am Wochenende habe ich Zeit.",
    "Leider wird {place} ohnehin schon viel zu schnell gefahren.",
    "Die Busse fahren abends kaum noch, das sollte man gleich mit verbessern.",
)  # fmt: skip
ANSWERS = (
    "Vielen Dank für Ihren Vorschlag. Das Bauamt prüft die Umsetzung und meldet sich bis zum "
    "Herbst mit einem Ergebnis.",
    "Der Stadtrat hat den Vorschlag in seiner letzten Sitzung beraten und **beschlossen**. Die "
    "Mittel stehen im Haushalt des nächsten Jahres bereit.",
    "Leider lässt sich der Vorschlag an dieser Stelle nicht umsetzen: Die Fläche gehört nicht der "
    "Stadt, und der Eigentümer hat abgelehnt.",
    "Die Maßnahme ist umgesetzt. Danke an alle, die sich beteiligt haben!",
)  # fmt: skip
DEPARTMENTS = ("Bauamt", "Ordnungsamt", "Bürgerbüro", "Grünflächenamt", "Hauptamt")


@dataclass(frozen=True)
class Text:
    """A Markdown text and its HTML, rendered once."""

    body: str
    html: str


def place_in(template: str, chance: random.Random) -> str:
    """Fill {place} (or {Place} at the start of a sentence) with a place in town."""
    place = chance.choice(PLACES)
    return template.replace("{Place}", place[0].upper() + place[1:]).replace("{place}", place)


def person_name(chance: random.Random) -> tuple[str, str]:
    """Return an invented first name and surname."""
    return chance.choice(FIRST_NAMES), chance.choice(SURNAMES)


def proposal_title(chance: random.Random) -> str:
    """Return a title such as "Neue Bänke am Marktplatz"."""
    return f"{chance.choice(SUBJECTS)[0]} {chance.choice(PLACES)}"


def proposal_body(chance: random.Random, length: int = 400) -> str:
    """Return a proposal of about `length` characters: a problem, a suggestion, reasons."""
    subject = chance.choice(SUBJECTS)[1]
    suggestion = chance.choice(SUGGESTIONS).replace("{subject}", subject)
    parts = [place_in(chance.choice(PROBLEMS), chance), place_in(suggestion, chance)]
    if chance.random() < 0.3:
        parts.append(chance.choice(LISTS))
    for reason in chance.sample(REASONS, len(REASONS)):
        if sum(len(part) for part in parts) >= length - 60:
            break
        parts.append(reason)
    parts.append(chance.choice(CLOSINGS))
    return "\n\n".join(parts)


def comment_body(chance: random.Random, length: int = 150) -> str:
    """Return a comment of about `length` characters (one to three sentences)."""
    sentences = [place_in(chance.choice(COMMENTS), chance)]
    while sum(len(s) for s in sentences) < length - 50:
        sentences.append(place_in(chance.choice(COMMENTS), chance))
    return " ".join(sentences)


def proposal_pool(chance: random.Random, size: int) -> list[Text]:
    """Return `size` distinct-ish proposal bodies with their HTML."""
    bodies = [proposal_body(chance) for _ in range(size)]
    return [Text(body, str(render_markdown(body))) for body in bodies]


def comment_pool(chance: random.Random, size: int) -> list[Text]:
    """Return `size` comments with their HTML (the comment renderer's subset)."""
    bodies = [comment_body(chance) for _ in range(size)]
    return [Text(body, str(render_comment_markdown(body))) for body in bodies]


def answer_pool() -> list[Text]:
    """Return the official answers with their HTML."""
    return [Text(body, str(render_markdown(body))) for body in ANSWERS]
