"""Watching a Chromium page for a payload that got to run (tests/browser/test_xss.py).

What counts: a dialog (alert, confirm, prompt; print is caught by a hook), the sentinel
"__xss__" in the console, window.__xss set, document.title set to "__xss__", a Content
Security Policy violation (the CSP forbids inline code, so an injected handler or script is
reported by the browser instead of run), a frame navigating to a javascript: or data: address
or away from the site, a request to another host (a refresh, a base or a form taking the
visitor elsewhere), a popup; and, read from the live DOM after the page settled, any element
that could run code or lead away: an event handler attribute, a javascript:, vbscript: or
data: address, a script that is not the app's own, a frame, an object, a base or a refresh.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

# Runs in every frame before the page's own scripts (Playwright's init scripts are not subject
# to the page's CSP).
HOOKS = """
(() => {
  const seen = [];
  Object.defineProperty(window, "__xssSeen", { value: seen });
  document.addEventListener("securitypolicyviolation", (event) => {
    seen.push(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
      + ` (${(event.sample || "").slice(0, 80)})`);
  }, true);
  window.print = () => { seen.push("print() was called"); };
})();
"""

# Read after load and two animation frames (autofocus, image errors and SVG animations fire
# by then).
AUDIT = """
async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const found = [...window.__xssSeen];
  if (window.__xss !== undefined) found.push(`window.__xss is ${String(window.__xss)}`);
  if (document.title === "__xss__") found.push("document.title was set");
  const show = (el) => el.outerHTML.slice(0, 160);
  // A feed is shown as text in Chromium's own <pre style=…>: only its markup counts.
  const markup = ["text/html", "application/xhtml+xml"].includes(document.contentType);
  const bad = /^(javascript|vbscript|data):/;
  const scheme = (value) => value.replace(/[\\u0000-\\u0020\\u007f]/g, "").toLowerCase();
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`handler ${name}: ${show(el)}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name)
          && bad.test(scheme(attr.value))) found.push(`address in ${name}: ${show(el)}`);
      if (name === "style" && markup) found.push(`style attribute: ${show(el)}`);
    }
  }
  const own = new URL("/static/", location.href).href;
  for (const script of document.scripts) {
    if (!script.src || !script.src.startsWith(own)) found.push(`script: ${show(script)}`);
  }
  const foreign = "iframe, frame, object, embed, base, style, meta[http-equiv]";
  for (const el of document.querySelectorAll(foreign)) {
    const ownRefresh = el.matches("noscript meta[http-equiv=refresh]");
    if (!ownRefresh) found.push(`element: ${show(el)}`);
  }
  return found;
}
"""


class Watcher:
    """Collect what happens on the pages of one browser context."""

    def __init__(self, context: BrowserContext, origin: str):
        self.origin = origin
        self.events: list[str] = []
        context.add_init_script(HOOKS)
        context.on("request", self.on_request)
        context.on("page", lambda page: self.events.append(f"a new page opened: {page.url}"))

    def watch(self, page: Page) -> Page:
        """Listen to dialogs, the console and navigations of `page`."""
        page.on("dialog", self.on_dialog)
        page.on("console", self.on_console)
        page.on("framenavigated", self.on_navigation)
        return page

    def on_dialog(self, dialog) -> None:
        self.events.append(f"a {dialog.type} dialog: {dialog.message!r}")
        dialog.dismiss()

    def on_console(self, message) -> None:
        if "__xss__" in message.text or "Content Security Policy" in message.text:
            self.events.append(f"console {message.type}: {message.text[:200]}")

    def on_navigation(self, frame) -> None:
        url = frame.url
        if url.startswith(("javascript:", "data:", "vbscript:")) or not (
            url.startswith(self.origin) or url in ("about:blank", "about:srcdoc")
        ):
            self.events.append(f"a frame went to {url[:120]}")

    def on_request(self, request) -> None:
        if not request.url.startswith((self.origin, "data:")):
            self.events.append(f"a request to another host: {request.url[:120]}")

    def check(self, page: Page, path: str, expected: int | None = 200) -> list[str]:
        """Open `path` and return everything suspicious that happened or is in the page;
        `expected` is its status (None: 200, or 400 for a search its form refuses)."""
        self.events.clear()
        response = page.goto(path, wait_until="load")
        status = response.status if response else None
        found = (
            [] if status in ((expected,) if expected else (200, 400)) else [f"answered {status}"]
        )
        try:
            found += page.evaluate(AUDIT)
        except PlaywrightError as error:  # e.g. a refresh took the page elsewhere meanwhile
            found.append(f"the page could not be checked: {str(error).splitlines()[0]}")
        return found + self.events
