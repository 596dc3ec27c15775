"""Surveys: sections, questions and options in a fixed, printable order; responses and answers.

Online and paper responses end in the same tables, told apart only by `channel`. A response of
an anonymous survey carries no account; who has answered is kept apart in `survey_participations`
(only to refuse a second response). Responses have random ids and answers a composite key, so no
sequence number lines them up with the participations; anonymous responses keep only the day.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.channels import Channel
from participation.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from participation.extensions import db


class Audience(enum.StrEnum):
    """Who may answer a survey."""

    ANYONE = "anyone"  # guests too (one response per browser, a soft limit)
    RESIDENTS = "residents"  # signed-in accounts
    VERIFIED = "verified"  # accounts whose identity the Bürgerbüro checked


class QuestionType(enum.StrEnum):
    """The kinds of question; each can be answered on paper by marks or on ruled lines."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    YES_NO = "yes_no"
    SCALE = "scale"
    MATRIX = "matrix"
    RANKING = "ranking"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE}
OPTION_TYPES = {
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.MATRIX,
    QuestionType.RANKING,
}
SCALE_TYPES = {QuestionType.SCALE, QuestionType.MATRIX}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}


class Phase(enum.StrEnum):
    """Where a survey is in time (derived from its fields, never stored)."""

    DRAFT = "draft"  # not published: only staff see it
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


class Survey(TimestampMixin, db.Model):
    """A set of questions staff put to residents for a time."""

    __tablename__ = "surveys"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    intro: Mapped[str] = mapped_column(Text, default="", nullable=False)
    intro_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
    audience: Mapped[Audience] = mapped_column(
        enum_column(Audience), default=Audience.RESIDENTS, nullable=False
    )
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("comment_threads.id"), unique=True, nullable=False
    )
    response_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Raised with every change to its responses, answers or questions (stored_figures.py).
    results_version: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", nullable=False
    )
    # Paper response sheets count once two staff members entered them alike (paper/entry.py).
    paper_double_entry: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # double sends
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    sections = relationship(
        "Section",
        back_populates="survey",
        order_by="(Section.position, Section.id)",
        cascade="all, delete-orphan",
    )
    thread = relationship("CommentThread")
    created_by = relationship("User")

    def phase(self, now: datetime | None = None) -> Phase:
        """Return whether the survey is a draft, not yet open, open or closed."""
        now = now or utcnow()
        if self.published_at is None:
            return Phase.DRAFT
        if now < self.opens_at:
            return Phase.UPCOMING
        return Phase.OPEN if now < self.closes_at else Phase.CLOSED

    def questions(self) -> list[Question]:
        """Return every question in the printed order (section by section)."""
        return [question for section in self.sections for question in section.questions]


class Section(db.Model):
    """A group of questions under a heading; every question belongs to one."""

    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    heading: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)

    survey = relationship("Survey", back_populates="sections")
    questions = relationship(
        "Question",
        back_populates="section",
        order_by="(Question.position, Question.id)",
        cascade="all, delete-orphan",
    )


class Question(db.Model):
    """One question. Its options (choices, matrix rows, ranked items) keep a fixed order.

    min_choices/max_choices: multiple choice (how many may be ticked), ranking (max = how many
    places to fill). scale_min/scale_max (1–5 or 0–10) with labelled ends: scale and matrix.
    number_min/number_max/number_decimals: number questions.
    """

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("survey_sections.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[QuestionType] = mapped_column(enum_column(QuestionType), nullable=False)
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    help_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    required: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    allow_other: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    min_choices: Mapped[int | None] = mapped_column(Integer)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    scale_min: Mapped[int | None] = mapped_column(Integer)
    scale_max: Mapped[int | None] = mapped_column(Integer)
    scale_min_label: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    scale_max_label: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    number_min: Mapped[float | None] = mapped_column(Float)
    number_max: Mapped[float | None] = mapped_column(Float)
    number_decimals: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    section = relationship("Section", back_populates="questions")
    options = relationship(
        "Option",
        back_populates="question",
        order_by="(Option.position, Option.id)",
        cascade="all, delete-orphan",
    )

    def scale_points(self) -> list[int]:
        """Return the points of the scale, lowest first (empty for other kinds)."""
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))


class Option(db.Model):
    """A choice of a choice question, a row of a matrix, or an item to rank."""

    __tablename__ = "survey_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String(300), nullable=False)

    question = relationship("Question", back_populates="options")


def random_response_id() -> str:
    """Return a random id: responses carry no sequence that would reveal their order."""
    return secrets.token_hex(16)


class Response(db.Model):
    """One person's (or one paper sheet's) submitted answers to a survey.

    `user_id` is empty for anonymous surveys, guests and paper; `submitted_at` is kept only
    where the survey is not anonymous (`submitted_on`, the day, always).
    """

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "user_id"),
        UniqueConstraint("sheet_code"),
        Index("ix_survey_responses_survey_channel", "survey_id", "channel"),
        Index("ix_survey_responses_survey_id", "survey_id", "id"),  # the export's keyset paging
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_response_id)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.ONLINE, nullable=False
    )
    sheet_code: Mapped[str | None] = mapped_column(String(24))
    submitted_on: Mapped[date] = mapped_column(Date, nullable=False)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    answers = relationship("Answer", cascade="all, delete-orphan", passive_deletes=True)


class Answer(db.Model):
    """One value of a response.

    item: 0 for single-value questions and for the "other" text; the option's id for the rows of
    multiple choice, matrix and ranking. value_int: the scale point, the rank (1 = first) or yes/no
    (1/0). value_text: text answers and "other". Staff can hide a text from the public results.
    """

    __tablename__ = "survey_answers"
    __table_args__ = (
        # Counting per option (and per scale point of a matrix row or rank) reads the index alone.
        Index("ix_survey_answers_question_option", "question_id", "option_id", "value_int"),
        Index("ix_survey_answers_question_value", "question_id", "value_int"),
        # "How many answered this question" counts distinct responses in index order.
        Index("ix_survey_answers_question_response", "question_id", "response_id"),
    )

    response_id: Mapped[str] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_options.id", ondelete="CASCADE")
    )
    value_int: Mapped[int | None] = mapped_column(Integer)
    value_number: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class Participation(db.Model):
    """That an account has answered a survey: the database refuses a second response."""

    __tablename__ = "survey_participations"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.ONLINE, nullable=False
    )
    day: Mapped[date] = mapped_column(Date, nullable=False)


class Draft(db.Model):
    """Answers a signed-in person saved to continue later; deleted when the response is sent."""

    __tablename__ = "survey_drafts"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    data: Mapped[dict] = mapped_column(JSON, nullable=False)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
