from sqlalchemy import func, select

from participation.accounts.models import User
from participation.accounts.seed import DEMO_ACCOUNTS
from participation.core.audit import AuditEntry
from participation.core.permissions import Role


def test_seed_demo_twice_creates_each_account_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    second = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "admin@example.org" in first.output and "instance" in first.output
    emails = [email for email, _, _ in DEMO_ACCOUNTS]
    count = db.session.scalar(select(func.count()).where(User.email.in_(emails)))
    assert count == len(DEMO_ACCOUNTS) == 6
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    assert admin.has_role(Role.ADMIN) and admin.is_confirmed
    held = set()
    for email in emails:
        held |= db.session.scalar(select(User).where(User.email == email)).role_set()
    assert held == set(Role)


def test_create_admin_makes_a_confirmed_admin(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "Chefin@Example.org",
            "--password",
            "Sicheres-Admin-Passwort-1",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "chefin@example.org"))
    assert user.has_role(Role.ADMIN) and user.is_confirmed
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.target_id == user.id))
    assert entry.actor_id is None and entry.after == {"roles": ["admin"]}


def test_create_admin_promotes_an_existing_account(app, db, make_user):
    user = make_user(email="vorhanden@example.org")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-admin", "vorhanden@example.org", "--password", "egal-egal-egal"]
    )
    assert "now has the admin role" in result.output
    db.session.refresh(user)
    assert user.has_role(Role.ADMIN)
    again = runner.invoke(
        args=["users", "create-admin", "vorhanden@example.org", "--password", "egal-egal-egal"]
    )
    assert "already had" in again.output


def test_create_admin_refuses_a_weak_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "x@example.org", "--password", "passwort123"]
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_seed_demo_refuses_to_run_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code != 0
    assert "not in production" in result.output


def test_create_admin_refuses_a_malformed_address(app, db):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "kein-at", "--password", "egal-egal-egal"]
    )
    assert result.exit_code != 0
    assert "kein-at" in result.output


def test_seed_demo_adds_a_dozen_proposals_once(app, db):
    from participation.proposals.models import Proposal, ProposalEvent, ProposalStatus

    runner = app.test_cli_runner()
    runner.invoke(args=["seed", "demo"])
    runner.invoke(args=["seed", "demo"])
    from participation.core.channels import Channel

    proposals = db.session.scalars(select(Proposal)).all()
    assert [p.channel for p in proposals].count(Channel.ONLINE) == 12
    assert [p.channel for p in proposals].count(Channel.PAPER) == 1  # an idea card typed in
    assert {p.category for p in proposals} >= {"Verwaltungsleistungen", "Kultur und Tourismus"}
    assert any(p.status is ProposalStatus.ACCEPTED for p in proposals)
    assert sum(p.support_count for p in proposals) > 0
    answers = db.session.scalars(
        select(ProposalEvent).where(ProposalEvent.department.is_not(None))
    ).all()
    assert len(answers) == 1
    discussed = [p for p in proposals if p.comment_count and p.channel is Channel.ONLINE]
    [card] = [p for p in proposals if p.channel is Channel.PAPER]
    assert card.comment_count == 1  # a letter about it, typed in from paper
    assert len(discussed) == 4 and all(
        p.comment_count == 3 or p.comment_count == 4 for p in discussed
    )


def test_seed_demo_fills_the_moderation_queue_once(app, db):
    from participation.comments.models import Comment, CommentState
    from participation.moderation.models import ModerationItem, Report
    from participation.moderation.seed import SPAM_TEXT

    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["seed", "demo"])
        assert result.exit_code == 0, result.output
    open_items = db.session.scalar(
        select(func.count()).select_from(ModerationItem).where(ModerationItem.is_open)
    )
    assert open_items == 3
    assert db.session.scalar(select(func.count()).select_from(Report)) == 5
    spam = db.session.scalar(select(Comment).where(Comment.body == SPAM_TEXT))
    assert spam.state is CommentState.HIDDEN and spam.hidden_reason == "under_review"
