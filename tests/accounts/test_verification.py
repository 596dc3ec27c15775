"""The identity key and the verification service: one person, one verified account."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from participation.accounts import verification
from participation.accounts.identity import (
    first_given_name,
    identity_key,
    normalise_name,
    unreadable_letters,
)
from participation.core.audit import AuditEntry
from participation.core.permissions import Role

BORN = date(1964, 8, 12)


def key(surname: str, given: str = "Erika", born: date = BORN) -> str:
    return identity_key(surname, given, born)


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("mustermann", "MUSTERMANN"),
        ("Mueller", "Müller"),
        ("MUELLER", "müller"),
        ("Weiss", "Weiß"),
        ("STRAUSS", "Strauß"),
        ("Goethe", "Göthe"),
        ("Jose", "José"),
        ("Capek", "Čapek"),
        ("Francois", "François"),
        ("Oersted", "Ørsted"),
        ("Lukasiewicz", "Łukasiewicz"),
        ("Mueller Luedenscheidt", "Müller-Lüdenscheidt"),
        ("muellerluedenscheidt", "Müller - Lüdenscheidt"),
        ("ONeill", "O’Neill"),
        ("Meyer", " Meyer "),
        ("Mu\u0308ller", "Müller"),  # a decomposed ü, as some keyboards send it
    ],
)
def test_the_same_name_typed_differently_gives_the_same_key(app, typed, printed):
    assert key(typed) == key(printed)


@pytest.mark.parametrize(
    "typed, printed",
    [("Anna", "Anna Maria"), ("Anna Lena", "Anna Maria Luise"), ("- Anna", "Anna")],
)
def test_only_the_first_given_name_counts(app, typed, printed):
    assert key("Schmidt", typed) == key("Schmidt", printed)


@pytest.mark.parametrize(
    "one, other",
    [
        (("Schmidt", "Anna", BORN), ("Schmidt", "Anna", date(1964, 8, 13))),
        (("Schmidt", "Anna", BORN), ("Schmidt", "Anne", BORN)),
        (("Schmidt", "Anna", BORN), ("Schmitt", "Anna", BORN)),
        (("Schmidt", "Anna", BORN), ("Anna", "Schmidt", BORN)),
        (("Schmidt", "Anna-Maria", BORN), ("Schmidt", "Anna", BORN)),
        (("Schmidt", "Anna", BORN), ("Schmidt", "Maria Anna", BORN)),
    ],
)
def test_different_people_get_different_keys(app, one, other):
    assert identity_key(*one) != identity_key(*other)


def test_the_key_reveals_nothing_without_the_secret(app, monkeypatch):
    found = key("Mustermann")
    assert len(found) == 64 and int(found, 16) >= 0
    assert "mustermann" not in found and "1964" not in found
    monkeypatch.setitem(app.config, "IDENTITY_KEY_SECRET", "another-secret-of-another-town-xx")
    assert key("Mustermann") != found


def test_names_without_usable_letters_have_no_key(app):
    assert normalise_name("123 -'") == ""
    with pytest.raises(ValueError):
        identity_key("123", "Erika", BORN)
    with pytest.raises(ValueError):
        identity_key("Mustermann", "- 42", BORN)


def test_letters_of_other_scripts_are_named_not_dropped():
    assert unreadable_letters("Иванов") == sorted(set("Иванов"))
    assert unreadable_letters("Müller-Lüdenscheidt Ørsted Łódź Þórsdóttir") == []
    assert first_given_name("  Anna   Maria ") == "Anna"
    assert first_given_name("") == ""


# --- the service ------------------------------------------------------------------------


def verify(user, staff=None, surname="Mustermann", **changes):
    """Verify `user` for Erika Mustermann (or the person described by `changes`)."""
    details = {"given_names": "Erika", "birth_date": BORN, "district": None, **changes}
    return verification.verify(user, surname=surname, staff=staff, **details)


def entries(db, user):
    query = select(AuditEntry).where(AuditEntry.target_id == user.id).order_by(AuditEntry.id)
    return [e for e in db.session.scalars(query) if e.action.startswith("accounts.")]


def test_verify_stores_the_key_who_when_and_the_district(db, make_user):
    staff = make_user(roles=(Role.STAFF,))
    resident = make_user()
    verify(resident, staff, district="Innenstadt")
    assert resident.is_verified and resident.has_role(Role.VERIFIED)
    assert resident.identity_key == key("Mustermann")
    assert resident.verified_by_id == staff.id and resident.verified_at is not None
    assert resident.district == "Innenstadt"
    [entry] = entries(db, resident)
    assert (entry.action, entry.actor_id) == ("accounts.verified", staff.id)
    assert entry.after == {"district": "Innenstadt"} and entry.before is None


def test_a_second_account_of_the_same_person_is_refused(db, make_user):
    first, second = make_user(), make_user()
    verify(first)
    with pytest.raises(verification.IdentityInUse) as refused:
        verify(second, surname="MUSTERMANN", given_names="erika maria")
    assert refused.value.other.id == first.id
    db.session.refresh(second)
    assert not second.is_verified and not second.has_role(Role.VERIFIED)
    assert entries(db, second) == []


def test_an_account_is_verified_once(db, make_user):
    user = make_user()
    verify(user)
    with pytest.raises(verification.AlreadyVerified):
        verify(user, surname="Anders")


def test_unconfirmed_and_own_accounts_are_refused(db, make_user):
    with pytest.raises(verification.NotConfirmed):
        verify(make_user(confirmed=False))
    staff = make_user(roles=(Role.STAFF,))
    with pytest.raises(verification.OwnAccount):
        verify(staff, staff)


def test_revoke_frees_the_person_for_another_account(db, make_user):
    staff = make_user(roles=(Role.STAFF,))
    first, second = make_user(), make_user()
    verify(first, staff, district="Schlettwein")
    assert verification.revoke(first, staff=staff) is True
    assert not first.is_verified and not first.has_role(Role.VERIFIED)
    assert (first.verified_at, first.verified_by_id, first.district) == (None, None, None)
    assert [e.action for e in entries(db, first)] == [
        "accounts.verified",
        "accounts.verification_revoked",
    ]
    assert entries(db, first)[-1].before == {"district": "Schlettwein"}
    assert entries(db, first)[-1].actor_id == staff.id
    verify(second, staff)
    assert second.is_verified
    assert verification.revoke(first, staff=staff) is False
    assert len(entries(db, first)) == 2


def test_a_verified_role_without_key_is_completed_or_revoked(db, make_user):
    """An account that holds the role from before in-person verification existed."""
    from participation.accounts.models import UserRole

    user = make_user()
    user.roles.append(UserRole(role=Role.VERIFIED))
    db.session.flush()
    verify(user)
    assert user.is_verified and [g.role for g in user.roles].count(Role.VERIFIED) == 1
    other = make_user()
    other.roles.append(UserRole(role=Role.VERIFIED))
    db.session.flush()
    assert verification.revoke(other, staff=None) is True
    assert not other.has_role(Role.VERIFIED)


def test_masked_email():
    assert verification.masked_email("berta@example.org") == "b***@example.org"
    assert verification.masked_email("b@example.org") == "b***@example.org"


def test_search_needs_three_characters_and_is_short(db, make_user):
    make_user(email="zz.suche@example.org", display_name="Zora Zuse")
    for number in range(25):
        make_user(display_name=f"Suchbar {number:02d}")
    assert verification.find_accounts("zz") == ([], False)
    found, more = verification.find_accounts("ZZ.SU")
    assert [u.display_name for u in found] == ["Zora Zuse"] and not more
    found, more = verification.find_accounts("suchbar")
    assert len(found) == verification.SEARCH_LIMIT and more
