"""Which QCOs a week's samples are shared among: the QCO lead's choice, kept with each draw.

The lead picks the pool on the sampling page; the draw stores it (``parameters["reviewers"]``)
and the next draw offers the same pool again, so an account created since joins the
assignment only when the lead adds it. A draw made without a choice (the CLI, the Monday
task) uses the last stored pool; only the very first draw, with no choice on record, takes
every available reviewer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import UserAccount
from qa_app.db.sampling_models import SampleDraw
from qa_app.sampling import store
from qa_app.sampling.rules import AssignmentRules
from qa_app.sampling.weeks import IsoWeek

POOL_PARAMETER = "reviewers"


@dataclass(frozen=True)
class PoolChoice:
    available: dict[int, str]  # reviewer id → display name: may review the week
    proposed: list[int]        # the last stored pool among them (every one on a first draw)


def last_pool(session: Session) -> list[int] | None:
    """The reviewer ids the latest draw that recorded a pool was shared among."""
    for parameters in session.scalars(select(SampleDraw.parameters)
                                      .order_by(SampleDraw.created_at.desc(),
                                                SampleDraw.id.desc())):
        pool = (parameters or {}).get(POOL_PARAMETER)
        if pool is not None:
            return [int(reviewer) for reviewer in pool]
    return None


def pool_choice(session: Session, week: IsoWeek, rules: AssignmentRules) -> PoolChoice:
    ids = store.available_reviewers(session, rules.reviewer_roles,
                                    week.shifted(rules.review_week_offset))
    names = dict(session.execute(select(UserAccount.id, UserAccount.display_name)
                                 .where(UserAccount.id.in_(ids))).all())
    available = {reviewer: names[reviewer] for reviewer in sorted(ids, key=names.__getitem__)}
    previous = last_pool(session)
    proposed = list(available) if previous is None else [
        reviewer for reviewer in available if reviewer in set(previous)]
    return PoolChoice(available, proposed)


def reviewers_for_draw(choice: PoolChoice, chosen: Collection[int] | None
                       ) -> tuple[list[int], list[int]]:
    """(the pool to record, the reviewers who get samples) for the lead's ``chosen`` ids,
    or the proposed pool when there is no choice."""
    pool = sorted(choice.proposed if chosen is None else set(chosen))
    return pool, [reviewer for reviewer in sorted(choice.available) if reviewer in set(pool)]
