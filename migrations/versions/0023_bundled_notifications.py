"""bundled notifications (one per person and item, with counts) and following localities

Existing notifications keep no subject: each still tells its one event.

Revision ID: 0023_bundled_notifications
Revises: 0022_assisted_comments
Create Date: 2026-12-01 17:35:26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_bundled_notifications'
down_revision = '0022_assisted_comments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notification.id'], name=op.f('fk_notification_tally_notification_id_notification'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_tally')),
    sa.UniqueConstraint('notification_id', 'kind', name=op.f('uq_notification_tally_notification_id_kind'))
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locality_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_follow_locality_id'), ['locality_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_follow_user_id_locality_id'), ['user_id', 'locality_id'])
        batch_op.create_foreign_key(batch_op.f('fk_follow_locality_id_locality'), 'locality', ['locality_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_type', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('event_count', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_notification_user_id_event_id'), type_='unique')
        batch_op.create_index('ix_notification_user_updated', ['user_id', 'updated_at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_notification_user_id_subject_type_subject_id'), ['user_id', 'subject_type', 'subject_id'])

    op.execute("UPDATE notification SET updated_at = created_at")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('event_count', existing_type=sa.Integer(), server_default=None)


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notification_user_id_subject_type_subject_id'), type_='unique')
        batch_op.drop_index('ix_notification_user_updated')
        batch_op.create_unique_constraint(batch_op.f('uq_notification_user_id_event_id'), ['user_id', 'event_id'])
        batch_op.drop_column('updated_at')
        batch_op.drop_column('event_count')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_type')

    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_follow_locality_id_locality'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_follow_user_id_locality_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_follow_locality_id'))
        batch_op.drop_column('locality_id')

    op.drop_table('notification_tally')
