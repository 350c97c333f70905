"""Which pages exist and which roles may open them. Data scope is decided in scope.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa_app.vocabulary import Role


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str  # relative to the entry script, qa_app/web/app.py
    title_key: str
    icon: str
    roles: frozenset[str]
    section: str = "access.nav.section.work"


def _roles(*names: str) -> frozenset[str]:
    unknown = set(names) - set(Role)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return frozenset(names)


ALL_ROLES = frozenset(Role)
PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "../pages/home.py", "ui.nav.home", ":material/home:", ALL_ROLES),
    PageSpec("import", "../pages/import_data.py", "ui.nav.import", ":material/upload_file:",
             _roles(Role.ADMIN, Role.QCO_LEAD)),
    PageSpec("sampling", "../pages/sampling.py", "sampling_page.nav", ":material/casino:",
             _roles(Role.QCO_LEAD)),
    PageSpec("jobs", "../pages/jobs.py", "jobs.nav", ":material/pending_actions:",
             _roles(Role.QCO_LEAD, Role.QCO)),
    PageSpec("prescore_accuracy", "../pages/prescore_accuracy.py", "accuracy_page.nav",
             ":material/verified:", _roles(Role.QCO_LEAD, Role.MANAGER)),
    PageSpec("review_queue", "../pages/review_queue.py", "review.nav.queue", ":material/checklist:",
             _roles(Role.QCO, Role.QCO_LEAD)),
    PageSpec("review", "../pages/review.py", "review.nav.review", ":material/rate_review:",
             _roles(Role.QCO, Role.QCO_LEAD)),
    PageSpec("risk_flags", "../pages/risk_flags.py", "risk_flags.nav", ":material/flag:",
             _roles(Role.QCO_LEAD, Role.MANAGER)),
    PageSpec("search", "../pages/search.py", "search_page.nav", ":material/search:",
             _roles(Role.MANAGER, Role.QCO_LEAD, Role.QCO, Role.TEAM_LEAD, Role.AGENT)),
    PageSpec("categories", "../pages/categories.py", "categories_page.nav", ":material/label:",
             _roles(Role.MANAGER, Role.QCO_LEAD, Role.TEAM_LEAD)),
    PageSpec("my_evaluations", "../pages/my_evaluations.py", "disputes.nav.my_evaluations",
             ":material/fact_check:", _roles(Role.AGENT, Role.TEAM_LEAD)),
    PageSpec("disputes", "../pages/disputes.py", "disputes.nav.disputes", ":material/gavel:",
             _roles(Role.QCO_LEAD, Role.QCO)),
    PageSpec("calibration", "../pages/calibration.py", "calibration.nav.calibration",
             ":material/balance:", _roles(Role.QCO, Role.QCO_LEAD, Role.MANAGER)),
    PageSpec("grading", "../pages/grading.py", "calibration.nav.grading", ":material/grading:",
             _roles(Role.QCO_LEAD, Role.MANAGER)),
    PageSpec("reports_overview", "../pages/manager_overview.py", "reports.nav.overview",
             ":material/monitoring:", _roles(Role.MANAGER, Role.QCO_LEAD)),
    PageSpec("reports_team", "../pages/team.py", "reports.nav.team", ":material/groups:",
             _roles(Role.MANAGER, Role.QCO_LEAD, Role.TEAM_LEAD)),
    PageSpec("reports_scorecard", "../pages/scorecard.py", "reports.nav.scorecard",
             ":material/badge:", _roles(Role.MANAGER, Role.QCO_LEAD, Role.TEAM_LEAD, Role.AGENT)),
    PageSpec("account", "../pages/account.py", "access.nav.account", ":material/person:", ALL_ROLES,
             section="access.nav.section.account"),
    PageSpec("users", "../pages/users.py", "access.nav.users", ":material/group:",
             _roles(Role.ADMIN),
             section="access.nav.section.admin"),
    PageSpec("audit", "../pages/audit_log.py", "access.nav.audit", ":material/policy:",
             _roles(Role.ADMIN), section="access.nav.section.admin"),
    PageSpec("privacy", "../pages/privacy.py", "access.nav.privacy", ":material/shield_lock:",
             _roles(Role.ADMIN), section="access.nav.section.admin"),
)
PAGES_BY_KEY = {page.key: page for page in PAGES}


def pages_for(role: str) -> list[PageSpec]:
    return [page for page in PAGES if role in page.roles]


def may_open(role: str, page_key: str) -> bool:
    page = PAGES_BY_KEY.get(page_key)
    return page is not None and role in page.roles


def url_path(page: PageSpec) -> str:
    """The URL path Streamlit gives the page's file (``../pages/users.py`` → ``users``)."""
    return Path(page.path).stem


def forbidden_page(role: str, requested_path: str) -> PageSpec | None:
    """The page at ``requested_path`` when it exists and ``role`` may not open it."""
    for page in PAGES:
        if url_path(page) == requested_path.strip("/"):
            return None if role in page.roles else page
    return None
