import time

from tests.browser.helpers import AXE_OPTIONS, AXE_URL

T = [time.time()]


def lap(label):
    now = time.time()
    print(f"{label} {now - T[0]:.2f}", end=" | ")
    T[0] = now


def test_t(pooled_page, live_server):
    pooled_page(None, "de", 1280).close()
    for path in ["/", "/impressum", "/account/signin", "/"]:
        lap("\nstart")
        page = pooled_page(None, "de", 1280)
        lap("page")
        page.goto(path)
        lap("goto")
        page.add_script_tag(url=AXE_URL)
        lap("add")
        page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        lap("run")
        page.close()
        lap("close")
