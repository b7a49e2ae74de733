"""Triggers that keep the audit log append-only in the database itself, for anyone writing
SQL and not only for the application's model: events are never updated or deleted, and the
chain's head is never deleted (it is updated at each append). On PostgreSQL, TRUNCATE of
either table is refused too."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

EVENTS = "audit_auditevent"
HEAD = "audit_chainhead"

_CREATE = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: % of % refused', TG_OP, TG_TABLE_NAME;
        END $$
        """,
        f"""
        CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {EVENTS}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()
        """,
        f"""
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {EVENTS}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
        """,
        f"""
        CREATE TRIGGER audit_head_kept BEFORE DELETE ON {HEAD}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()
        """,
        f"""
        CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON {HEAD}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
        """,
    ],
    "sqlite": [
        f"""
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON {EVENTS}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END
        """,
        f"""
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON {EVENTS}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END
        """,
        f"""
        CREATE TRIGGER audit_head_kept BEFORE DELETE ON {HEAD}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE of the head refused');
        END
        """,
    ],
}
_DROP = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_append_only ON {EVENTS}",
        f"DROP TRIGGER IF EXISTS audit_no_truncate ON {EVENTS}",
        f"DROP TRIGGER IF EXISTS audit_head_kept ON {HEAD}",
        f"DROP TRIGGER IF EXISTS audit_head_no_truncate ON {HEAD}",
        "DROP FUNCTION IF EXISTS audit_append_only()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_no_update",
        "DROP TRIGGER IF EXISTS audit_no_delete",
        "DROP TRIGGER IF EXISTS audit_head_kept",
    ],
}


def create(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _CREATE)


def drop(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _DROP)


def _run(connection: BaseDatabaseWrapper, statements: dict[str, list[str]]) -> None:
    if connection.vendor not in statements:
        raise NotImplementedError(f"no append-only triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements[connection.vendor]:
            cursor.execute(sql)
