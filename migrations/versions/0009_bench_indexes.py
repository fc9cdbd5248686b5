"""benchmark indexes: a municipality's proposals, public proposals, consultation respondents

Found by bench/load.py at region scale (docs/benchmarks.md): counting a
town's public proposals and the respondents of a large consultation now read
indexes alone.

Revision ID: 0009_bench_indexes
Revises: 0011_referrals
Create Date: 2026-11-27 19:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_bench_indexes'
down_revision = '0011_referrals'
branch_labels = None
depends_on = None

PUBLIC_CONDITION = "status <> 'draft' AND hidden_at IS NULL"


def upgrade():
    with op.batch_alter_table('proposal_municipality', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_municipality_municipality_proposal',
                              ['municipality_id', 'proposal_id'], unique=False)
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_public_id', ['id'], unique=False,
                              postgresql_where=sa.text(PUBLIC_CONDITION), sqlite_where=sa.text(PUBLIC_CONDITION))
    with op.batch_alter_table('consultation_answer', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_answer_respondents',
                              ['consultation_id', 'question_id', 'municipality_id', 'source', 'response_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('consultation_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_answer_respondents')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_public_id')
    with op.batch_alter_table('proposal_municipality', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_municipality_municipality_proposal')
