"""web addresses allowed to embed a municipality's widget

Revision ID: 0027_embed_origins
Revises: 0025_proposal_media
Create Date: 2026-12-01 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027_embed_origins'
down_revision = '0025_proposal_media'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('embed_origin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=272), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_embed_origin_added_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_embed_origin_municipality_id_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_embed_origin')),
    sa.UniqueConstraint('municipality_id', 'origin', name=op.f('uq_embed_origin_municipality_id_origin'))
    )
    with op.batch_alter_table('embed_origin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_embed_origin_added_by_id'), ['added_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_embed_origin_municipality_id'), ['municipality_id'], unique=False)


def downgrade():
    with op.batch_alter_table('embed_origin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_embed_origin_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_embed_origin_added_by_id'))

    op.drop_table('embed_origin')
