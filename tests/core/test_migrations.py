"""`flask db upgrade` on an empty database gives exactly the models' schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from participation import create_app
from participation.core.models import include_migration_name, render_migration_item
from participation.extensions import db
from tests import dbutil
from tests.conftest import TMP


def test_migrations_match_the_models():
    url = dbutil.create_database(TMP, "migrations")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection,
                    opts={
                        "compare_type": True,
                        "render_item": render_migration_item,
                        "include_name": include_migration_name,
                    },
                )
                diff = compare_metadata(context, db.metadata)
            assert diff == []
            tables = set(inspect(db.engine).get_table_names())
            assert {"users", "user_roles", "audit_log", "alembic_version"} <= tables
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()
    finally:
        create_engine(url).dispose()
        dbutil.drop_database(url)
