"""When the review screen is in calibration mode: only while the sample it showed when the
item was chosen is still the current one."""

from __future__ import annotations

from typing import Any

from qa_app.web.calibration_review import ITEM_KEY, active_item, choose

SAMPLE = "review_sample_id"


def test_the_chosen_item_is_shown_until_another_sample_is_opened() -> None:
    state: dict[str, Any] = {SAMPLE: 4}
    assert active_item(state, SAMPLE) is None
    choose(state, 12, SAMPLE)
    assert active_item(state, SAMPLE) == 12
    assert active_item(state, SAMPLE) == 12  # reruns keep the mode
    state[SAMPLE] = 5  # the queue opened another sample
    assert active_item(state, SAMPLE) is None
    assert ITEM_KEY not in state
