"""The store's tables as they stood when migrations began (strategies and revisions, members
and links, presence and preferences, workshops).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_clashes",
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("clashes", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("strategy_id", "email"),
    )
    op.create_table(
        "presence",
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        sa.Column("session_id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("strategy_id", "session_id"),
    )
    op.create_table(
        "revision_changes",
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("strategy_id", "revision"),
    )
    op.create_table(
        "revisions",
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("strategy_id", "revision"),
    )
    op.create_table(
        "share_links",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("share_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_share_links_strategy_id"), ["strategy_id"], unique=False)

    op.create_table(
        "strategies",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("territory", sa.String(length=300), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "strategy_members",
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=320), nullable=False),
        sa.PrimaryKeyConstraint("strategy_id", "email"),
    )
    op.create_table(
        "user_preferences",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("presenting", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email"),
    )
    op.create_table(
        "workshop_attempts",
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("workshop_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_attempts_client"), ["client"], unique=False)

    op.create_table(
        "workshop_ballots",
        sa.Column("session_id", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("item", sa.String(length=300), nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "participant_id", "item", "criterion"),
    )
    op.create_table(
        "workshop_clients",
        sa.Column("session_id", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("workshop_clients", schema=None) as batch_op:
        batch_op.create_index("workshop_clients_by_client", ["session_id", "client"], unique=False)

    op.create_table(
        "workshop_exclusions",
        sa.Column("session_id", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "participant_id"),
    )
    op.create_table(
        "workshop_participants",
        sa.Column("session_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "id"),
    )
    op.create_table(
        "workshop_sessions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("written_back", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("workshop_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_sessions_strategy_id"), ["strategy_id"], unique=False)

    op.create_table(
        "workshop_submissions",
        sa.Column("session_id", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("workshop_submissions", schema=None) as batch_op:
        batch_op.create_index(
            "workshop_submissions_by_participant", ["session_id", "participant_id", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("workshop_submissions", schema=None) as batch_op:
        batch_op.drop_index("workshop_submissions_by_participant")

    op.drop_table("workshop_submissions")
    with op.batch_alter_table("workshop_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_sessions_strategy_id"))

    op.drop_table("workshop_sessions")
    op.drop_table("workshop_participants")
    op.drop_table("workshop_exclusions")
    with op.batch_alter_table("workshop_clients", schema=None) as batch_op:
        batch_op.drop_index("workshop_clients_by_client")

    op.drop_table("workshop_clients")
    op.drop_table("workshop_ballots")
    with op.batch_alter_table("workshop_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_attempts_client"))

    op.drop_table("workshop_attempts")
    op.drop_table("user_preferences")
    op.drop_table("strategy_members")
    op.drop_table("strategies")
    with op.batch_alter_table("share_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_share_links_strategy_id"))

    op.drop_table("share_links")
    op.drop_table("revisions")
    op.drop_table("revision_changes")
    op.drop_table("presence")
    op.drop_table("pending_clashes")
