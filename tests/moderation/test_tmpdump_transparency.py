from datetime import UTC, datetime
from participation.moderation import figures
from participation.extensions import db
from sqlalchemy.dialects import postgresql
from participation.moderation.models import Report
b = figures.month_bounds(3, datetime.now(UTC), figures.town_zone()) if False else None
def test_dump(client, db):
    from tests.moderation.test_transparency import add_activity
    add_activity(db, 20)
    from tests.querycount import counted_queries
    with counted_queries(db.engine) as s:
        r = client.get("/moderation/transparency")
    open("/tmp/tp_page.html", "w").write(r.text)
    open("/tmp/tp_sql.txt", "w").write("\n\n".join(s))
