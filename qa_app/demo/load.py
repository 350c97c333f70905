"""Loading the demo: generated Omni Channel exports through the real importers, and the
synthetic call recordings copied under the recordings root and linked by a scan."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Agent
from qa_app.demo.generator import DEFAULT_SEED, RECORDINGS_DIR, write_demo_exports
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.recordings import RecordingScan, scan_recordings
from qa_app.ingest.service import ImportReport, import_file

DEMO_USER = "demo"


@dataclass
class DemoLoad:
    seed: int
    reports: list[ImportReport] = field(default_factory=list)
    recordings: RecordingScan | None = None


def database_is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return not session.scalar(select(func.count()).select_from(Agent))


def load_demo(engine: Engine, settings: Settings, seed: int = DEFAULT_SEED) -> DemoLoad:
    """Write the demo exports for ``seed``, import them, and link the demo recordings."""
    exports = write_demo_exports(settings.home / "demo" / f"seed-{seed}", seed=seed)
    mapping = load_mapping("omni_channel", settings.mappings_dir)
    result = DemoLoad(seed=seed)
    for kind, path in (("roster", exports.roster), ("interactions", exports.interactions),
                       ("csi", exports.csi)):
        result.reports.append(import_file(engine, kind, TableSource.from_path(path), mapping,
                                          DEMO_USER))
    target = settings.recordings_dir / "demo"
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(RECORDINGS_DIR.glob("OC-REC-*")):
        shutil.copy2(source, target / source.name)
    result.recordings = scan_recordings(engine, target, settings.recordings_dir, DEMO_USER)
    return result
