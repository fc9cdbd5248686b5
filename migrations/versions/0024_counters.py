"""stored counters (supports, comments, followers, consultation results) and Markdown rendered once

Revision ID: 0024_counters
Revises: 0023_bundled_notifications
Create Date: 2026-12-01 18:00:00

Adds the counter columns and tables, creates the triggers that keep them
(participation/common/counters.py and each domain's counters module), counts
the existing rows into them, adds a "<column>_html" beside every Markdown
column and renders the existing texts into it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_counters'
down_revision = '0023_bundled_notifications'
branch_labels = None
depends_on = None

# (table, Markdown column) pairs that keep their rendered HTML in "<column>_html".
RENDERED = (
    ("proposal", "body"),
    ("official_answer", "body"),
    ("comment", "body"),
    ("consultation", "introduction"),
    ("agreement", "summary"),
    ("project", "description"),
    ("project_update", "body"),
    ("good_practice", "body"),
)

COUNTER_COLUMNS = (
    ("proposal", "supporter_count"),
    ("proposal", "supporting_municipality_count"),
    ("thread", "comment_count"),
    ("thread", "for_count"),
    ("thread", "against_count"),
    ("thread", "neutral_count"),
)


def _counter_sets():
    # Imported here: the trigger definitions live beside the code that reads the counters.
    import participation.comments.counters  # noqa: F401
    import participation.consultations.counters  # noqa: F401
    import participation.follows.counters  # noqa: F401
    import participation.proposals.counters  # noqa: F401
    from participation.common import counters

    return counters


def upgrade():
    for table, column in COUNTER_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), server_default='0', nullable=False))
    for table, column in RENDERED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(f'{column}_html', sa.Text(), server_default='', nullable=False))

    op.create_table('proposal_support_count',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('supporters', sa.Integer(), server_default='0', nullable=False),
    sa.Column('paper_supporters', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_proposal_support_count_municipality_id_municipality'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_support_count_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'municipality_id', name=op.f('pk_proposal_support_count'))
    )
    op.create_table('follower_count',
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('followers', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('subject_type', 'subject_id', name=op.f('pk_follower_count'))
    )
    op.create_table('consultation_tally',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rank_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('first_places', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_tally_consultation_id_consultation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', 'kind', 'question_id', 'key', 'municipality_id', 'source', name=op.f('pk_consultation_tally'))
    )
    with op.batch_alter_table('consultation_answer', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_answer_texts', ['question_id', 'id'], unique=False,
                              postgresql_where=sa.text('text IS NOT NULL'), sqlite_where=sa.text('text IS NOT NULL'))

    bind = op.get_bind()
    counters = _counter_sets()
    counters.install(bind)
    counters.repair(bind)
    _render_existing(bind)


def _render_existing(bind, batch=1000):
    from participation.common.markdown import render_markdown

    for table, column in RENDERED:
        last_id = 0
        while True:
            rows = bind.execute(sa.text(
                f'SELECT id, {column} FROM {table} WHERE id > :last ORDER BY id LIMIT {batch}'
            ), {"last": last_id}).all()
            if not rows:
                break
            updates = [{"id": row_id, "html": str(render_markdown(text))} for row_id, text in rows if text]
            if updates:
                bind.execute(sa.text(f'UPDATE {table} SET {column}_html = :html WHERE id = :id'), updates)
            last_id = rows[-1][0]


def downgrade():
    counters = _counter_sets()
    counters.uninstall(op.get_bind())
    with op.batch_alter_table('consultation_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_answer_texts', postgresql_where=sa.text('text IS NOT NULL'),
                            sqlite_where=sa.text('text IS NOT NULL'))
    op.drop_table('consultation_tally')
    op.drop_table('follower_count')
    op.drop_table('proposal_support_count')
    for table, column in RENDERED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(f'{column}_html')
    for table, column in COUNTER_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
