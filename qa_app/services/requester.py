"""Who asks for a use case, as the audit log names them."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import Any

from qa_app.auth.principal import Principal
from qa_app.auth.rights import has_right

COMMAND_LINE = "cli"


@dataclass(frozen=True)
class Requester:
    """A signed-in principal (with the session of the page), or a named process such as the
    command line; ``details`` go into every audit entry made for it. ``on_behalf_of`` is the
    name a process was given for the person it works for (the command line's ``--by``)."""

    actor: Principal | str
    session_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    on_behalf_of: str | None = None

    @classmethod
    def command_line(cls, by: str = COMMAND_LINE) -> Requester:
        """The command line: actor "cli", with the operating-system user who ran it (and the
        ``--by`` name, when one was given)."""
        named = by if by != COMMAND_LINE else None
        details: dict[str, Any] = {"os_user": _os_user(), **({"by": named} if named else {})}
        return cls(COMMAND_LINE, details=details, on_behalf_of=named)

    @property
    def name(self) -> str:
        """The name for the work's own records (who imported a batch, requested a job)."""
        if self.on_behalf_of:
            return self.on_behalf_of
        return self.actor.username if isinstance(self.actor, Principal) else self.actor

    def may(self, right: str) -> bool:
        """A principal by its role; a process run on the server (the command line, the demo)
        by whoever can run it, who can read the database anyway."""
        return has_right(self.actor, right) if isinstance(self.actor, Principal) else True


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a bare container)
        return "?"
