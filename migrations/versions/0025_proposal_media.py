"""photos, a PDF and the author's updates on proposals

Revision ID: 0025_proposal_media
Revises: 0028_advisors
Create Date: 2026-12-01 17:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025_proposal_media'
down_revision = '0028_advisors'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('thumbnail_key', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('thumbnail_width', sa.Integer(), nullable=False),
    sa.Column('thumbnail_height', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('alt_text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_photo_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_proposal_photo_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_photo'))
    )
    with op.batch_alter_table('proposal_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_photo_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_photo_uploaded_by_id'), ['uploaded_by_id'], unique=False)
        batch_op.create_index('ix_proposal_photo_proposal_position', ['proposal_id', 'position'], unique=False)

    op.create_table('proposal_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('file_name', sa.String(length=160), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_document_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_proposal_document_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_document'))
    )
    with op.batch_alter_table('proposal_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_document_proposal_id'), ['proposal_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_proposal_document_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    op.create_table('proposal_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_proposal_update_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['user.id'], name=op.f('fk_proposal_update_hidden_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_update_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_update'))
    )
    with op.batch_alter_table('proposal_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_update_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_update_hidden_by_id'), ['hidden_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_update_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index('ix_proposal_update_proposal_created', ['proposal_id', 'created_at'], unique=False)


def downgrade():
    op.drop_table('proposal_update')
    op.drop_table('proposal_document')
    op.drop_table('proposal_photo')
