"""The schemas of the open data API's objects (OpenAPI 3.0 components), field by field as
api_shapes.py and api_results.py write them. Objects allow no other fields (see api_spec.py)."""

from __future__ import annotations

from participation.proposals.models import ProposalStatus
from participation.results.models import ImplementationStatus
from participation.surveys.models import Audience, QuestionType
from participation.votes.models import Eligibility, VoteKind

STRING = {"type": "string"}
TEXT = {"type": "string", "nullable": True}
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
NUMBER = {"type": "number", "nullable": True}
URL = {"type": "string", "format": "uri"}
MAYBE_URL = {"type": "string", "format": "uri", "nullable": True}
MOMENT = {"type": "string", "format": "date-time"}
MAYBE_MOMENT = {"type": "string", "format": "date-time", "nullable": True}
DAY = {"type": "string", "format": "date", "nullable": True}
PHASE = {"type": "string", "enum": ["upcoming", "open", "closed"]}
CHANNEL = {"type": "string", "enum": ["online", "paper"]}


def ref(name: str) -> dict:
    """Return a reference to a schema component."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    """Return an object schema of exactly these fields (all required but `optional`)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def array(items: dict) -> dict:
    """Return an array schema."""
    return {"type": "array", "items": items}


def values(enum_class, nullable: bool = False) -> dict:
    """Return a string schema of an enum's values."""
    schema = {"type": "string", "enum": [item.value for item in enum_class]}
    return {**schema, "nullable": True, "enum": [*schema["enum"], None]} if nullable else schema


def envelope(name: str, listed: bool) -> dict:
    """Return the schema of a response: the data (a page of a list or one object) and the
    licence."""
    if not listed:
        return obj({"data": ref(name), "licence": ref("Licence")})
    return obj(
        {
            "data": array(ref(name)),
            "meta": ref("Meta"),
            "links": ref("Links"),
            "licence": ref("Licence"),
        }
    )


BY_CHANNEL = obj({"online": COUNT, "paper": COUNT, "total": COUNT})
OUTCOME = obj({"funded": array(INTEGER), "filled": array(INTEGER), "spent": COUNT, "left": INTEGER})
BUDGET = {
    **obj(
        {
            "amount": {**INTEGER, "nullable": True},
            "voters": COUNT,
            "greedy": OUTCOME,
            "equal_shares": OUTCOME,
        }
    ),
    "nullable": True,
}

PUBLISHED = {
    "published_at": MOMENT,
    "decision": TEXT,
    "decision_date": DAY,
    "statement_text": STRING,
    "statement_html": STRING,
    "corrections": array(obj({"corrected_at": MOMENT, "note": STRING})),
    "documents": array(obj({"title": STRING, "size_bytes": COUNT, "url": URL})),
    "html_url": URL,
}
COUNTED = obj(
    {
        "key": {"oneOf": [INTEGER, STRING]},
        "label": STRING,
        "count": COUNT,
        "percent": {"type": "number"},
    }
)
QUESTION_RESULT = obj(
    {
        "number": INTEGER,
        "id": INTEGER,
        "kind": values(QuestionType),
        "text": STRING,
        "answered": COUNT,
        "skipped": COUNT,
        "counts": array(COUNTED),
        "mean": NUMBER,
        "median": NUMBER,
        "rows": array(
            obj(
                {
                    "label": STRING,
                    "answered": COUNT,
                    "mean": NUMBER,
                    "median": NUMBER,
                    "counts": array(
                        obj({"point": INTEGER, "count": COUNT, "percent": {"type": "number"}})
                    ),
                }
            )
        ),
        "places": COUNT,
        "ranking": array(
            obj(
                {"label": STRING, "points": COUNT, "firsts": COUNT, "placed": COUNT, "place": COUNT}
            )
        ),
        "numbers": obj(
            {"count": COUNT, "mean": NUMBER, "median": NUMBER, "minimum": NUMBER, "maximum": NUMBER}
        ),
        "texts": array(obj({"text": STRING})),
        "hidden_texts": COUNT,
    },
    optional=("counts", "mean", "median", "rows", "places", "ranking", "numbers", "texts")
    + ("hidden_texts",),
)
SURVEY = {
    "id": INTEGER,
    "title": STRING,
    "intro_text": STRING,
    "intro_html": STRING,
    "phase": PHASE,
    "opens_at": MOMENT,
    "closes_at": MOMENT,
    "audience": values(Audience),
    "anonymous": {"type": "boolean"},
    "response_count": COUNT,
    "url": URL,
    "html_url": URL,
    "results_url": MAYBE_URL,
    "results_html_url": MAYBE_URL,
}
QUESTION = obj(
    {
        "id": INTEGER,
        "number": INTEGER,
        "kind": values(QuestionType),
        "text": STRING,
        "options": array(STRING),
    }
)
UPDATE = obj(
    {
        "id": INTEGER,
        "happened_on": {"type": "string", "format": "date"},
        "text_text": STRING,
        "text_html": STRING,
        "status": values(ImplementationStatus),
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "photo_url": MAYBE_URL,
        "photo_alt": TEXT,
    }
)

SCHEMAS = {
    "Licence": obj({"name": STRING, "url": URL, "attribution": STRING}),
    "Meta": obj({"page": INTEGER, "per_page": INTEGER, "total": COUNT, "pages": INTEGER}),
    "Links": obj({"self": URL, "first": URL, "last": URL, "next": MAYBE_URL, "prev": MAYBE_URL}),
    "Error": obj(
        {
            "error": obj({"status": INTEGER, "message": STRING, "parameter": TEXT}),
            "licence": ref("Licence"),
        }
    ),
    "Index": obj(
        {
            "name": STRING,
            "version": STRING,
            "openapi_url": URL,
            "documentation_url": URL,
            "endpoints": array(obj({"path": STRING, "summary": STRING, "url": MAYBE_URL})),
        }
    ),
    "Proposal": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "body_text": STRING,
            "body_html": STRING,
            "status": values([s for s in ProposalStatus if s is not ProposalStatus.DRAFT]),
            "category": STRING,
            "district": TEXT,
            "channel": CHANNEL,
            "author_name": TEXT,
            "published_at": MAYBE_MOMENT,
            "edited_at": MAYBE_MOMENT,
            "support_count": COUNT,
            "comment_count": COUNT,
            "url": URL,
            "html_url": URL,
            "answers_url": URL,
        }
    ),
    "Answer": obj(
        {
            "id": INTEGER,
            "proposal_id": INTEGER,
            "proposal_title": STRING,
            "answered_at": MOMENT,
            "from_status": values(ProposalStatus, nullable=True),
            "to_status": values(ProposalStatus, nullable=True),
            "department": TEXT,
            "body_text": STRING,
            "body_html": STRING,
            "proposal_url": URL,
            "html_url": URL,
        }
    ),
    "Survey": obj(SURVEY),
    "SurveyDetail": obj({**SURVEY, "questions": array(QUESTION)}),
    "SurveyResults": obj(
        {
            "survey_id": INTEGER,
            "title": STRING,
            **PUBLISHED,
            "responses": COUNT,
            "responses_by_channel": obj({"online": COUNT, "paper": COUNT}),
            "questions": array(QUESTION_RESULT),
        }
    ),
    "Vote": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "explanation_text": STRING,
            "explanation_html": STRING,
            "kind": values(VoteKind),
            "phase": PHASE,
            "opens_at": MOMENT,
            "closes_at": MOMENT,
            "eligibility": values(Eligibility),
            "districts": array(STRING),
            "max_choices": {**INTEGER, "nullable": True},
            "budget": {**INTEGER, "nullable": True},
            "eligible_count": {**INTEGER, "nullable": True},
            "ballot_count": COUNT,
            "options": array(
                obj(
                    {
                        "id": INTEGER,
                        "position": INTEGER,
                        "title": STRING,
                        "description_text": STRING,
                        "description_html": STRING,
                        "cost": {**INTEGER, "nullable": True},
                    }
                )
            ),
            "url": URL,
            "html_url": URL,
            "results_url": MAYBE_URL,
            "results_html_url": MAYBE_URL,
        }
    ),
    "VoteResults": obj(
        {
            "vote_id": INTEGER,
            "title": STRING,
            "kind": values(VoteKind),
            **PUBLISHED,
            "tally": obj(
                {
                    "options": array(
                        obj(
                            {
                                "id": INTEGER,
                                "position": INTEGER,
                                "title": STRING,
                                "cost": {**INTEGER, "nullable": True},
                                "votes": BY_CHANNEL,
                                "percent": NUMBER,
                            }
                        )
                    ),
                    "ballots": BY_CHANNEL,
                    "valid": BY_CHANNEL,
                    "abstentions": BY_CHANNEL,
                    "invalid": BY_CHANNEL,
                    "valid_percent": NUMBER,
                    "abstention_percent": NUMBER,
                    "invalid_percent": NUMBER,
                    "eligible_count": {**INTEGER, "nullable": True},
                    "turnout_percent": NUMBER,
                }
            ),
            "budget": BUDGET,
        }
    ),
    "Implementation": obj(
        {
            "id": INTEGER,
            "subject": {"type": "string", "enum": ["proposal", "budget_project"]},
            "proposal_id": {**INTEGER, "nullable": True},
            "vote_id": {**INTEGER, "nullable": True},
            "vote_option_id": {**INTEGER, "nullable": True},
            "title": STRING,
            "category": TEXT,
            "department": TEXT,
            "status": values(ImplementationStatus),
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "planned_completion": DAY,
            "actual_completion": DAY,
            "updated_at": MOMENT,
            "url": URL,
            "html_url": URL,
            "updates": array(UPDATE),
        }
    ),
    "Category": obj(
        {"name": STRING, "proposal_count": COUNT, "proposals_url": URL, "proposals_html_url": URL}
    ),
}
