import time
from pathlib import Path
from tests.browser.helpers import AXE_URL, AXE_OPTIONS
SRC = Path("static/vendor/axe-core/axe.min.js").read_text()
OPTS = dict(AXE_OPTIONS, resultTypes=["violations"])
T=[time.time()]
def lap(label):
    now=time.time(); print(f"{label} {now-T[0]:.2f}", end=" | "); T[0]=now
def test_t(pooled_page, live_server, new_context):
    pooled_page(None, "de", 1280).close()
    for path in ["/", "/impressum", "/account/signin", "/"]:
        lap("\nurl")
        page = pooled_page(None, "de", 1280);
        page.goto(path); lap("goto")
        page.add_script_tag(url=AXE_URL); lap("add")
        page.evaluate("options => axe.run(document, options).then(r => r.violations)", OPTS); lap("run")
        page.close()
    for path in ["/", "/impressum", "/account/signin", "/"]:
        lap("\neval")
        page = pooled_page(None, "de", 1280);
        page.goto(path); lap("goto")
        page.evaluate(SRC); lap("add")
        page.evaluate("options => axe.run(document, options).then(r => r.violations)", OPTS); lap("run")
        page.close()
    ctx = new_context(1280)
    ctx.add_init_script(script=SRC)
    for path in ["/", "/impressum", "/account/signin", "/"]:
        lap("\ninit")
        page = ctx.new_page()
        page.goto(path); lap("goto")
        page.evaluate("options => axe.run(document, options).then(r => r.violations)", OPTS); lap("run")
        page.close()
