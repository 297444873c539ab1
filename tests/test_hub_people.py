"""The hub's people (issue 32, its first part): an admin adds, lists and removes them from the
command line; passwords are kept only as Argon2 hashes; every change is in the audit log."""

from __future__ import annotations

import sqlite3

import pytest

import sevenminute.commands.hub as hub_command
from sevenminute.hub import people as people_module
from sevenminute.hub.people import DATABASE, ROLES, People

PASSWORD = "correct horse battery staple"


def _add(run, email: str, role: str, password: str = PASSWORD, *extra: str):
    return run("hub", "user", "add", email, "--role", role, *extra, input=password + "\n")


def test_an_admin_adds_people_from_a_script_and_lists_them_by_role(project, run):
    code, out, err = _add(run, "Sam.Jones@Example.org", "author", PASSWORD, "--name", "Sam Jones")
    assert code == 0, err
    assert out == f"Added Sam Jones <sam.jones@example.org> as author: {ROLES['author']}.\n"
    assert _add(run, "lee@example.org", "approver")[0] == 0
    code, out, _ = run("hub", "user", "list")
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "2 people"
    assert lines[0].split() == ["approver", "lee@example.org", "lee", "(added", lines[0].split()[-1]]
    assert lines[1].startswith("author    sam.jones@example.org") and "Sam Jones" in lines[1]
    assert PASSWORD not in out


def test_with_no_one_added_the_list_says_how_to_add_the_first_admin(project, run):
    code, out, _ = run("hub", "user", "list")
    assert code == 0 and "The hub has no people yet" in out
    assert "python build.py hub user add EMAIL --role admin" in out


def test_a_password_is_kept_only_as_an_argon2_hash_and_only_it_signs_in(project, run):
    assert _add(run, "sam@example.org", "author")[0] == 0
    with sqlite3.connect(project / DATABASE) as db:
        (stored,) = db.execute("SELECT password_hash FROM people").fetchone()
    assert stored.startswith("$argon2id$")
    assert PASSWORD.encode() not in (project / DATABASE).read_bytes()
    people = People(project / DATABASE)
    assert people.signs_in("SAM@example.org", PASSWORD).role == "author"
    assert people.signs_in("sam@example.org", PASSWORD + "!") is None
    assert people.signs_in("sam@example.org", "") is None


def test_an_address_no_account_has_is_checked_as_hard_as_one_that_exists(project, run, monkeypatch):
    """The sign-in never says, by its answer or by how much work it does, whether an account exists."""
    assert _add(run, "sam@example.org", "author")[0] == 0
    people = People(project / DATABASE)
    real, checked = people_module._hasher(), []

    class Watched:  # the kit's Argon2 hasher, noting each hash it checks a password against
        def hash(self, password):
            return real.hash(password)

        def verify(self, stored, password):
            checked.append(stored)
            return real.verify(stored, password)

    monkeypatch.setattr(people_module, "_hasher", Watched)
    assert people.signs_in("nobody@example.org", PASSWORD) is None
    assert people.signs_in("sam@example.org", "wrong password here") is None
    assert len(checked) == 2 and all(stored.startswith("$argon2id$") for stored in checked)


def test_at_a_terminal_the_password_is_asked_for_twice_and_not_shown(project, run, monkeypatch):
    monkeypatch.setattr(hub_command, "_stdin_is_terminal", lambda: True)
    answers = f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n"
    code, out, err = run("hub", "user", "add", "sam@example.org", "--role", "board", input=answers)
    assert code == 0, err
    assert out.count("Password: ") == 2 and out.count("Password again: ") == 2
    assert "do not match" in out + err
    assert PASSWORD not in out
    assert People(project / DATABASE).signs_in("sam@example.org", PASSWORD).role == "board"


@pytest.mark.parametrize(
    ("email", "role", "password", "status", "said"),
    [
        (
            "sam@example.org",
            "author",
            "short",
            1,
            "the password is 5 characters long; give one of at least 12",
        ),
        ("sam at example", "author", PASSWORD, 1, "“sam at example” is not an email address"),
        (
            "sam@example.org",
            "boss",
            PASSWORD,
            2,
            "'boss' is not one of 'admin', 'author', 'approver', 'board'",
        ),
    ],
)
def test_a_bad_address_role_or_password_is_refused_in_plain_words(
    project, run, email, role, password, status, said
):
    code, out, err = _add(run, email, role, password)
    assert code == status and said in out + err
    assert "Traceback" not in out + err
    assert not (project / DATABASE).is_file() or People(project / DATABASE).everyone() == []


def test_a_person_is_added_once_removed_cannot_sign_in_and_the_audit_log_says_who_did_what(project, run):
    assert _add(run, "sam@example.org", "author")[0] == 0
    code, _, err = _add(run, "SAM@example.org", "admin")
    assert code == 1 and "sam@example.org is already one of the hub's people" in err
    code, out, _ = run("hub", "user", "remove", "sam@example.org")
    assert code == 0 and "they can no longer sign in" in out
    assert People(project / DATABASE).signs_in("sam@example.org", PASSWORD) is None
    code, _, err = run("hub", "user", "remove", "sam@example.org")
    assert code == 1 and "is not one of the hub's people" in err
    log = People(project / DATABASE).audit()
    assert [(who, action, what) for _, who, action, what in log] == [
        ("command line", "person added", "sam@example.org as author"),
        ("command line", "person removed", "sam@example.org"),
    ]
