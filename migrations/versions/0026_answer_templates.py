"""answer templates, inbox reminders sent, precomputed response times

Revision ID: 0026_answer_templates
Revises: 0027_embed_origins
Create Date: 2026-12-01 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026_answer_templates'
down_revision = '0027_embed_origins'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_answer_template_municipality_id_municipality'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_answer_template_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_template')),
    sa.UniqueConstraint('municipality_id', 'title', name=op.f('uq_answer_template_municipality_id_title'))
    )
    with op.batch_alter_table('answer_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_template_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_template_updated_by_id'), ['updated_by_id'], unique=False)

    op.create_table('inbox_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('threshold_days', sa.Integer(), nullable=False),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_inbox_reminder_municipality_id_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_reminder')),
    sa.UniqueConstraint('municipality_id', 'item', 'threshold_days', name=op.f('uq_inbox_reminder_municipality_id_item_threshold_days'))
    )
    with op.batch_alter_table('inbox_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbox_reminder_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbox_reminder_sent_at'), ['sent_at'], unique=False)

    op.create_table('response_time_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('grouping_id', sa.Integer(), nullable=True),
    sa.Column('proposals', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('median_days', sa.Float(), nullable=True),
    sa.Column('p90_days', sa.Float(), nullable=True),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(municipality_id IS NULL) <> (grouping_id IS NULL)', name=op.f('ck_response_time_figures_one_place')),
    sa.ForeignKeyConstraint(['grouping_id'], ['grouping.id'], name=op.f('fk_response_time_figures_grouping_id_grouping'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_response_time_figures_municipality_id_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_time_figures')),
    sa.UniqueConstraint('grouping_id', name=op.f('uq_response_time_figures_grouping_id')),
    sa.UniqueConstraint('municipality_id', name=op.f('uq_response_time_figures_municipality_id'))
    )


def downgrade():
    op.drop_table('response_time_figures')
    with op.batch_alter_table('inbox_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbox_reminder_sent_at'))
        batch_op.drop_index(batch_op.f('ix_inbox_reminder_municipality_id'))
    op.drop_table('inbox_reminder')
    with op.batch_alter_table('answer_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_template_updated_by_id'))
        batch_op.drop_index(batch_op.f('ix_answer_template_municipality_id'))
    op.drop_table('answer_template')
