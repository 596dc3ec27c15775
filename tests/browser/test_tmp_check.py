import pytest
from tests.browser.helpers import PAGES, assert_no_horizontal_scrolling
@pytest.mark.parametrize("case", PAGES, ids=[c.name for c in PAGES])
def test_320(pooled_page, live_server, case):
    page = pooled_page(case.role, "de", 320)
    case.visit(page, live_server, "de")
    assert_no_horizontal_scrolling(page)
def test_sanity(pooled_page):
    page = pooled_page(None, "de", 360)
    page.goto("/")
    page.evaluate("document.querySelector('h1').style.width='500px'")
    with pytest.raises(AssertionError) as e:
        assert_no_horizontal_scrolling(page)
    print(e.value)
def test_nojs(nojs_context):
    page = nojs_context.new_page()
    page.goto("/")
    print("eval:", page.evaluate("1+1"))
    page.set_content("<p id=x>a</p><script>document.getElementById('x').textContent='js ran'</script>")
    print(page.locator("#x").text_content())
