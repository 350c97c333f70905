"""report summaries: item answers per agent and month, KPI sums per agent and local day

Revision ID: 0007_report_summaries
Revises: 0006_coaching
Create Date: 2026-11-24 11:55:00.000000
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = '0007_report_summaries'
down_revision: str | None = '0006_coaching'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the evaluations finalized before this revision, tallied as the application tallied them
# then (frozen here: the migration imports nothing of the application)
COUNTED = """
SELECT e.agent_id, e.week, e.rubric_version_id, a.item_id, count(*),
       sum(CASE WHEN a.answer = 'no' THEN 1 ELSE 0 END),
       sum(CASE WHEN a.answer = 'partial' THEN 1 ELSE 0 END)
FROM evaluation e JOIN evaluation_answer a ON a.evaluation_id = e.id
WHERE e.status = 'final' AND e.kind = 'random' AND a.answer IN ('yes', 'partial', 'no')
GROUP BY e.agent_id, e.week, e.rubric_version_id, a.item_id
"""


def _month_of_week(week: str) -> str:
    """"2026-W48" → "2026-11": the month of the ISO week's Thursday."""
    thursday = date.fromisocalendar(int(week[:4]), int(week[6:8]), 4)
    return f"{thursday.year:04d}-{thursday.month:02d}"


def _fill_item_tally() -> None:
    """Per week in SQL, summed per month (its Thursday's) here."""
    bind = op.get_bind()
    sums: dict[tuple[object, ...], list[int]] = {}
    for agent_id, week, version, item_id, applicable, no, partial in bind.execute(
            sa.text(COUNTED)):
        total = sums.setdefault((agent_id, _month_of_week(week), version, item_id), [0, 0, 0])
        total[0] += int(applicable)
        total[1] += int(no)
        total[2] += int(partial)
    table = sa.table('report_item_tally', *(sa.column(name) for name in (
        'agent_id', 'month', 'rubric_version_id', 'item_id', 'applicable', 'no', 'partial')))
    rows = [dict(agent_id=key[0], month=key[1], rubric_version_id=key[2], item_id=key[3],
                 applicable=value[0], no=value[1], partial=value[2])
            for key, value in sums.items()]
    if rows:
        op.bulk_insert(table, rows)


def upgrade() -> None:
    op.create_table('report_item_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('rubric_version_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=16), nullable=False),
    sa.Column('applicable', sa.Integer(), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('partial', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], name=op.f('fk_report_item_tally_agent_id_agent')),
    sa.ForeignKeyConstraint(['rubric_version_id'], ['rubric_version.id'], name=op.f('fk_report_item_tally_rubric_version_id_rubric_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_item_tally')),
    sa.UniqueConstraint('agent_id', 'month', 'rubric_version_id', 'item_id', name='uq_report_item_tally_key')
    )
    with op.batch_alter_table('report_item_tally', schema=None) as batch_op:
        batch_op.create_index('ix_report_item_tally_month', ['month'], unique=False)
    _fill_item_tally()
    # counted on the first import or by `python -m qa_app reports rebuild` (it needs the
    # zone and KPI settings); until then the reports read the interactions
    op.create_table('report_kpi_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('offered', sa.Integer(), nullable=False),
    sa.Column('handled', sa.Integer(), nullable=False),
    sa.Column('handle_seconds', sa.Float(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('response_seconds', sa.Float(), nullable=False),
    sa.Column('responses_within', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], name=op.f('fk_report_kpi_day_agent_id_agent')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_kpi_day')),
    sa.UniqueConstraint('day', 'agent_id', name='uq_report_kpi_day_key')
    )
    op.create_table('report_summary_basis',
    sa.Column('summary', sa.String(length=32), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('summary', name=op.f('pk_report_summary_basis'))
    )


def downgrade() -> None:
    op.drop_table('report_summary_basis')
    op.drop_table('report_kpi_day')
    with op.batch_alter_table('report_item_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_report_item_tally_month')

    op.drop_table('report_item_tally')
