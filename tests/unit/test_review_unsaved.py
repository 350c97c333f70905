"""A refused save's own changes: what differs from the version the form was read from, and
that version's successor with those changes put back on top."""

from __future__ import annotations

import pytest

from qa_app.review.answers import ItemAnswer
from qa_app.review.unsaved import Contents, UnsavedChanges, combined, reapplied, unsaved_changes

READ = Contents({"O1": ItemAnswer("no"), "K2": ItemAnswer(None, "", "nada datar"),
                 "K3": ItemAnswer("yes")}, "cukup baik")


@pytest.mark.parametrize(("left", "expected"), [
    (READ, UnsavedChanges({})),
    (Contents({**READ.answers, "K2": ItemAnswer(None, " ", " nada datar ")}, " cukup baik "),
     UnsavedChanges({})),  # stored texts are stripped: spacing alone is no change
    (Contents({**READ.answers, "O1": ItemAnswer("yes", "salam ada")}, "cukup baik"),
     UnsavedChanges({"O1": ItemAnswer("yes", "salam ada")})),
    (Contents({**READ.answers, "K2": ItemAnswer(None, "", "")}, ""),
     UnsavedChanges({"K2": ItemAnswer(None, "", "")}, "")),  # clearing texts is a change
    (Contents({**READ.answers, "K3": ItemAnswer(None)}, "bagus"),
     UnsavedChanges({"K3": ItemAnswer(None)}, "bagus")),
])
def test_unsaved_changes_are_the_answers_that_differ_from_the_version_read(
        left: Contents, expected: UnsavedChanges) -> None:
    assert unsaved_changes(READ, left) == expected


def test_the_count_includes_a_changed_overall_comment() -> None:
    assert UnsavedChanges({"O1": ItemAnswer("yes")}).count == 1
    assert UnsavedChanges({"O1": ItemAnswer("yes")}, "").count == 2


def test_reapplied_changes_keep_what_the_other_writer_changed_elsewhere() -> None:
    latest = Contents({**READ.answers, "K3": ItemAnswer("partial", "kata gak")}, "dari lead")
    mine = unsaved_changes(READ, Contents({**READ.answers, "O1": ItemAnswer("yes", "salam")},
                                          READ.overall_comment))
    assert reapplied(mine, latest) == Contents(
        {"O1": ItemAnswer("yes", "salam"), "K2": READ.answers["K2"],
         "K3": ItemAnswer("partial", "kata gak")}, "dari lead")
    assert reapplied(UnsavedChanges({}, "punya saya"), latest).overall_comment == "punya saya"


def test_changes_pending_from_an_earlier_refusal_combine_with_newer_ones() -> None:
    older = UnsavedChanges({"O1": ItemAnswer("yes"), "K2": ItemAnswer(None, "", "a")}, "lama")
    newer = UnsavedChanges({"K2": ItemAnswer("no", "", "b")})
    assert combined(older, newer) == UnsavedChanges(
        {"O1": ItemAnswer("yes"), "K2": ItemAnswer("no", "", "b")}, "lama")
    assert combined(older, UnsavedChanges({}, "baru")).overall_comment == "baru"
