"""Items belong to their form: item ids repeat across forms (P1 of the chat form is not P1 of
the outbound form), so wherever answers of several evaluations meet — the Pareto, CSI per
item, coaching follow-up — an item is named by its form *and* its id.

The form is the rubric's ``id`` (``chat``, ``voice_inbound``, ``voice_outbound``): it stays the
same across the form's versions, so a reworded item still counts as itself. A single
evaluation's wording comes from its own rubric version (``qa_app.review.store.form_of``).
"""

from __future__ import annotations

from typing import NamedTuple

ITEM_KEY_COLUMNS = ["form", "item_id"]  # the columns that name an item in the report frames


class ItemKey(NamedTuple):
    form: str  # the rubric's id
    item_id: str


def newest_texts(versions: list[tuple[str, dict[str, str]]]) -> dict[ItemKey, str]:
    """(form, item) → text from (rubric id, item id → text) of stored versions, oldest first:
    the newest version's wording of each item wins within its form, never across forms."""
    return {ItemKey(form, item): text for form, texts in versions for item, text in texts.items()}
