"""Who may raise a dispute and who may rule on it, and what a ruling does to an answer.

The scope rule (which evaluations a principal can read at all) stays in auth/scope.py; these
rules only decide, for an evaluation the principal can already read, whether they may act.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from qa_app.disputes.errors import DisputeError, DisputeNotAllowed
from qa_app.vocabulary import HumanAnswer, Role

RULINGS = ("accepted", "partly_accepted", "rejected")
UPHELD = ("accepted", "partly_accepted")  # the dispute was (at least partly) right
DEFAULT_NEW_ANSWER = {"accepted": HumanAnswer.YES.value,
                      "partly_accepted": HumanAnswer.PARTIAL.value}


@dataclass(frozen=True)
class Actor:
    """The plain facts about who acts: role, account, own agent row, coached teams."""

    role: str
    user_id: int
    agent_id: int | None = None
    team_ids: frozenset[int] = frozenset()


def check_may_raise(actor: Actor, agent_id: int, agent_team_id: int | None) -> bool:
    """True when the agent raises on their own evaluation, False when their team lead raises
    on the agent's behalf; :class:`DisputeNotAllowed` for anyone else."""
    if actor.role == Role.AGENT and actor.agent_id == agent_id:
        return False
    if actor.role == Role.TEAM_LEAD and agent_team_id is not None \
            and agent_team_id in actor.team_ids:
        return True
    raise DisputeNotAllowed("disputes.error.raise_not_allowed")


def may_rule(actor: Actor, reviewer_id: int) -> bool:
    """The QCO lead, or a QCO other than the evaluation's reviewer."""
    if actor.role == Role.QCO_LEAD:
        return True
    return actor.role == Role.QCO and actor.user_id != reviewer_id


def check_items(named: Collection[str], form_items: Collection[str]) -> None:
    if not named:
        raise DisputeError("disputes.error.no_items")
    unknown = sorted(set(named) - set(form_items))
    if unknown:
        raise DisputeError("disputes.error.unknown_items", items=unknown)


@dataclass(frozen=True)
class ItemRuling:
    ruling: str
    reason: str
    new_answer: str | None = None  # for accepted / partly accepted; a default when None


def new_answer(item_id: str, given: ItemRuling, scale: Collection[str]) -> str | None:
    """The answer an item gets from its ruling (None: rejected, the answer stays)."""
    if given.ruling not in RULINGS:
        raise DisputeError("disputes.error.unknown_ruling", item=item_id, ruling=given.ruling)
    if not given.reason.strip():
        raise DisputeError("disputes.error.ruling_reason", item=item_id)
    if given.ruling == "rejected":
        return None
    answer = given.new_answer or DEFAULT_NEW_ANSWER[given.ruling]
    if answer not in scale:
        raise DisputeError("disputes.error.answer_not_in_scale", item=item_id, answer=answer,
                           scale=sorted(scale))
    return answer
