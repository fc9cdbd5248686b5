"""comments filed at the office on a resident's behalf

Revision ID: 0022_assisted_comments
Revises: 0021_assisted
Create Date: 2026-12-01 16:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_assisted_comments'
down_revision = '0021_assisted'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assisted_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.Enum('paper', 'account', name='assistedkind', native_enum=False, length=20), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('paper_participant_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('form_code', sa.String(length=40), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_assisted_comment_comment_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_assisted_comment_municipality_id_municipality'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_participant_id'], ['paper_participant.id'], name=op.f('fk_assisted_comment_paper_participant_id_paper_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_assisted_comment_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_assisted_comment_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_assisted_comment_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assisted_comment')),
    sa.UniqueConstraint('comment_id', name=op.f('uq_assisted_comment_comment_id'))
    )
    with op.batch_alter_table('assisted_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assisted_comment_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_comment_paper_participant_id'), ['paper_participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_comment_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_comment_recorded_by_id'), ['recorded_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_comment_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('assisted_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assisted_comment_user_id'))
        batch_op.drop_index(batch_op.f('ix_assisted_comment_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_assisted_comment_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_assisted_comment_paper_participant_id'))
        batch_op.drop_index(batch_op.f('ix_assisted_comment_municipality_id'))
    op.drop_table('assisted_comment')
