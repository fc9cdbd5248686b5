"""map: a project's route (a GeoJSON LineString)

Revision ID: 0015_map
Revises: 0012_localities
Create Date: 2026-12-01 14:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_map'
down_revision = '0012_localities'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('route', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('route')
