"""site search: stems of proposals, agreements, projects, good practice and consultations

Revision ID: 0031_search
Revises: 0026_answer_templates
Create Date: 2026-12-01 21:40:00

Adds `search_index` (the folded, stemmed words that site search matches,
participation/common/search.py) to the searchable tables, fills it for every
existing row, and on PostgreSQL adds a GIN index over its tsvector.
"""
from alembic import op
import sqlalchemy as sa

from participation.common.search import index_text


# revision identifiers, used by Alembic.
revision = '0031_search'
down_revision = '0026_answer_templates'
branch_labels = None
depends_on = None

# table -> the columns whose words are searched (the models' __search_fields__)
SEARCHED = {
    'proposal': ('title', 'body'),
    'agreement': ('title', 'summary'),
    'project': ('title', 'description', 'place_name'),
    'good_practice': ('title', 'summary', 'body'),
    'consultation': ('title', 'introduction'),
}
BATCH = 500


def _backfill(connection, table_name, fields):
    table = sa.table(table_name, sa.column('id'), sa.column('search_index'), *(sa.column(f) for f in fields))
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(table.c.id, *(table.c[f] for f in fields))
            .where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            table.update().where(table.c.id == sa.bindparam('row_id')),
            [{'row_id': row[0], 'search_index': index_text(*row[1:])} for row in rows],
        )
        last_id = rows[-1][0]


def upgrade():
    connection = op.get_bind()
    for table_name, fields in SEARCHED.items():
        op.add_column(table_name, sa.Column('search_index', sa.Text(), server_default='', nullable=False))
        _backfill(connection, table_name, fields)
        if connection.dialect.name == 'postgresql':
            op.create_index(f'ix_{table_name}_search_index', table_name,
                            [sa.text("to_tsvector('simple', search_index)")], postgresql_using='gin')


def downgrade():
    connection = op.get_bind()
    for table_name in SEARCHED:
        if connection.dialect.name == 'postgresql':
            op.drop_index(f'ix_{table_name}_search_index', table_name=table_name)
        # A plain DROP COLUMN (SQLite 3.35+): a batch copy of `proposal` would break the
        # counters' triggers that name it (docs/features/counters.md).
        op.execute(f'ALTER TABLE {table_name} DROP COLUMN search_index')
