"""operators answer connection reports: confirm, or dispute for the municipality to decide

Revision ID: 0032_report_answers
Revises: 0031_search
Create Date: 2026-12-01 23:15:00

Creates `report_answer` only (no existing table is altered).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0032_report_answers'
down_revision = '0031_search'
branch_labels = None
depends_on = None

INDEXED = ('report_id', 'operator_id', 'answered_by_id', 'created_at', 'decided_by_id')


def upgrade():
    op.create_table('report_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('confirm', 'dispute', name='reportanswerkind', native_enum=False, length=20), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('upheld', sa.Boolean(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['connection_report.id'], name=op.f('fk_report_answer_report_id_connection_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], name=op.f('fk_report_answer_operator_id_operator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_report_answer_answered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_report_answer_decided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_answer')),
    sa.UniqueConstraint('report_id', 'operator_id', name='uq_report_answer_operator')
    )
    for column in INDEXED:
        op.create_index(op.f(f'ix_report_answer_{column}'), 'report_answer', [column], unique=False)


def downgrade():
    for column in INDEXED:
        op.drop_index(op.f(f'ix_report_answer_{column}'), table_name='report_answer')
    op.drop_table('report_answer')
