from participation.moderation import bulk
from participation.comments import services as cs

def test_stale(client, login_as, comment, report_by, item_of, decide, make_user, db):
    report_by("comment", comment.id)
    item = item_of("comment", comment)
    v = item.version
    other = make_user(roles=("moderator",))
    decide(item, other, "dismiss")
    login_as("moderator")
    r = client.post(f"/moderation/items/{item.id}", data={"version": v, "action": "dismiss"})
    print(r.status_code, r.text[r.text.find("kern-alert"):][:800])
    r = client.post(f"/moderation/items/{item.id}", data={"version": item.version, "action": "restore"})
    print(r.status_code, r.text[r.text.find("kern-alert"):][:800])

def test_bulk(client, login_as, proposal, author, report_by, item_of, db):
    c1 = cs.post_comment(proposal.thread, author, "spam 1")
    c2 = cs.post_comment(proposal.thread, author, "spam 2")
    report_by("comment", c1.id); report_by("comment", c2.id)
    mod = login_as("moderator")
    out = bulk.decide_many([item_of("comment", c1).id, item_of("comment", c2).id], mod, "hide_suspend")
    print(out.decided, out.skipped, c1.state, c2.state)
