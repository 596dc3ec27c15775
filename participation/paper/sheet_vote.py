"""The ballot ("Stimmzettel") of a vote: the question, the rule, every option (with its cost in
a budget vote), and "Ich enthalte mich" — one box each, one below the other."""

from __future__ import annotations

from flask_babel import gettext as _

from participation.core.town import current_town
from participation.paper import instructions
from participation.paper.layout import Group
from participation.paper.models import SheetKind
from participation.paper.plan import Piece, Planner
from participation.paper.sheet_parts import (
    Item,
    Kit,
    header,
    instructions_block,
    item_list,
    paragraphs,
    plain_paragraphs,
)
from participation.votes.ballot_form import euros
from participation.votes.models import Vote, VoteKind

GROUP = "vote"


def plan_ballot(kit: Kit, vote: Vote) -> Planner:
    """Lay out the ballot of `vote`: with the vote's explanation if the ballot still fits on
    as few pages as without it (a ballot should be one page), else without."""
    with_text = plan(kit, vote, explain=True)
    if len(with_text.pages) == 1:
        return with_text
    without = plan(kit, vote, explain=False)
    return with_text if len(with_text.pages) <= len(without.pages) else without


def plan(kit: Kit, vote: Vote, explain: bool) -> Planner:
    """Lay out the ballot on as many pages as it needs."""
    head = header(kit, _("Stimmzettel"), current_town().platform_name, vote.title)
    planner = Planner(kit.style, head)
    steps = instructions.steps(SheetKind.VOTE, vote.closes_at, kit.easy)
    planner.place([instructions_block(kit, steps)])
    if explain:
        for piece in paragraphs(kit, plain_paragraphs(vote.explanation_html)):
            planner.place([piece])
    planner.place(ballot_pieces(kit, vote))
    return planner


def items(vote: Vote) -> list[Item]:
    """Return a box for every option and one for abstaining."""
    budget = vote.kind is VoteKind.BUDGET
    rows = [
        Item(
            label=option.title,
            meaning={"kind": "option", "option": option.id},
            description=" ".join(plain_paragraphs(option.description_html)),
            aside=euros(option.cost) if budget else "",
        )
        for option in vote.options
    ]
    abstain = Item(
        label=_("Ich enthalte mich"),
        meaning={"kind": "abstain"},
        description=_(
            "Sie nehmen teil, stimmen aber für keine Antwort. Ihre Enthaltung wird mitgezählt."
        ),
    )
    return [*rows, abstain]


def ballot_pieces(kit: Kit, vote: Vote) -> list[Piece]:
    """Return the rule and the boxes, the rule joined to the first box."""
    group = Group(
        key=GROUP, kind=vote.kind.value, label=vote.title, page=1, limit=vote.choice_limit()
    )
    w = kit.writer(group)
    for sentence in instructions.vote_rule(vote, kit.easy):
        w.paragraph(sentence, bold=True, gap=1)
    return item_list(kit, w, items(vote), GROUP, bold=True)
