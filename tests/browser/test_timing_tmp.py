import time
from tests.browser.helpers import AXE_URL, AXE_OPTIONS
def test_t(new_page, live_server):
    t=time.time()
    page = new_page(1280)
    print("ctx", time.time()-t)
    page.on("requestfinished", lambda r: print(r.url, {k: round(v) for k, v in r.timing.items()}, len(r.response().body()) if r.response() else None))
    t=time.time(); page.goto("/"); t1=time.time(); print("goto", t1-t)
    page.wait_for_load_state("load"); print("load", time.time()-t)
