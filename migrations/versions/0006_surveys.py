"""Surveys: sections, questions, options; responses with random ids and answers with a composite
key; participations (who answered) and saved drafts kept apart from the responses.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 10:33:04.545354

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("intro_html", sa.Text(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "audience",
            sa.Enum(
                "anyone", "residents", "verified", name="audience", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("response_count", sa.Integer(), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("closes_at > opens_at", name=op.f("ck_surveys_closes_after_opening")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_surveys_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["comment_threads.id"], name=op.f("fk_surveys_thread_id_comment_threads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_surveys_submission_key")),
        sa.UniqueConstraint("thread_id", name=op.f("uq_surveys_thread_id")),
    )
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surveys_closes_at"), ["closes_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_surveys_published_at"), ["published_at"], unique=False)

    op.create_table(
        "survey_drafts",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_drafts_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_drafts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "user_id", name=op.f("pk_survey_drafts")),
    )
    with op.batch_alter_table("survey_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_drafts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "survey_participations",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum("online", "paper", name="channel", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_participations_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_participations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "user_id", name=op.f("pk_survey_participations")),
    )
    with op.batch_alter_table("survey_participations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_participations_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "channel",
            sa.Enum("online", "paper", name="channel", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("sheet_code", sa.String(length=24), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_responses_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_responses_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("sheet_code", name=op.f("uq_survey_responses_sheet_code")),
        sa.UniqueConstraint(
            "survey_id", "user_id", name=op.f("uq_survey_responses_survey_id_user_id")
        ),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_responses_survey_channel", ["survey_id", "channel"], unique=False
        )
        batch_op.create_index("ix_survey_responses_survey_id", ["survey_id", "id"], unique=False)

    op.create_table(
        "survey_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_sections_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_sections")),
    )
    with op.batch_alter_table("survey_sections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_sections_survey_id"), ["survey_id"], unique=False
        )

    op.create_table(
        "survey_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "single",
                "multiple",
                "yes_no",
                "scale",
                "matrix",
                "ranking",
                "short_text",
                "long_text",
                "number",
                name="questiontype",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("help_text", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("allow_other", sa.Boolean(), nullable=False),
        sa.Column("min_choices", sa.Integer(), nullable=True),
        sa.Column("max_choices", sa.Integer(), nullable=True),
        sa.Column("scale_min", sa.Integer(), nullable=True),
        sa.Column("scale_max", sa.Integer(), nullable=True),
        sa.Column("scale_min_label", sa.String(length=100), nullable=False),
        sa.Column("scale_max_label", sa.String(length=100), nullable=False),
        sa.Column("number_min", sa.Float(), nullable=True),
        sa.Column("number_max", sa.Float(), nullable=True),
        sa.Column("number_decimals", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["survey_sections.id"],
            name=op.f("fk_survey_questions_section_id_survey_sections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_questions_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
    )
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_questions_section_id"), ["section_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_questions_survey_id"), ["survey_id"], unique=False
        )

    op.create_table(
        "survey_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_options_question_id_survey_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_options")),
    )
    with op.batch_alter_table("survey_options", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_options_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "survey_answers",
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=True),
        sa.Column("value_int", sa.Integer(), nullable=True),
        sa.Column("value_number", sa.Float(), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["survey_options.id"],
            name=op.f("fk_survey_answers_option_id_survey_options"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_answers_question_id_survey_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_answers_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "response_id", "question_id", "item", name=op.f("pk_survey_answers")
        ),
    )
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_answers_question_option",
            ["question_id", "option_id", "value_int"],
            unique=False,
        )
        batch_op.create_index(
            "ix_survey_answers_question_response", ["question_id", "response_id"], unique=False
        )
        batch_op.create_index(
            "ix_survey_answers_question_value", ["question_id", "value_int"], unique=False
        )


def downgrade():
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_answers_question_response")
        batch_op.drop_index("ix_survey_answers_question_value")
        batch_op.drop_index("ix_survey_answers_question_option")

    op.drop_table("survey_answers")
    with op.batch_alter_table("survey_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_options_question_id"))

    op.drop_table("survey_options")
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_questions_survey_id"))
        batch_op.drop_index(batch_op.f("ix_survey_questions_section_id"))

    op.drop_table("survey_questions")
    with op.batch_alter_table("survey_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_sections_survey_id"))

    op.drop_table("survey_sections")
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_responses_survey_id")
        batch_op.drop_index("ix_survey_responses_survey_channel")

    op.drop_table("survey_responses")
    with op.batch_alter_table("survey_participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_participations_user_id"))

    op.drop_table("survey_participations")
    with op.batch_alter_table("survey_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_drafts_user_id"))

    op.drop_table("survey_drafts")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveys_published_at"))
        batch_op.drop_index(batch_op.f("ix_surveys_closes_at"))

    op.drop_table("surveys")
